package io.longitude.fhir;

import java.io.Serializable;
import java.time.Instant;

/** One clinical event; one resource may give several (an Observation's components). */
public class EventRecord implements Serializable {

    private static final long serialVersionUID = 1L;

    /** {@code Type/<id>} of the resource the event came from. */
    private String sourceRef;
    private String resourceType;
    /** See {@link EventKind#label()}. */
    private String kind;
    /** The normalised patient reference. */
    private String subjectRef;
    /** The normalised encounter reference, or null. */
    private String encounterRef;
    private Instant time;
    private Instant endTime;
    /** Null, with {@code code}, for a medication referenced but not resolvable in its bundle. */
    private String codeSystem;
    private String code;
    /** The display of the coding {@code code} came from, or null. Terminology, but free text: never logged. */
    private String display;
    /** Numeric value (Quantity, integer) of an Observation, or null. */
    private Double value;
    private String unit;
    /** A coded Observation value as {@code system|code}, or null. */
    private String valueCode;
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

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
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

    public Instant getTime() {
        return time;
    }

    public void setTime(Instant time) {
        this.time = time;
    }

    public Instant getEndTime() {
        return endTime;
    }

    public void setEndTime(Instant endTime) {
        this.endTime = endTime;
    }

    public String getCodeSystem() {
        return codeSystem;
    }

    public void setCodeSystem(String codeSystem) {
        this.codeSystem = codeSystem;
    }

    public String getCode() {
        return code;
    }

    public void setCode(String code) {
        this.code = code;
    }

    public String getDisplay() {
        return display;
    }

    public void setDisplay(String display) {
        this.display = display;
    }

    public Double getValue() {
        return value;
    }

    public void setValue(Double value) {
        this.value = value;
    }

    public String getUnit() {
        return unit;
    }

    public void setUnit(String unit) {
        this.unit = unit;
    }

    public String getValueCode() {
        return valueCode;
    }

    public void setValueCode(String valueCode) {
        this.valueCode = valueCode;
    }

    public Instant getLastUpdated() {
        return lastUpdated;
    }

    public void setLastUpdated(Instant lastUpdated) {
        this.lastUpdated = lastUpdated;
    }
}
