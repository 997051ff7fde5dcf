package io.longitude.scoring;

import io.longitude.models.evaluation.JudgedMetric;
import io.longitude.models.evaluation.RankedScores;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How scored events turned out, once their outcome is known: events, positives, positive patients (and whether
 * that is enough to judge), AUROC, mean predicted probability against the observed rate (calibration in the large)
 * and, per risk band, events and positives (alert counts). The figures a backtest reports per night range.
 */
public final class RealisedMetrics {

    private RealisedMetrics() {
    }

    /**
     * @param probabilities calibrated probabilities of the events whose outcome is known
     * @param labels        their outcomes (1 or 0), in the same order
     */
    public static Map<String, Object> of(double[] probabilities, int[] labels, String[] patientKeys, String[] bands,
                                         int minPositivePatients) {
        long positives = 0;
        double predicted = 0;
        Set<String> positivePatients = new HashSet<>();
        Map<String, long[]> perBand = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            positives += labels[i];
            predicted += probabilities[i];
            if (labels[i] == 1) {
                positivePatients.add(patientKeys[i]);
            }
            long[] band = perBand.computeIfAbsent(bands[i], b -> new long[2]);
            band[0]++;
            band[1] += labels[i];
        }
        JudgedMetric auroc = JudgedMetric.of("realised", "auroc",
                labels.length == 0 ? Double.NaN : RankedScores.auroc(probabilities, labels), positivePatients.size(),
                minPositivePatients);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("events", (long) labels.length);
        out.put("positives", positives);
        out.put("positivePatients", (long) positivePatients.size());
        out.put("judgeable", auroc.judgeable());
        out.put("auroc", Double.isFinite(auroc.value()) ? auroc.value() : null);
        out.put("aurocText", auroc.text());
        out.put("meanProbability", labels.length == 0 ? null : predicted / labels.length);
        out.put("observedRate", labels.length == 0 ? null : (double) positives / labels.length);
        Map<String, Map<String, Long>> bandCounts = new TreeMap<>();
        perBand.forEach((band, counts) -> bandCounts.put(band, Map.of("events", counts[0], "positives", counts[1])));
        out.put("bands", bandCounts);
        return out;
    }
}
