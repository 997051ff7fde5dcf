package io.longitude.models.evaluation;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Next-visit-dx's recall@k, defined once (Doctor AI's visit-level recall). A prediction ranks the target codes
 * by descending score, ties by the lower id ({@link #topIds}); a hit is a distinct true code of the next visit
 * among the first k ranked; recall@k is hits over the number of distinct true codes, precision@k hits over k.
 * Both are averaged over the visits whose next visit has at least one true code. The Spark expressions over
 * prediction rows ({@code io.longitude.jobs.NextVisitRecall}) are tested against this class.
 */
public final class RecallAtK {

    private RecallAtK() {
    }

    /** Recall@k of one prediction given as scores by target id. */
    public static double of(float[] scores, int[] trueIds, int k) {
        if (trueIds.length == 0) {
            throw new IllegalArgumentException("recall is undefined without true ids");
        }
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        List<Integer> ranked = Arrays.stream(topIds(scores, k)).boxed().toList();
        List<Integer> truth = Arrays.stream(trueIds).boxed().toList();
        return recall(hits(ranked, truth, k), distinct(truth));
    }

    /** Ids of the {@code n} highest scores, by descending score, ties by ascending id. */
    public static int[] topIds(float[] scores, int n) {
        int kept = Math.min(n, scores.length);
        int[] top = new int[kept];
        int filled = 0;
        for (int id = 0; id < scores.length; id++) {
            float s = scores[id];
            if (filled == kept && (kept == 0 || s <= scores[top[kept - 1]])) {
                continue;
            }
            int at = filled == kept ? kept - 1 : filled++;
            while (at > 0 && scores[top[at - 1]] < s) {
                top[at] = top[at - 1];
                at--;
            }
            top[at] = id;
        }
        return top;
    }

    /** How many distinct codes of {@code truth} stand among the first {@code k} of {@code ranked} (best first). */
    public static <T> int hits(List<T> ranked, Collection<T> truth, int k) {
        Set<T> top = new HashSet<>(ranked.subList(0, Math.min(k, ranked.size())));
        int hits = 0;
        for (T code : new HashSet<>(truth)) {
            if (top.contains(code)) {
                hits++;
            }
        }
        return hits;
    }

    /** The number of distinct true codes: recall's denominator. */
    public static <T> int distinct(Collection<T> truth) {
        return new HashSet<>(truth).size();
    }

    public static double recall(int hits, int distinctTrueCodes) {
        return hits / (double) distinctTrueCodes;
    }

    public static double precision(int hits, int k) {
        return hits / (double) k;
    }
}
