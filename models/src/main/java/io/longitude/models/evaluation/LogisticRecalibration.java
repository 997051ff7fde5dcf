package io.longitude.models.evaluation;

/**
 * Platt scaling on the logit of the score: P(y=1) = σ(a + b·logit(score)), fitted by maximum likelihood
 * (Newton-Raphson). The same fit gives the calibration slope b. Scores are clipped away from 0 and 1 so
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
        double[] x = logits(scores);
        double a = 0;
        double b = 1;
        for (int iter = 0; iter < 200; iter++) {
            double ga = 0;
            double gb = 0;
            double haa = 0;
            double hab = 0;
            double hbb = 0;
            for (int i = 0; i < x.length; i++) {
                double p = sigmoid(a + b * x[i]);
                double r = labels[i] - p;
                double w = p * (1 - p);
                ga += r;
                gb += r * x[i];
                haa += w;
                hab += w * x[i];
                hbb += w * x[i] * x[i];
            }
            double det = haa * hbb - hab * hab;
            if (Math.abs(det) < 1e-12) {
                // Separable or constant scores: the maximum-likelihood fit does not exist.
                return new LogisticRecalibration(Double.NaN, Double.NaN);
            }
            double da = (hbb * ga - hab * gb) / det;
            double db = (haa * gb - hab * ga) / det;
            a += da;
            b += db;
            if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-10) {
                break;
            }
        }
        return new LogisticRecalibration(a, b);
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
