package io.longitude.models.evaluation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DecisionCurveTest {

    private static final double[] SCORES = {0.9, 0.6, 0.3, 0.1};
    private static final int[] LABELS = {1, 0, 1, 0};

    @Test
    void netBenefitByHand() {
        // t = 0.25 treats 0.9, 0.6, 0.3: TP 2, FP 1, odds ⅓ → 2/4 − ¼·⅓.
        assertEquals(0.5 - 1.0 / 12, DecisionCurve.netBenefit(SCORES, LABELS, 0.25), 1e-12);
        // t = 0.5 treats 0.9 and 0.6 (a score at the threshold is treated): TP 1, FP 1, odds 1 → 0.
        assertEquals(0.0, DecisionCurve.netBenefit(SCORES, LABELS, 0.5), 1e-12);
        // t = 0.95 treats no one.
        assertEquals(0.0, DecisionCurve.netBenefit(SCORES, LABELS, 0.95), 1e-12);
    }

    @Test
    void treatAllIsPrevalenceLessTheOddsWeightedNegatives() {
        assertEquals(0.5 - 0.5 / 3, DecisionCurve.treatAll(0.5, 0.25), 1e-12);
        assertEquals(0.1 - 0.9 * 0.1 / 0.9, DecisionCurve.treatAll(0.1, 0.1), 1e-12);
        // A model that scores everyone 1 treats everyone.
        double[] everyone = {1, 1, 1, 1};
        for (double t : new double[] {0.01, 0.2, 0.5}) {
            assertEquals(DecisionCurve.treatAll(0.5, t), DecisionCurve.netBenefit(everyone, LABELS, t), 1e-12);
        }
    }

    @Test
    void aThresholdOutsideTheOpenUnitIntervalIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DecisionCurve.treatAll(0.5, 1.0));
        assertThrows(IllegalArgumentException.class, () -> DecisionCurve.netBenefit(SCORES, LABELS, 0));
    }
}
