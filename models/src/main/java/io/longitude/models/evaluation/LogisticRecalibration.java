package io.longitude.models.evaluation;

import java.util.Arrays;

/**
 * Platt scaling on the logit of the score: P(y=1) = σ(a + b·logit(score)), fitted by maximum likelihood
 * ({@link LogisticLikelihood}). The same fit gives the calibration slope b. Scores are clipped away from 0 and 1 so
 * that a model's saturated outputs keep finite logits.
 */
public final class LogisticRecalibration implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private static final double EPSILON = 1e-7;

    private final double intercept;
    private final double slope;

    public LogisticRecalibration(double intercept, double slope) {
        this.intercept = intercept;
        this.slope = slope;
    }

    public static LogisticRecalibration fit(double[] scores, int[] labels) {
        double[] ones = new double[scores.length];
        Arrays.fill(ones, 1);
        double[] fitted = LogisticLikelihood.fit(new double[][] {ones, logits(scores)}, null, labels, null,
                new double[] {0, 1});
        // Separable or constant scores: the maximum-likelihood fit does not exist.
        return fitted == null ? new LogisticRecalibration(Double.NaN, Double.NaN)
                : new LogisticRecalibration(fitted[0], fitted[1]);
    }

    /**
     * Recalibration in the large: σ(a + logit(score)), the intercept alone fitted by maximum likelihood with the
     * logit as offset, so that the predicted risks sum to the observed positives. Undefined (NaN) when the labels
     * hold one class only.
     */
    public static LogisticRecalibration fitIntercept(double[] scores, int[] labels) {
        double[] ones = new double[scores.length];
        Arrays.fill(ones, 1);
        double[] fitted = LogisticLikelihood.fit(new double[][] {ones}, logits(scores), labels, null, new double[] {0});
        return new LogisticRecalibration(fitted == null ? Double.NaN : fitted[0], 1);
    }

    public double intercept() {
        return intercept;
    }

    public double slope() {
        return slope;
    }

    public boolean isDefined() {
        return Double.isFinite(intercept) && Double.isFinite(slope);
    }

    public double apply(double score) {
        return sigmoid(intercept + slope * logit(score));
    }

    static double logit(double p) {
        double q = Math.min(1 - EPSILON, Math.max(EPSILON, p));
        return Math.log(q / (1 - q));
    }

    static double[] logits(double[] scores) {
        double[] x = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            x[i] = logit(scores[i]);
        }
        return x;
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
