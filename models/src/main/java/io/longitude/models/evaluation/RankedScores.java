package io.longitude.models.evaluation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Scores and binary labels sorted once by score, with ties grouped, so that AUROC, average precision and
 * Brier can be computed under any per-sample weighting in O(n). The patient bootstrap evaluates a thousand
 * weightings of the same test set; sorting once instead of per resample is what keeps it cheap. This is
 * Longitude's one AUROC: early stopping, evaluation and the backtest all compute it here (Spark jobs hand it
 * per-score counts aggregated on the executors, as weights).
 */
public final class RankedScores {

    private final double[] scores;
    private final int[] labels;
    /** Sample indices in ascending score order. */
    private final int[] order;
    /** Start offsets (into {@link #order}) of each group of equal scores, plus a final sentinel. */
    private final int[] groupStarts;

    public RankedScores(double[] scores, int[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("scores and labels differ in length");
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i]) || labels[i] < 0 || labels[i] > 1) {
                throw new IllegalArgumentException("sample " + i + ": score must be a number and label 0 or 1");
            }
        }
        this.scores = scores.clone();
        this.labels = labels.clone();
        this.order = IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble(i -> scores[i]))
                .mapToInt(Integer::intValue).toArray();
        int[] starts = new int[scores.length + 1];
        int groups = 0;
        for (int k = 0; k < order.length; k++) {
            if (k == 0 || scores[order[k]] != scores[order[k - 1]]) {
                starts[groups++] = k;
            }
        }
        starts[groups] = order.length;
        this.groupStarts = Arrays.copyOf(starts, groups + 1);
    }

    /** Plain AUROC of unweighted samples; NaN when one class is absent. */
    public static double auroc(double[] scores, int[] labels) {
        RankedScores ranked = new RankedScores(scores, labels);
        return ranked.auroc(ranked.unitWeights());
    }

    public int size() {
        return scores.length;
    }

    public double[] scores() {
        return scores.clone();
    }

    public int[] labels() {
        return labels.clone();
    }

    /** Unit weights: the plain, unresampled metrics. */
    public double[] unitWeights() {
        double[] w = new double[scores.length];
        Arrays.fill(w, 1.0);
        return w;
    }

    /**
     * Probability that a positive outranks a negative, ties counting one half (the Mann-Whitney statistic);
     * NaN when either class has no weight.
     */
    public double auroc(double[] weights) {
        double negativesBelow = 0;
        double sum = 0;
        double positives = 0;
        for (int g = 0; g + 1 < groupStarts.length; g++) {
            double pos = 0;
            double neg = 0;
            for (int k = groupStarts[g]; k < groupStarts[g + 1]; k++) {
                int i = order[k];
                if (labels[i] == 1) {
                    pos += weights[i];
                } else {
                    neg += weights[i];
                }
            }
            sum += pos * (negativesBelow + 0.5 * neg);
            negativesBelow += neg;
            positives += pos;
        }
        if (positives == 0 || negativesBelow == 0) {
            return Double.NaN;
        }
        return sum / (positives * negativesBelow);
    }

    /**
     * Average precision: the mean, over positives, of the precision at the threshold that first includes
     * them, thresholds taken at each distinct score (tied samples enter together). NaN without positives.
     */
    public double averagePrecision(double[] weights) {
        double positives = 0;
        for (int i = 0; i < labels.length; i++) {
            positives += labels[i] * weights[i];
        }
        if (positives == 0) {
            return Double.NaN;
        }
        double truePositives = 0;
        double predicted = 0;
        double sum = 0;
        for (int g = groupStarts.length - 2; g >= 0; g--) {
            double pos = 0;
            double all = 0;
            for (int k = groupStarts[g]; k < groupStarts[g + 1]; k++) {
                int i = order[k];
                pos += labels[i] * weights[i];
                all += weights[i];
            }
            truePositives += pos;
            predicted += all;
            if (pos > 0) {
                sum += pos * truePositives / predicted;
            }
        }
        return sum / positives;
    }

    /** Mean squared difference between score and label. */
    public double brier(double[] weights) {
        double sum = 0;
        double total = 0;
        for (int i = 0; i < scores.length; i++) {
            double d = scores[i] - labels[i];
            sum += weights[i] * d * d;
            total += weights[i];
        }
        return total == 0 ? Double.NaN : sum / total;
    }

    /**
     * ROC curve points (false positive rate, true positive rate), one per distinct score from the highest
     * down, starting at (0, 0); thinned to at most {@code maxPoints} for plotting.
     */
    public double[][] rocCurve(int maxPoints) {
        double positives = Arrays.stream(labels).sum();
        double negatives = labels.length - positives;
        int groups = groupStarts.length - 1;
        double[][] points = new double[groups + 1][];
        points[0] = new double[] {0, 0};
        double tp = 0;
        double fp = 0;
        for (int g = groups - 1, p = 1; g >= 0; g--, p++) {
            for (int k = groupStarts[g]; k < groupStarts[g + 1]; k++) {
                if (labels[order[k]] == 1) {
                    tp++;
                } else {
                    fp++;
                }
            }
            points[p] = new double[] {negatives == 0 ? 0 : fp / negatives, positives == 0 ? 0 : tp / positives};
        }
        return thin(points, maxPoints);
    }

    /** Precision-recall points (recall, precision), one per distinct score from the highest down. */
    public double[][] precisionRecallCurve(int maxPoints) {
        double positives = Arrays.stream(labels).sum();
        int groups = groupStarts.length - 1;
        double[][] points = new double[groups][];
        double tp = 0;
        double predicted = 0;
        for (int g = groups - 1, p = 0; g >= 0; g--, p++) {
            for (int k = groupStarts[g]; k < groupStarts[g + 1]; k++) {
                tp += labels[order[k]];
                predicted++;
            }
            points[p] = new double[] {positives == 0 ? 0 : tp / positives, tp / predicted};
        }
        return thin(points, maxPoints);
    }

    private static double[][] thin(double[][] points, int maxPoints) {
        if (points.length <= maxPoints) {
            return points;
        }
        double[][] kept = new double[maxPoints][];
        for (int j = 0; j < maxPoints; j++) {
            kept[j] = points[(int) Math.round((double) j * (points.length - 1) / (maxPoints - 1))];
        }
        return kept;
    }
}
