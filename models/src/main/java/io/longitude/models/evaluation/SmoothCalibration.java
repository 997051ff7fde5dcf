package io.longitude.models.evaluation;

import java.util.Arrays;

/**
 * A smooth calibration curve: logistic regression of the outcome on a restricted cubic spline of logit(score)
 * with three knots at the 10th, 50th and 90th percentiles of the logits (Harrell's default), fitted by weighted
 * maximum likelihood ({@link LogisticLikelihood}). Unlike equal-width reliability bins it needs no binning choice
 * and is evaluated at any predicted risk; its band comes from refitting on patient-bootstrap weights with the knots
 * held fixed.
 */
public final class SmoothCalibration {

    private static final int PARAMETERS = 3;
    private static final double[] KNOT_QUANTILES = {0.1, 0.5, 0.9};

    private final double[] x;
    private final int[] labels;
    private final double[] knots;
    /** The basis, one column per coefficient; null when the knots do not separate (too few distinct scores). */
    private final double[][] design;
    /**
     * The unit-weight fit, where every weighted fit starts: a bootstrap resample's optimum lies close to it, so
     * Newton-Raphson needs a few steps instead of ten. Null when that fit does not exist.
     */
    private final double[] start;

    public SmoothCalibration(double[] scores, int[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("scores and labels differ in length");
        }
        this.x = LogisticRecalibration.logits(scores);
        this.labels = labels.clone();
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        this.knots = new double[KNOT_QUANTILES.length];
        for (int k = 0; k < knots.length; k++) {
            knots[k] = sorted.length == 0 ? Double.NaN : PatientBootstrap.percentile(sorted, KNOT_QUANTILES[k]);
        }
        if (knots[0] < knots[1] && knots[1] < knots[2]) {
            this.design = new double[PARAMETERS][x.length];
            for (int i = 0; i < x.length; i++) {
                double[] b = basis(x[i]);
                for (int j = 0; j < PARAMETERS; j++) {
                    design[j][i] = b[j];
                }
            }
        } else {
            this.design = null;
        }
        double[] unit = new double[x.length];
        Arrays.fill(unit, 1);
        this.start = design == null ? null : fit(unit, new double[PARAMETERS]);
    }

    /** The knots, as predicted risks. */
    public double[] knotRisks() {
        return Arrays.stream(knots).map(LogisticRecalibration::sigmoid).toArray();
    }

    /**
     * Observed risk the fitted curve gives at each predicted risk of {@code grid}, samples weighted by
     * {@code weights}; all NaN when the fit does not exist (too few distinct scores, separable outcomes).
     */
    public double[] observedAt(double[] grid, double[] weights) {
        double[] beta = design == null ? null : fit(weights, start == null ? new double[PARAMETERS] : start);
        double[] out = new double[grid.length];
        for (int g = 0; g < grid.length; g++) {
            if (beta == null) {
                out[g] = Double.NaN;
            } else {
                double[] b = basis(LogisticRecalibration.logit(grid[g]));
                out[g] = LogisticRecalibration.sigmoid(beta[0] * b[0] + beta[1] * b[1] + beta[2] * b[2]);
            }
        }
        return out;
    }

    /**
     * {@code points} predicted risks evenly spaced between the 5th and 95th percentile of the scores: the range
     * where the curve rests on data rather than on the spline's linear tails.
     */
    public static double[] grid(double[] scores, int points) {
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        double low = PatientBootstrap.percentile(sorted, 0.05);
        double high = PatientBootstrap.percentile(sorted, 0.95);
        double[] out = new double[points];
        for (int g = 0; g < points; g++) {
            out[g] = low + (high - low) * g / (points - 1);
        }
        return out;
    }

    private double[] fit(double[] weights, double[] from) {
        return LogisticLikelihood.fit(design, null, labels, weights, from);
    }

    /** Intercept, logit, and the one nonlinear term of a three-knot restricted cubic spline (Harrell's scaling). */
    double[] basis(double v) {
        double t1 = knots[0];
        double t2 = knots[1];
        double t3 = knots[2];
        double spline = (cube(v - t1) - cube(v - t2) * (t3 - t1) / (t3 - t2) + cube(v - t3) * (t2 - t1) / (t3 - t2))
                / ((t3 - t1) * (t3 - t1));
        return new double[] {1, v, spline};
    }

    private static double cube(double d) {
        return d > 0 ? d * d * d : 0;
    }
}
