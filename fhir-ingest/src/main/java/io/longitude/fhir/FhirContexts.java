package io.longitude.fhir;

import ca.uhn.fhir.context.FhirContext;

/** The one R4 {@link FhirContext} of the JVM: expensive to build, thread-safe, never Serializable. */
public final class FhirContexts {

    private FhirContexts() {
    }

    public static FhirContext r4() {
        return Holder.R4;
    }

    private static final class Holder {
        static final FhirContext R4 = FhirContext.forR4Cached();
    }
}
