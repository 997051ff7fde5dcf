package io.longitude.models.evaluation;

/**
 * A percentile bootstrap interval; {@code undefinedResamples} counts resamples where the metric did not
 * exist (e.g. no positive patient drawn) and were left out.
 */
public record ConfidenceInterval(double lower, double upper, int resamples, int undefinedResamples) {

    public double halfWidth() {
        return (upper - lower) / 2;
    }
}
