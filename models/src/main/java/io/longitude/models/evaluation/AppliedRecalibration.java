package io.longitude.models.evaluation;

import java.util.Locale;

/**
 * What a {@link Recalibrator} does to scores: the configured {@link RecalibrationMethod}, or, where the validation
 * split cannot support it, a shift of the base rate only, or nothing.
 */
public enum AppliedRecalibration {
    /** σ(a + b·logit(score)), b &gt; 0. */
    PLATT,
    /** A non-decreasing step function of the score. */
    ISOTONIC,
    /** σ(a + logit(score)): the base rate recalibrated, the model's ranking and spread kept. */
    INTERCEPT,
    /** Scores pass through: the validation split has one class only. */
    NONE;

    /** As recalibration.json, metrics.json and the run manifest write it: {@code platt}, {@code intercept}, … */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
