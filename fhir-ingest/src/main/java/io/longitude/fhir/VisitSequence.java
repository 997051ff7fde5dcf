package io.longitude.fhir;

import java.util.ArrayList;
import java.util.List;

/**
 * A patient's visits in time order, plus the events that belong to no visit, as published in
 * {@code visit_sequences}: the patient's {@link PatientFacts} under a pseudonymous key. Published side of the
 * privacy boundary: no source identifier; the source record it is made from is {@link PatientRecord}.
 */
public class VisitSequence extends PatientFacts {

    private static final long serialVersionUID = 1L;

    /** Version of this layout, stored in the data. */
    public static final int SCHEMA_VERSION = 1;

    public static final String PATIENT_KEY = "patientKey";
    public static final String SCHEMA_VERSION_COLUMN = "schemaVersion";
    public static final String VISITS = "visits";
    public static final String EVENTS_WITHOUT_VISIT = "eventsWithoutVisit";
    public static final String ATTACHED_BY_REFERENCE = "attachedByReference";
    public static final String ATTACHED_BY_TIME = "attachedByTime";
    public static final String UNATTACHED = "unattached";

    /** Pseudonymised patient reference. */
    private String patientKey;
    private int schemaVersion;
    private List<Visit> visits = new ArrayList<>();
    private List<VisitEvent> eventsWithoutVisit = new ArrayList<>();
    /** Events attached through their encounter reference. */
    private int attachedByReference;
    /** Events attached because their time lies within an encounter. */
    private int attachedByTime;
    /** Events in {@code eventsWithoutVisit}. */
    private int unattached;

    public VisitSequence() {
    }

    /**
     * The published sequence of a patient, without visits yet: the source patient's facts (none when
     * {@code source} is null: events may arrive before their Patient resource) under {@code patientKey}.
     */
    public static VisitSequence publish(String patientKey, PatientRecord source) {
        VisitSequence sequence = new VisitSequence();
        sequence.setPatientKey(patientKey);
        sequence.setSchemaVersion(SCHEMA_VERSION);
        if (source != null) {
            sequence.copyFactsFrom(source);
        }
        return sequence;
    }

    public String getPatientKey() {
        return patientKey;
    }

    public void setPatientKey(String patientKey) {
        this.patientKey = patientKey;
    }

    public int getSchemaVersion() {
        return schemaVersion;
    }

    public void setSchemaVersion(int schemaVersion) {
        this.schemaVersion = schemaVersion;
    }

    public List<Visit> getVisits() {
        return visits;
    }

    public void setVisits(List<Visit> visits) {
        this.visits = visits;
    }

    public List<VisitEvent> getEventsWithoutVisit() {
        return eventsWithoutVisit;
    }

    public void setEventsWithoutVisit(List<VisitEvent> eventsWithoutVisit) {
        this.eventsWithoutVisit = eventsWithoutVisit;
    }

    public int getAttachedByReference() {
        return attachedByReference;
    }

    public void setAttachedByReference(int attachedByReference) {
        this.attachedByReference = attachedByReference;
    }

    public int getAttachedByTime() {
        return attachedByTime;
    }

    public void setAttachedByTime(int attachedByTime) {
        this.attachedByTime = attachedByTime;
    }

    public int getUnattached() {
        return unattached;
    }

    public void setUnattached(int unattached) {
        this.unattached = unattached;
    }
}
