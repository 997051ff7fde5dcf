package io.longitude.jobs.evaluate;

import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recall@k for next-visit diagnosis prediction: per visit, the share of the next visit's true codes found
 * among the k highest-ranked predicted codes, averaged over visits that have at least one true code.
 * The baseline ranks codes by how often they occur in the training targets, the same list for everyone.
 */
public final class NextVisitRecall {

    private NextVisitRecall() {
    }

    public static double recallAtK(List<List<String>> rankedPredictions, List<Set<String>> truth, int k) {
        if (rankedPredictions.size() != truth.size()) {
            throw new IllegalArgumentException("predictions and targets differ in length");
        }
        double sum = 0;
        int counted = 0;
        for (int v = 0; v < truth.size(); v++) {
            Set<String> actual = truth.get(v);
            if (actual.isEmpty()) {
                continue;
            }
            List<String> ranked = rankedPredictions.get(v);
            long hits = ranked.subList(0, Math.min(k, ranked.size())).stream().distinct().filter(actual::contains).count();
            sum += (double) hits / actual.size();
            counted++;
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    /** Codes by descending frequency in the training targets, ties broken by code for determinism. */
    public static List<String> mostFrequentCodes(List<Set<String>> trainingTargets) {
        Map<String, Long> counts = new HashMap<>();
        for (Set<String> codes : trainingTargets) {
            for (String code : codes) {
                counts.merge(code, 1L, Long::sum);
            }
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Recall@k of the most-frequent-codes baseline: the same ranked list for every visit. */
    public static double baselineRecallAtK(List<Set<String>> trainingTargets, List<Set<String>> truth, int k) {
        List<String> ranking = mostFrequentCodes(trainingTargets);
        return recallAtK(Collections.nCopies(truth.size(), ranking), truth, k);
    }
}
