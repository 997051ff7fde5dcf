package io.longitude.scoring;

import io.longitude.models.evaluation.JudgedMetric;

import java.util.LinkedHashMap;
import java.util.Map;
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
     * Counted over the scored events whose outcome is known.
     *
     * @param probabilitySum the sum of their calibrated probabilities
     * @param auroc          their AUROC (NaN when one class is absent)
     * @param perBand        per risk band: events and positives
     */
    public static Map<String, Object> of(long events, long positives, double probabilitySum, long positivePatients,
                                         double auroc, Map<String, long[]> perBand, int minPositivePatients) {
        JudgedMetric judged = JudgedMetric.of("realised", "auroc", events == 0 ? Double.NaN : auroc,
                positivePatients, minPositivePatients);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("events", events);
        out.put("positives", positives);
        out.put("positivePatients", positivePatients);
        out.put("judgeable", judged.judgeable());
        out.put("auroc", Double.isFinite(judged.value()) ? judged.value() : null);
        out.put("aurocText", judged.text());
        out.put("meanProbability", events == 0 ? null : probabilitySum / events);
        out.put("observedRate", events == 0 ? null : (double) positives / events);
        Map<String, Map<String, Long>> bandCounts = new TreeMap<>();
        perBand.forEach((band, counts) -> bandCounts.put(band, Map.of("events", counts[0], "positives", counts[1])));
        out.put("bands", bandCounts);
        return out;
    }
}
