package io.longitude.fhir;

import java.time.Instant;

/**
 * One clinical event as extracted from a resource (one resource may give several: an Observation's components):
 * its {@link EventFacts} and what identifies it at the source (FHIR id and type, the patient and encounter
 * references, the display, {@code lastUpdated}). Source side of the privacy boundary: kept in {@code state}, never
 * published; {@link VisitEvent#publish} makes the published event of it.
 */
public class EventRecord extends EventFacts {

    private static final long serialVersionUID = 1L;

    /** {@code Type/<id>} of the resource the event came from. */
    private String sourceRef;
    private String resourceType;
    /** The normalised patient reference. */
    private String subjectRef;
    /** The normalised encounter reference, or null. */
    private String encounterRef;
    /** The display of the coding {@code code} came from, or null. Terminology, but free text: never logged. */
    private String display;
    private Instant lastUpdated;

    public EventRecord() {
    }

    public String getSourceRef() {
        return sourceRef;
    }

    public void setSourceRef(String sourceRef) {
        this.sourceRef = sourceRef;
    }

    public String getResourceType() {
        return resourceType;
    }

    public void setResourceType(String resourceType) {
        this.resourceType = resourceType;
    }

    public String getSubjectRef() {
        return subjectRef;
    }

    public void setSubjectRef(String subjectRef) {
        this.subjectRef = subjectRef;
    }

    public String getEncounterRef() {
        return encounterRef;
    }

    public void setEncounterRef(String encounterRef) {
        this.encounterRef = encounterRef;
    }

    public String getDisplay() {
        return display;
    }

    public void setDisplay(String display) {
        this.display = display;
    }

    public Instant getLastUpdated() {
        return lastUpdated;
    }

    public void setLastUpdated(Instant lastUpdated) {
        this.lastUpdated = lastUpdated;
    }
}
