package io.longitude.cohort;

import java.io.Serializable;

/** One numeric observation value of a training-split feature window: what value bins are fitted on. */
public class ObservedValue implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The observation's {@code system|code} token. */
    private String code;
    /** "" when the value has no unit. */
    private String unit;
    private double value;

    public ObservedValue() {
    }

    ObservedValue(String code, String unit, double value) {
        this.code = code;
        this.unit = unit == null ? "" : unit;
        this.value = value;
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

    public double getValue() {
        return value;
    }

    public void setValue(double value) {
        this.value = value;
    }
}
