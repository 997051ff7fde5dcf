package io.longitude.models.evaluation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RiskDistributionTest {

    @Test
    void countsEachOutcomePerBinWithOneClosedAtOne() {
        RiskDistribution d = RiskDistribution.of(new double[] {0.0, 0.04, 0.05, 0.5, 0.97, 1.0, 0.51},
                new int[] {0, 0, 1, 0, 1, 1, 1}, 20);
        assertEquals(20, d.bins());
        assertEquals(2, d.negatives()[0], "0 and 0.04 in [0, 0.05)");
        assertEquals(1, d.positives()[1], "0.05 opens the second bin");
        assertEquals(1, d.negatives()[10]);
        assertEquals(1, d.positives()[10]);
        assertEquals(2, d.positives()[19], "0.97 and exactly 1");
    }
}
