package io.longitude.models.evaluation;

/**
 * Net benefit (Vickers and Elkin's decision curve analysis): treating those whose score is at least the
 * threshold t, true positives count as gains and false positives as losses weighted by the odds t/(1−t) that
 * a person choosing t places on them, per sample: NB(t) = TP/n − FP/n · t/(1−t). Treating everyone gives
 * prevalence − (1 − prevalence) · t/(1−t); treating no one gives 0.
 */
public final class DecisionCurve {

    private DecisionCurve() {
    }

    public static double netBenefit(double[] scores, int[] labels, double threshold) {
        if (scores.length == 0) {
            return Double.NaN;
        }
        ThresholdMetrics t = ThresholdMetrics.at(scores, labels, threshold);
        return ((double) t.truePositives() - t.falsePositives() * odds(threshold)) / scores.length;
    }

    public static double treatAll(double prevalence, double threshold) {
        return prevalence - (1 - prevalence) * odds(threshold);
    }

    private static double odds(double threshold) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("a decision threshold lies strictly between 0 and 1: " + threshold);
        }
        return threshold / (1 - threshold);
    }
}
