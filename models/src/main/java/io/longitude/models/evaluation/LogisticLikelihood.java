package io.longitude.models.evaluation;

/**
 * Maximum-likelihood logistic regression by Newton-Raphson with step halving: P(y=1) = σ(offset + Σ β_j·x_j),
 * samples weighted. A full Newton step from a distant start can overshoot on saturated scores (logits near ±16)
 * and diverge although a maximum exists, so every step is halved until the log-likelihood does not fall.
 * The one fitter behind calibration-in-the-large, Platt scaling (the calibration slope) and the smooth
 * calibration curve.
 */
final class LogisticLikelihood {

    private static final int MAX_ITERATIONS = 100;
    private static final int MAX_HALVINGS = 50;
    private static final double CONVERGED = 1e-10;
    /** A coefficient beyond this is a fit running off to infinity: the data are separable. */
    private static final double DIVERGED = 1e6;

    private LogisticLikelihood() {
    }

    /**
     * @param columns one array of n covariate values per coefficient
     * @param offsets n fixed terms added to the linear predictor, or null for none
     * @param weights n sample weights (0 leaves a sample out), or null for all 1
     * @param start   the coefficients to start from
     * @return the maximising coefficients, or null when the likelihood has no finite maximum (separable outcomes,
     * collinear or constant covariates, no sample of one of the classes)
     */
    static double[] fit(double[][] columns, double[] offsets, int[] labels, double[] weights, double[] start) {
        int k = start.length;
        double[] beta = start.clone();
        double current = logLikelihood(columns, offsets, labels, weights, beta);
        for (int iter = 0; iter < MAX_ITERATIONS; iter++) {
            double[] gradient = new double[k];
            double[][] information = new double[k][k];
            for (int i = 0; i < labels.length; i++) {
                double w = weights == null ? 1 : weights[i];
                if (w == 0) {
                    continue;
                }
                double p = sigmoid(linear(columns, offsets, beta, i));
                double r = w * (labels[i] - p);
                double v = w * p * (1 - p);
                for (int j = 0; j < k; j++) {
                    gradient[j] += r * columns[j][i];
                    for (int m = 0; m <= j; m++) {
                        information[j][m] += v * columns[j][i] * columns[m][i];
                    }
                }
            }
            for (int j = 0; j < k; j++) {
                for (int m = j + 1; m < k; m++) {
                    information[j][m] = information[m][j];
                }
            }
            double[] step = solve(information, gradient);
            if (step == null) {
                return null;
            }
            double scale = 1;
            double[] next = new double[k];
            double nextLikelihood = Double.NEGATIVE_INFINITY;
            for (int halving = 0; halving <= MAX_HALVINGS; halving++) {
                for (int j = 0; j < k; j++) {
                    next[j] = beta[j] + scale * step[j];
                }
                nextLikelihood = logLikelihood(columns, offsets, labels, weights, next);
                if (nextLikelihood >= current - 1e-12 * Math.abs(current)) {
                    break;
                }
                scale /= 2;
            }
            double largest = 0;
            for (int j = 0; j < k; j++) {
                largest = Math.max(largest, Math.abs(scale * step[j]));
            }
            if (!(nextLikelihood >= current - 1e-12 * Math.abs(current))) {
                // No step along the Newton direction improves: the current point is the maximum to rounding.
                return largest < 1e-6 ? beta : null;
            }
            beta = next.clone();
            current = nextLikelihood;
            for (double b : beta) {
                if (!Double.isFinite(b) || Math.abs(b) > DIVERGED) {
                    return null;
                }
            }
            if (largest < CONVERGED) {
                return beta;
            }
        }
        // No convergence: the likelihood keeps rising towards a supremum it never reaches (separable data).
        return null;
    }

    private static double linear(double[][] columns, double[] offsets, double[] beta, int i) {
        double eta = offsets == null ? 0 : offsets[i];
        for (int j = 0; j < beta.length; j++) {
            eta += beta[j] * columns[j][i];
        }
        return eta;
    }

    private static double logLikelihood(double[][] columns, double[] offsets, int[] labels, double[] weights,
                                        double[] beta) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double w = weights == null ? 1 : weights[i];
            if (w == 0) {
                continue;
            }
            double eta = linear(columns, offsets, beta, i);
            // log σ(η) = −softplus(−η), log(1 − σ(η)) = −softplus(η), without overflow for large |η|.
            sum -= w * softplus(labels[i] == 1 ? -eta : eta);
        }
        return sum;
    }

    private static double softplus(double z) {
        return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
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
                for (int q = c; q <= n; q++) {
                    m[r][q] -= f * m[c][q];
                }
            }
        }
        double[] out = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int q = r + 1; q < n; q++) {
                s -= m[r][q] * out[q];
            }
            out[r] = s / m[r][r];
        }
        return out;
    }
}
