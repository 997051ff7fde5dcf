package io.longitude.models.metrics;

import java.util.Arrays;

/** Ranking metrics used for early stopping and reused by the evaluation job. */
public final class RankingMetrics {

    private RankingMetrics() {
    }

    /**
     * Area under the ROC curve, computed as the Mann-Whitney U statistic with tied scores given
     * their average rank (so a constant score gives exactly 0.5).
     *
     * @throws IllegalArgumentException if the labels hold only one class (AUROC is undefined)
     */
    public static double auroc(double[] scores, int[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + labels.length + " labels");
        }
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        long positives = 0;
        double positiveRankSum = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1.0;
            for (int k = i; k <= j; k++) {
                int label = labels[order[k]];
                if (label != 0 && label != 1) {
                    throw new IllegalArgumentException("labels must be 0 or 1, got " + label);
                }
                if (label == 1) {
                    positives++;
                    positiveRankSum += averageRank;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("AUROC is undefined with " + positives + " positives and "
                    + negatives + " negatives");
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * Recall@k of one prediction: the share of {@code trueIds} among the {@code k} highest scores
     * (ties broken by the lower id). Doctor AI's visit-level recall; average it over visits.
     *
     * @throws IllegalArgumentException if {@code trueIds} is empty
     */
    public static double recallAtK(float[] scores, int[] trueIds, int k) {
        if (trueIds.length == 0) {
            throw new IllegalArgumentException("recall is undefined without true ids");
        }
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        int hits = 0;
        for (int id : trueIds) {
            if (rankOf(scores, id) < k) {
                hits++;
            }
        }
        return hits / (double) trueIds.length;
    }

    /** 0-based rank of {@code id} when ids are ordered by descending score, ties by ascending id. */
    private static int rankOf(float[] scores, int id) {
        float s = scores[id];
        int rank = 0;
        for (int j = 0; j < scores.length; j++) {
            if (scores[j] > s || (scores[j] == s && j < id)) {
                rank++;
            }
        }
        return rank;
    }
}
