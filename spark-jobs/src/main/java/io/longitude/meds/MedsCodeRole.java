package io.longitude.meds;

/**
 * What a MEDS row says about a subject, from its code ({@link MedsCodes#roleOf}): a static fact, an encounter
 * boundary, a code of the encounter that starts or ends at the row's time, or a clinical event. Declared in the
 * order the export writes the rows of one instant, which is also the order the import reads them in.
 */
public enum MedsCodeRole {
    GENDER,
    BIRTH,
    ENCOUNTER_START,
    ENCOUNTER_TYPE,
    ENCOUNTER_REASON,
    CLINICAL,
    ENCOUNTER_END,
    DISCHARGE_DISPOSITION,
    DEATH
}
