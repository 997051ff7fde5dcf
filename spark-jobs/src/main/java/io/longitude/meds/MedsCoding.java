package io.longitude.meds;

/** A FHIR coding as a MEDS code carries it: {@code system} is null for a code without a system. */
public record MedsCoding(String system, String code) {
}
