package io.longitude.fhir;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An Encounter as extracted from one resource; codes are {@code system|code}. */
public class EncounterRecord implements Serializable {

    private static final long serialVersionUID = 1L;

    /** {@code Encounter/<id>}. */
    private String sourceRef;
    /** Every string a reference to this encounter may take (see {@link References}). */
    private List<String> aliases = new ArrayList<>();
    /** The normalised patient reference. */
    private String subjectRef;
    private String status;
    private String classSystem;
    private String classCode;
    private List<String> typeCodes = new ArrayList<>();
    private Instant start;
    /** Null for an encounter without a period end. */
    private Instant end;
    private String dischargeDisposition;
    private List<String> reasonCodes = new ArrayList<>();
    /**
     * The display of each coding above that has one (class, types, reasons, disposition), by {@code system|code}.
     * Terminology, but free text: never logged.
     */
    private Map<String, String> displays = new LinkedHashMap<>();
    private Instant lastUpdated;

    public EncounterRecord() {
    }

    public String getSourceRef() {
        return sourceRef;
    }

    public void setSourceRef(String sourceRef) {
        this.sourceRef = sourceRef;
    }

    public List<String> getAliases() {
        return aliases;
    }

    public void setAliases(List<String> aliases) {
        this.aliases = aliases;
    }

    public String getSubjectRef() {
        return subjectRef;
    }

    public void setSubjectRef(String subjectRef) {
        this.subjectRef = subjectRef;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getClassSystem() {
        return classSystem;
    }

    public void setClassSystem(String classSystem) {
        this.classSystem = classSystem;
    }

    public String getClassCode() {
        return classCode;
    }

    public void setClassCode(String classCode) {
        this.classCode = classCode;
    }

    public List<String> getTypeCodes() {
        return typeCodes;
    }

    public void setTypeCodes(List<String> typeCodes) {
        this.typeCodes = typeCodes;
    }

    public Instant getStart() {
        return start;
    }

    public void setStart(Instant start) {
        this.start = start;
    }

    public Instant getEnd() {
        return end;
    }

    public void setEnd(Instant end) {
        this.end = end;
    }

    public String getDischargeDisposition() {
        return dischargeDisposition;
    }

    public void setDischargeDisposition(String dischargeDisposition) {
        this.dischargeDisposition = dischargeDisposition;
    }

    public List<String> getReasonCodes() {
        return reasonCodes;
    }

    public void setReasonCodes(List<String> reasonCodes) {
        this.reasonCodes = reasonCodes;
    }

    public Map<String, String> getDisplays() {
        return displays;
    }

    public void setDisplays(Map<String, String> displays) {
        this.displays = displays;
    }

    public Instant getLastUpdated() {
        return lastUpdated;
    }

    public void setLastUpdated(Instant lastUpdated) {
        this.lastUpdated = lastUpdated;
    }
}
