package io.longitude.fhir;

import java.io.Serializable;
import java.util.List;

/**
 * The outcome of reading one resource (or one unreadable file/line): exactly one payload for ACCEPTED
 * (patient, encounter or events), REJECTED (reject) and DELETE ({@code deletedRef}, the {@code Type/id} a
 * DELETE bundle entry removes); none for IGNORED.
 */
public class ExtractedRecord implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String ACCEPTED = "ACCEPTED";
    public static final String IGNORED = "IGNORED";
    public static final String REJECTED = "REJECTED";
    public static final String DELETE = "DELETE";

    private String outcome;
    private String resourceType;
    private String sourceFile;
    /** NDJSON: 1-based line; bundle: 0-based top-level entry index; null for the whole file. */
    private Long location;
    private PatientRecord patient;
    private EncounterRecord encounter;
    private List<EventRecord> events;
    private RejectRecord reject;
    private String deletedRef;

    public ExtractedRecord() {
    }

    static ExtractedRecord ignored(String resourceType, String sourceFile, Long location) {
        return base(IGNORED, resourceType, sourceFile, location);
    }

    static ExtractedRecord patient(PatientRecord patient, String sourceFile, Long location) {
        ExtractedRecord r = base(ACCEPTED, "Patient", sourceFile, location);
        r.patient = patient;
        return r;
    }

    static ExtractedRecord encounter(EncounterRecord encounter, String sourceFile, Long location) {
        ExtractedRecord r = base(ACCEPTED, "Encounter", sourceFile, location);
        r.encounter = encounter;
        return r;
    }

    static ExtractedRecord events(String resourceType, List<EventRecord> events, String sourceFile, Long location) {
        ExtractedRecord r = base(ACCEPTED, resourceType, sourceFile, location);
        r.events = events;
        return r;
    }

    static ExtractedRecord delete(String resourceType, String id, String sourceFile, Long location) {
        ExtractedRecord r = base(DELETE, resourceType, sourceFile, location);
        r.deletedRef = resourceType + "/" + id;
        return r;
    }

    static ExtractedRecord rejected(String sourceFile, Long location, String resourceType, String resourceId,
                                    RejectReason reason, String message) {
        RejectRecord reject = new RejectRecord();
        reject.setSourceFile(sourceFile);
        reject.setLocation(location);
        reject.setResourceType(resourceType);
        reject.setResourceId(resourceId);
        reject.setReason(reason.name());
        reject.setMessage(message);
        ExtractedRecord r = base(REJECTED, resourceType, sourceFile, location);
        r.reject = reject;
        return r;
    }

    private static ExtractedRecord base(String outcome, String resourceType, String sourceFile, Long location) {
        ExtractedRecord r = new ExtractedRecord();
        r.outcome = outcome;
        r.resourceType = resourceType;
        r.sourceFile = sourceFile;
        r.location = location;
        return r;
    }

    public String getOutcome() {
        return outcome;
    }

    public void setOutcome(String outcome) {
        this.outcome = outcome;
    }

    public String getResourceType() {
        return resourceType;
    }

    public void setResourceType(String resourceType) {
        this.resourceType = resourceType;
    }

    public String getSourceFile() {
        return sourceFile;
    }

    public void setSourceFile(String sourceFile) {
        this.sourceFile = sourceFile;
    }

    public Long getLocation() {
        return location;
    }

    public void setLocation(Long location) {
        this.location = location;
    }

    public PatientRecord getPatient() {
        return patient;
    }

    public void setPatient(PatientRecord patient) {
        this.patient = patient;
    }

    public EncounterRecord getEncounter() {
        return encounter;
    }

    public void setEncounter(EncounterRecord encounter) {
        this.encounter = encounter;
    }

    public List<EventRecord> getEvents() {
        return events;
    }

    public void setEvents(List<EventRecord> events) {
        this.events = events;
    }

    public RejectRecord getReject() {
        return reject;
    }

    public void setReject(RejectRecord reject) {
        this.reject = reject;
    }

    public String getDeletedRef() {
        return deletedRef;
    }

    public void setDeletedRef(String deletedRef) {
        this.deletedRef = deletedRef;
    }

    @Override
    public String toString() {
        // No sourceFile: file names can carry patient names (Synthea names bundles after the patient).
        return outcome + " " + resourceType + " @" + location
                + (reject == null ? "" : " " + reject.getReason() + ": " + reject.getMessage());
    }
}
