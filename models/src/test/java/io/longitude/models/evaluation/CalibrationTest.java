package io.longitude.models.evaluation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalibrationTest {

    @Test
    void reliabilityCurveAndExpectedCalibrationError() {
        double[] scores = {0.05, 0.05, 0.95, 0.95, 1.0};
        int[] labels = {0, 1, 1, 1, 1};
        List<ReliabilityBin> curve = Calibration.reliabilityCurve(scores, labels, 10);
        assertEquals(10, curve.size());
        assertEquals(2, curve.get(0).count());
        assertEquals(0.5, curve.get(0).observedRate(), 1e-12);
        assertEquals(3, curve.get(9).count(), "a score of exactly 1 falls in the last bin");
        assertEquals(0, curve.get(5).count());
        assertTrue(Double.isNaN(curve.get(5).observedRate()));
        // |0.5 − 0.05|·2 + |1 − 0.9667|·3 = 0.9 + 0.1, over 5 samples.
        assertEquals(1.0 / 5, Calibration.expectedCalibrationError(curve), 1e-12);
    }

    @Test
    void calibrationSlopeAndInterceptOfASaturatedFit() {
        // Two score levels: at 0.5 (logit 0) 1 of 4 positive, at 0.75 (logit ln 3) 3 of 4 positive. The
        // two-parameter fit reproduces both observed rates: a = logit(0.25) = −ln 3, a + b·ln 3 = ln 3 → b = 2.
        double[] scores = {0.5, 0.5, 0.5, 0.5, 0.75, 0.75, 0.75, 0.75};
        int[] labels = {1, 0, 0, 0, 1, 1, 1, 0};
        LogisticRecalibration fit = LogisticRecalibration.fit(scores, labels);
        assertEquals(-Math.log(3), fit.intercept(), 1e-8);
        assertEquals(2.0, fit.slope(), 1e-8);
        assertEquals(2.0, Calibration.calibrationSlope(scores, labels), 1e-8);
        assertEquals(0.25, fit.apply(0.5), 1e-8);
        assertEquals(0.75, fit.apply(0.75), 1e-8);
    }

    @Test
    void calibrationInTheLargeIsTheLogOddsShift() {
        // Everyone predicted 0.5, a quarter positive: the shift is logit(0.25) − logit(0.5) = −ln 3.
        double[] scores = {0.5, 0.5, 0.5, 0.5};
        int[] labels = {1, 0, 0, 0};
        assertEquals(-Math.log(3), Calibration.calibrationInTheLarge(scores, labels), 1e-9);
        // Calibrated on average: 0.2 and 0.8 predicted, one of each level positive out of 5 and 4 of 5.
        double[] calibrated = {0.2, 0.2, 0.2, 0.2, 0.2, 0.8, 0.8, 0.8, 0.8, 0.8};
        int[] outcome = {1, 0, 0, 0, 0, 1, 1, 1, 1, 0};
        assertEquals(0.0, Calibration.calibrationInTheLarge(calibrated, outcome), 1e-9);
        assertEquals(1.0, Calibration.calibrationSlope(calibrated, outcome), 1e-8);
    }

    @Test
    void overconfidentScoresStillHaveTheirFit() {
        // Scores at 0.01, 0.5 and 0.99 whose outcomes occur at 20 %, 30 % and 50 %: a real maximum with slope ≈ 0.15,
        // far from the start (slope 1), where a full Newton step overshoots into saturation and diverged to NaN.
        double[] scores = new double[30];
        int[] labels = new int[30];
        double[] levels = {0.01, 0.5, 0.99};
        int[] positives = {2, 3, 5};
        for (int l = 0; l < 3; l++) {
            for (int i = 0; i < 10; i++) {
                scores[l * 10 + i] = levels[l];
                labels[l * 10 + i] = i < positives[l] ? 1 : 0;
            }
        }
        LogisticRecalibration fit = LogisticRecalibration.fit(scores, labels);
        assertTrue(fit.isDefined());
        // The maximum is where the score equations hold: Σ (y − p) = 0 and Σ (y − p)·logit(score) = 0.
        double residual = 0;
        double weighted = 0;
        double citl = Calibration.calibrationInTheLarge(scores, labels);
        double residualAtCitl = 0;
        for (int i = 0; i < scores.length; i++) {
            double x = LogisticRecalibration.logit(scores[i]);
            residual += labels[i] - fit.apply(scores[i]);
            weighted += (labels[i] - fit.apply(scores[i])) * x;
            residualAtCitl += labels[i] - LogisticRecalibration.sigmoid(citl + x);
        }
        assertEquals(0, residual, 1e-9);
        assertEquals(0, weighted, 1e-9);
        assertEquals(0, residualAtCitl, 1e-9);
        assertEquals(0.1536, fit.slope(), 1e-4, "scikit-learn's unpenalised fit of the same data: 0.15359");
        assertEquals(0.1536, Calibration.calibrationSlope(scores, labels), 1e-4);
    }

    @Test
    void separableScoresHaveNoLogisticFit() {
        LogisticRecalibration fit = LogisticRecalibration.fit(new double[] {0.1, 0.2, 0.8, 0.9}, new int[] {0, 0, 1, 1});
        assertTrue(!fit.isDefined() || Math.abs(fit.slope()) > 10,
                "a perfectly separating score has an unbounded maximum-likelihood slope");
    }

    @Test
    void isotonicPoolsAdjacentViolators() {
        IsotonicRecalibration iso = IsotonicRecalibration.fit(new double[] {0.3, 0.1, 0.4, 0.2}, new int[] {0, 0, 1, 1});
        // Sorted labels 0, 1, 0, 1: the violating pair (0.2 → 1, 0.3 → 0) pools to 0.5.
        assertEquals(3, iso.blocks());
        assertEquals(0.0, iso.apply(0.1), 1e-12);
        assertEquals(0.5, iso.apply(0.2), 1e-12);
        assertEquals(0.5, iso.apply(0.25), 1e-12);
        assertEquals(0.75, iso.apply(0.35), 1e-12, "linear between block ends 0.3 → 0.5 and 0.4 → 1");
        assertEquals(1.0, iso.apply(0.9), 1e-12);
        assertEquals(0.0, iso.apply(0.0), 1e-12);
    }

    @Test
    void isotonicGivesTiedScoresOneValue() {
        IsotonicRecalibration iso = IsotonicRecalibration.fit(new double[] {0.2, 0.2, 0.2, 0.6}, new int[] {1, 0, 0, 1});
        assertEquals(1.0 / 3, iso.apply(0.2), 1e-12);
        assertEquals(2, iso.blocks());
    }

    @Test
    void thresholdMetrics() {
        double[] scores = {0.1, 0.4, 0.35, 0.8};
        int[] labels = {0, 0, 1, 1};
        ThresholdMetrics t = ThresholdMetrics.at(scores, labels, 0.3);
        assertEquals(2, t.truePositives());
        assertEquals(1, t.falsePositives());
        assertEquals(1.0, t.sensitivity(), 1e-12);
        assertEquals(0.5, t.specificity(), 1e-12);
        assertEquals(2.0 / 3, t.positivePredictiveValue(), 1e-12);
        assertEquals(1.0, t.negativePredictiveValue(), 1e-12);
        ThresholdMetrics high = ThresholdMetrics.at(scores, labels, 0.9);
        assertEquals(0.0, high.sensitivity(), 1e-12);
        assertTrue(Double.isNaN(high.positivePredictiveValue()), "no predicted positive: PPV undefined");
    }
}
