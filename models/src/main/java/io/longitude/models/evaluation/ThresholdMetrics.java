package io.longitude.models.evaluation;

/** The confusion matrix at one decision threshold (score ≥ threshold is predicted positive) and its rates. */
public record ThresholdMetrics(double threshold, long truePositives, long falsePositives, long trueNegatives,
                               long falseNegatives) {

    public static ThresholdMetrics at(double[] scores, int[] labels, double threshold) {
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean predicted = scores[i] >= threshold;
            if (labels[i] == 1) {
                if (predicted) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (predicted) {
                fp++;
            } else {
                tn++;
            }
        }
        return new ThresholdMetrics(threshold, tp, fp, tn, fn);
    }

    public double sensitivity() {
        return ratio(truePositives, truePositives + falseNegatives);
    }

    public double specificity() {
        return ratio(trueNegatives, trueNegatives + falsePositives);
    }

    public double positivePredictiveValue() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    public double negativePredictiveValue() {
        return ratio(trueNegatives, trueNegatives + falseNegatives);
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }
}
