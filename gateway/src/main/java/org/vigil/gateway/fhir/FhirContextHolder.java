package org.vigil.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;

/**
 * The one {@link FhirContext} of the process. Creating a context scans the model classes and
 * costs hundreds of milliseconds, so every parser, client and validator shares this one.
 */
public final class FhirContextHolder {

    private static final class Holder {
        private static final FhirContext R4 = FhirContext.forR4();
    }

    private FhirContextHolder() {
    }

    public static FhirContext r4() {
        return Holder.R4;
    }
}
