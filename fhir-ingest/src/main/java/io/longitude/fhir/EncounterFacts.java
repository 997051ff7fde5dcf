package io.longitude.fhir;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The clinical facts of an encounter, the same on both sides of the privacy boundary: the source record
 * ({@link EncounterRecord}, with its FHIR ids, kept in {@code state}) and the published visit ({@link Visit}, with a
 * pseudonymous key, in {@code visit_sequences}) are each these facts plus an identity of their own. Codes are
 * {@code system|code}. A bean superclass, not a nested bean: Spark's bean encoder nests a composed bean as a struct,
 * which would change the published schema; inherited properties keep it flat and in the same (alphabetical) order.
 */
public abstract class EncounterFacts implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Column names of these facts where Spark code reads them (in {@code visit_sequences} and the flat tables). */
    public static final String STATUS = "status";
    public static final String CLASS_SYSTEM = "classSystem";
    public static final String CLASS_CODE = "classCode";
    public static final String TYPE_CODES = "typeCodes";
    public static final String START = "start";
    public static final String END = "end";
    public static final String DISCHARGE_DISPOSITION = "dischargeDisposition";
    public static final String REASON_CODES = "reasonCodes";

    private String status;
    private String classSystem;
    private String classCode;
    private List<String> typeCodes = new ArrayList<>();
    private Instant start;
    /** Null for an encounter without a period end. */
    private Instant end;
    private String dischargeDisposition;
    private List<String> reasonCodes = new ArrayList<>();

    /** Copies every fact of {@code source} (its lists as copies). */
    public final void copyFactsFrom(EncounterFacts source) {
        status = source.status;
        classSystem = source.classSystem;
        classCode = source.classCode;
        typeCodes = new ArrayList<>(source.typeCodes);
        start = source.start;
        end = source.end;
        dischargeDisposition = source.dischargeDisposition;
        reasonCodes = new ArrayList<>(source.reasonCodes);
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
}
