package org.vigil.gateway.fhir;

import java.net.URI;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The FHIR API as each client addressed it: links and full URLs use the request's own
 * {@code Host}, so they work behind any bind address or port.
 */
public final class FhirEndpoints {

    /** A Host header that may be echoed into links: a name or address and an optional port, nothing else. */
    private static final Pattern VALID_HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]{1,253})(:\\d{1,5})?");

    private final Function<URI, FhirApi> apiAt;
    private final Supplier<String> fallbackHost;

    /**
     * @param apiAt        the API for a public base URL
     * @param fallbackHost the configured address and port, for requests without a usable Host
     */
    public FhirEndpoints(Function<URI, FhirApi> apiAt, Supplier<String> fallbackHost) {
        this.apiAt = apiAt;
        this.fallbackHost = fallbackHost;
    }

    /** The API for a request's {@code Host} header; the configured address when it is missing or not a host. */
    public FhirApi forHost(String host) {
        String base = host == null || !VALID_HOST.matcher(host).matches() ? fallbackHost.get() : host;
        return apiAt.apply(URI.create("http://" + base + "/fhir"));
    }
}
