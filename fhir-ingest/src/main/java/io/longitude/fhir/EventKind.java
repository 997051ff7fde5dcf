package io.longitude.fhir;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The clinical resource types that become events, with the lowercase label stored in {@code kind}. */
public enum EventKind {
    CONDITION("Condition"),
    PROCEDURE("Procedure"),
    MEDICATION_REQUEST("MedicationRequest"),
    MEDICATION_ADMINISTRATION("MedicationAdministration"),
    OBSERVATION("Observation"),
    IMMUNIZATION("Immunization"),
    ALLERGY("AllergyIntolerance"),
    DIAGNOSTIC_REPORT("DiagnosticReport");

    private static final Map<String, EventKind> BY_RESOURCE_TYPE = Map.of(
            "Condition", CONDITION, "Procedure", PROCEDURE, "MedicationRequest", MEDICATION_REQUEST,
            "MedicationAdministration", MEDICATION_ADMINISTRATION, "Observation", OBSERVATION,
            "Immunization", IMMUNIZATION, "AllergyIntolerance", ALLERGY, "DiagnosticReport", DIAGNOSTIC_REPORT);

    private final String resourceType;

    EventKind(String resourceType) {
        this.resourceType = resourceType;
    }

    public String resourceType() {
        return resourceType;
    }

    /** The value of {@link EventRecord#getKind()}: {@code condition}, {@code medication_request}, … */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<EventKind> ofResourceType(String resourceType) {
        return Optional.ofNullable(BY_RESOURCE_TYPE.get(resourceType));
    }
}
