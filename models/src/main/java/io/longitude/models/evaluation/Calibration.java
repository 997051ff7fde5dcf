package io.longitude.models.evaluation;

import java.util.ArrayList;
import java.util.List;

/** Reliability curve, expected calibration error, calibration-in-the-large and calibration slope. */
public final class Calibration {

    private Calibration() {
    }

    /**
     * Equal-width bins over [0, 1] (the last one closed); empty bins are kept with count 0 and NaN rates so
     * that the curve always has {@code bins} entries.
     */
    public static List<ReliabilityBin> reliabilityCurve(double[] scores, int[] labels, int bins) {
        long[] count = new long[bins];
        double[] predicted = new double[bins];
        double[] observed = new double[bins];
        for (int i = 0; i < scores.length; i++) {
            int b = Math.min(bins - 1, Math.max(0, (int) Math.floor(scores[i] * bins)));
            count[b]++;
            predicted[b] += scores[i];
            observed[b] += labels[i];
        }
        List<ReliabilityBin> curve = new ArrayList<>(bins);
        for (int b = 0; b < bins; b++) {
            curve.add(new ReliabilityBin((double) b / bins, (double) (b + 1) / bins, count[b],
                    count[b] == 0 ? Double.NaN : predicted[b] / count[b],
                    count[b] == 0 ? Double.NaN : observed[b] / count[b]));
        }
        return curve;
    }

    /** Sample-weighted mean of |observed rate − mean predicted| over the bins. */
    public static double expectedCalibrationError(List<ReliabilityBin> curve) {
        long total = 0;
        double sum = 0;
        for (ReliabilityBin bin : curve) {
            if (bin.count() > 0) {
                total += bin.count();
                sum += bin.count() * Math.abs(bin.observedRate() - bin.meanPredicted());
            }
        }
        return total == 0 ? Double.NaN : sum / total;
    }

    /**
     * Calibration-in-the-large: the intercept a of logit P(y=1) = a + logit(score) with the slope fixed at 1
     * (0 when predictions are calibrated on average; negative when they overestimate risk).
     */
    public static double calibrationInTheLarge(double[] scores, int[] labels) {
        return LogisticRecalibration.fitIntercept(scores, labels).intercept();
    }

    /** Calibration slope: b in logit P(y=1) = a + b·logit(score) (1 when calibrated; below 1 = overfitted). */
    public static double calibrationSlope(double[] scores, int[] labels) {
        return LogisticRecalibration.fit(scores, labels).slope();
    }
}
