package io.longitude.models.evaluation;

/** Recall@k of one next-visit prediction (Doctor AI's visit-level recall; average it over visits). */
public final class RecallAtK {

    private RecallAtK() {
    }

    /**
     * The share of {@code trueIds} among the {@code k} highest scores (ties broken by the lower id).
     *
     * @throws IllegalArgumentException if {@code trueIds} is empty
     */
    public static double of(float[] scores, int[] trueIds, int k) {
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
