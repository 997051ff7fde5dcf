package io.longitude.fhir;

import java.io.Serializable;
import java.time.Instant;

/**
 * The clinical facts of an event, the same on both sides of the privacy boundary: the source record
 * ({@link EventRecord}, with its FHIR ids and display, kept in {@code state}) adds its identity to them; the
 * published event ({@link VisitEvent}, in {@code visit_sequences}) is these facts alone. A bean superclass for the
 * reason {@link EncounterFacts} gives.
 */
public abstract class EventFacts implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Column names of these facts where Spark code reads them (in {@code visit_sequences} and the flat tables). */
    public static final String KIND = "kind";
    public static final String TIME = "time";
    public static final String END_TIME = "endTime";
    public static final String CODE_SYSTEM = "codeSystem";
    public static final String CODE = "code";
    public static final String VALUE = "value";
    public static final String UNIT = "unit";
    public static final String VALUE_CODE = "valueCode";

    /** See {@link EventKind#label()}. */
    private String kind;
    private Instant time;
    private Instant endTime;
    /** Null, with {@code code}, for a medication referenced but not resolvable in its bundle. */
    private String codeSystem;
    private String code;
    /** Numeric value (Quantity, integer) of an Observation, or null. */
    private Double value;
    private String unit;
    /** A coded Observation value as {@code system|code}, or null. */
    private String valueCode;

    /** Copies every fact of {@code source}. */
    public final void copyFactsFrom(EventFacts source) {
        kind = source.kind;
        time = source.time;
        endTime = source.endTime;
        codeSystem = source.codeSystem;
        code = source.code;
        value = source.value;
        unit = source.unit;
        valueCode = source.valueCode;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
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
}
