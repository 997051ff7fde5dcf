package io.longitude.writeback;

/** What a write-back turns into RiskAssessments. */
public enum WritebackSource {
    /** The open events the score job scored as of an instant: the nightly product. */
    SCORES("scores"),
    /** The labelled test-split samples of the cohort with evaluate's calibrated probability: an audit, off by default. */
    COHORT_AUDIT("cohort-audit");

    private final String label;

    WritebackSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
