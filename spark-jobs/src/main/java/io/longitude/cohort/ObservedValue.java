package io.longitude.cohort;

import java.io.Serializable;

/** One numeric observation value of a training-split feature window: what value bins are fitted on. */
public class ObservedValue implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The observation's {@code system|code} token. */
    private String code;
    /** The unit the value is in after {@link UnitConversions}: "" when it has none. */
    private String unit;
    /** The unit as recorded ("" for none): what the cohort log counts per code. */
    private String sourceUnit;
    private double value;

    public ObservedValue() {
    }

    /** A recorded value, converted to its unit family's unit. */
    ObservedValue(String code, String recordedUnit, double recordedValue) {
        UnitConversions.Converted converted = UnitConversions.convert(recordedUnit, recordedValue);
        this.code = code;
        this.unit = converted.unit();
        this.sourceUnit = recordedUnit == null ? "" : recordedUnit;
        this.value = converted.value();
    }

    public String getCode() {
        return code;
    }

    public void setCode(String code) {
        this.code = code;
    }

    public String getUnit() {
        return unit;
    }

    public void setUnit(String unit) {
        this.unit = unit;
    }

    public String getSourceUnit() {
        return sourceUnit;
    }

    public void setSourceUnit(String sourceUnit) {
        this.sourceUnit = sourceUnit;
    }

    public double getValue() {
        return value;
    }

    public void setValue(double value) {
        this.value = value;
    }
}
