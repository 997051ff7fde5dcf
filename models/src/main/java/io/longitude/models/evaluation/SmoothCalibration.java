package io.longitude.models.evaluation;

import java.util.Arrays;

/**
 * A smooth calibration curve: logistic regression of the outcome on a restricted cubic spline of logit(score)
 * with three knots at the 10th, 50th and 90th percentiles of the logits (Harrell's default), fitted by
 * weighted Newton-Raphson. Unlike equal-width reliability bins it needs no binning choice and is evaluated at
 * any predicted risk; its band comes from refitting on patient-bootstrap weights with the knots held fixed.
 */
public final class SmoothCalibration {

    private static final int PARAMETERS = 3;
    private static final double[] KNOT_QUANTILES = {0.1, 0.5, 0.9};

    private final double[] x;
    private final int[] labels;
    private final double[] knots;
    /** Each sample's basis row; null when the knots do not separate (too few distinct scores). */
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
            this.design = new double[x.length][];
            for (int i = 0; i < x.length; i++) {
                design[i] = basis(x[i]);
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
        double[] beta = from.clone();
        for (int iter = 0; iter < 100; iter++) {
            double[] gradient = new double[PARAMETERS];
            double[][] hessian = new double[PARAMETERS][PARAMETERS];
            for (int i = 0; i < x.length; i++) {
                if (weights[i] == 0) {
                    continue;
                }
                double[] b = design[i];
                double p = LogisticRecalibration.sigmoid(beta[0] * b[0] + beta[1] * b[1] + beta[2] * b[2]);
                double r = weights[i] * (labels[i] - p);
                double v = weights[i] * p * (1 - p);
                for (int j = 0; j < PARAMETERS; j++) {
                    gradient[j] += r * b[j];
                    for (int k = 0; k <= j; k++) {
                        hessian[j][k] += v * b[j] * b[k];
                    }
                }
            }
            for (int j = 0; j < PARAMETERS; j++) {
                for (int k = j + 1; k < PARAMETERS; k++) {
                    hessian[j][k] = hessian[k][j];
                }
            }
            double[] step = solve(hessian, gradient);
            if (step == null) {
                return null;
            }
            double largest = 0;
            for (int j = 0; j < PARAMETERS; j++) {
                beta[j] += step[j];
                largest = Math.max(largest, Math.abs(step[j]));
            }
            if (!Double.isFinite(largest) || largest > 1e6) {
                return null;
            }
            if (largest < 1e-9) {
                return beta;
            }
        }
        // No convergence in 100 Newton steps: the likelihood has no maximum (separable data).
        return null;
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

    /** Gaussian elimination with partial pivoting; null when the system is singular. */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            if (Math.abs(m[pivot][c]) < 1e-12) {
                return null;
            }
            double[] swap = m[c];
            m[c] = m[pivot];
            m[pivot] = swap;
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                for (int k = c; k <= n; k++) {
                    m[r][k] -= f * m[c][k];
                }
            }
        }
        double[] out = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int k = r + 1; k < n; k++) {
                s -= m[r][k] * out[k];
            }
            out[r] = s / m[r][r];
        }
        return out;
    }
}
