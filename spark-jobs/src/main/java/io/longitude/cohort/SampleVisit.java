package io.longitude.cohort;

import java.io.Serializable;
import java.util.List;

/** One visit of a cohort sample: distinct vocabulary ids in ascending order, and the numeric features. */
public class SampleVisit implements Serializable {

    private static final long serialVersionUID = 1L;

    private List<Integer> codes;
    /** In the order of the summary's {@code numericFeatures}. */
    private List<Float> numeric;

    public SampleVisit() {
    }

    public List<Integer> getCodes() {
        return codes;
    }

    public void setCodes(List<Integer> codes) {
        this.codes = codes;
    }

    public List<Float> getNumeric() {
        return numeric;
    }

    public void setNumeric(List<Float> numeric) {
        this.numeric = numeric;
    }
}
