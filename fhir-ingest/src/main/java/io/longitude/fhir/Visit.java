package io.longitude.fhir;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One encounter of a patient with its events in time order. */
public class Visit implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Pseudonymised encounter reference. */
    private String encounterKey;
    private String status;
    private String classCode;
    private String classSystem;
    private List<String> typeCodes = new ArrayList<>();
    private Instant start;
    private Instant end;
    private String dischargeDisposition;
    private List<String> reasonCodes = new ArrayList<>();
    private List<VisitEvent> events = new ArrayList<>();

    public Visit() {
    }

    public String getEncounterKey() {
        return encounterKey;
    }

    public void setEncounterKey(String encounterKey) {
        this.encounterKey = encounterKey;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getClassCode() {
        return classCode;
    }

    public void setClassCode(String classCode) {
        this.classCode = classCode;
    }

    public String getClassSystem() {
        return classSystem;
    }

    public void setClassSystem(String classSystem) {
        this.classSystem = classSystem;
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

    public List<VisitEvent> getEvents() {
        return events;
    }

    public void setEvents(List<VisitEvent> events) {
        this.events = events;
    }
}
