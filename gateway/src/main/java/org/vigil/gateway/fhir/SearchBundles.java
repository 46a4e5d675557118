package org.vigil.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.vigil.gateway.storage.Page;

/** Builds searchset Bundles of stored resources, with self, next and previous links under the public base. */
final class SearchBundles {

    private static final List<String> OBSERVATION_FILTERS = List.of("subject", "code", "date");

    private final FhirContext fhirContext;
    private final String base;
    private final Clock clock;

    SearchBundles(FhirContext fhirContext, String base, Clock clock) {
        this.fhirContext = fhirContext;
        this.base = base;
        this.clock = clock;
    }

    /** One page of an Observation search; the links repeat the client's filters. */
    Bundle observations(Page<String> page, ObservationSearch search, FhirSearchParameters parameters) {
        int offset = search.offset();
        int count = search.count();
        Bundle bundle = searchset("Observation", page.items());
        bundle.addLink().setRelation("self").setUrl(observationUrl(parameters, offset, count));
        if (page.hasMore()) {
            bundle.addLink().setRelation("next").setUrl(observationUrl(parameters, offset + count, count));
        }
        if (offset > 0) {
            bundle.addLink().setRelation("previous").setUrl(observationUrl(parameters, Math.max(0, offset - count), count));
        }
        return bundle;
    }

    Bundle byIdentifier(String type, String identifier, List<String> found) {
        Bundle bundle = searchset(type, found);
        bundle.addLink().setRelation("self").setUrl(base + "/" + type + "?identifier=" + encode(identifier));
        return bundle;
    }

    Bundle byReference(String type, String parameter, String reference, List<String> found) {
        Bundle bundle = searchset(type, found);
        bundle.addLink().setRelation("self").setUrl(base + "/" + type + "?" + parameter + "=" + encode(reference));
        return bundle;
    }

    private Bundle searchset(String type, List<String> resources) {
        IParser parser = fhirContext.newJsonParser();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        bundle.setTimestamp(Date.from(clock.instant()));
        for (String json : resources) {
            Resource resource = (Resource) parser.parseResource(json);
            bundle.addEntry()
                    .setFullUrl(base + "/" + type + "/" + resource.getIdElement().getIdPart())
                    .setResource(resource)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return bundle;
    }

    private String observationUrl(FhirSearchParameters parameters, int offset, int count) {
        StringBuilder url = new StringBuilder(base).append("/Observation?");
        for (String name : OBSERVATION_FILTERS) {
            for (String value : parameters.values(name)) {
                url.append(name).append('=').append(encode(value)).append('&');
            }
        }
        url.append("_count=").append(count);
        if (offset > 0) url.append("&_offset=").append(offset);
        return url.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("%7C", "|").replace("%3A", ":").replace("%2F", "/");
    }
}
