package io.longitude.models.evaluation;

import java.util.List;

/**
 * What the metric computation needs, independent of Spark and of where the data lives.
 *
 * @param ageBandStarts ascending lower bounds of the age bands, e.g. [18, 45, 65, 80] gives 18–44, 45–64,
 *                      65–79, 80+
 */
public record MetricSettings(int bootstrapResamples, long bootstrapSeed, int minPositivePatients,
                                 List<Double> thresholds, List<Integer> ageBandStarts, int reliabilityBins,
                                 int curvePoints, RecalibrationMethod recalibration) {

    public MetricSettings {
        if (bootstrapResamples < 1000) {
            throw new IllegalArgumentException("at least 1000 bootstrap resamples are needed for a 95% interval");
        }
        if (reliabilityBins < 2 || curvePoints < 2) {
            throw new IllegalArgumentException("reliability bins and curve points must be at least 2");
        }
        for (int i = 1; i < ageBandStarts.size(); i++) {
            if (ageBandStarts.get(i) <= ageBandStarts.get(i - 1)) {
                throw new IllegalArgumentException("age band starts must be strictly ascending");
            }
        }
        thresholds = List.copyOf(thresholds);
        ageBandStarts = List.copyOf(ageBandStarts);
    }

    public String ageBand(int age) {
        String band = null;
        for (int i = 0; i < ageBandStarts.size() && age >= ageBandStarts.get(i); i++) {
            band = i + 1 < ageBandStarts.size()
                    ? ageBandStarts.get(i) + "-" + (ageBandStarts.get(i + 1) - 1)
                    : ageBandStarts.get(i) + "+";
        }
        return band;
    }
}
