package io.longitude.models.evaluation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RankedScoresTest {

    // scikit-learn's documented example: roc_auc_score = 0.75, average_precision_score = 0.8333…
    private static final double[] SCORES = {0.1, 0.4, 0.35, 0.8};
    private static final int[] LABELS = {0, 0, 1, 1};

    @Test
    void aurocAveragePrecisionAndBrierMatchHandComputedValues() {
        RankedScores ranked = new RankedScores(SCORES, LABELS);
        double[] unit = ranked.unitWeights();
        assertEquals(0.75, ranked.auroc(unit), 1e-12);
        // Thresholds 0.8 → precision 1 at recall 1/2; 0.35 → precision 2/3 at recall 1: AP = (1 + 2/3) / 2.
        assertEquals(5.0 / 6.0, ranked.averagePrecision(unit), 1e-12);
        assertEquals((0.01 + 0.16 + 0.4225 + 0.04) / 4, ranked.brier(unit), 1e-12);
    }

    @Test
    void tiesCountOneHalfAndEnterPrecisionTogether() {
        RankedScores ranked = new RankedScores(new double[] {0.5, 0.5, 0.2, 0.9}, new int[] {1, 0, 0, 1});
        double[] unit = ranked.unitWeights();
        // Pairs (pos, neg): (0.5, 0.5) = ½, (0.5, 0.2) = 1, (0.9, 0.5) = 1, (0.9, 0.2) = 1 → 3.5 / 4.
        assertEquals(0.875, ranked.auroc(unit), 1e-12);
        // 0.9 → precision 1; the tied 0.5 pair enters together → precision 2/3. AP = (1 + 2/3) / 2.
        assertEquals(5.0 / 6.0, ranked.averagePrecision(unit), 1e-12);
    }

    @Test
    void weightTwoEqualsTheSampleDuplicated() {
        RankedScores weighted = new RankedScores(SCORES, LABELS);
        double[] w = {2, 1, 1, 1};
        RankedScores duplicated = new RankedScores(new double[] {0.1, 0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 0, 1, 1});
        double[] unit = duplicated.unitWeights();
        assertEquals(5.0 / 6.0, weighted.auroc(w), 1e-12);
        assertEquals(duplicated.auroc(unit), weighted.auroc(w), 1e-12);
        assertEquals(duplicated.averagePrecision(unit), weighted.averagePrecision(w), 1e-12);
        assertEquals(duplicated.brier(unit), weighted.brier(w), 1e-12);
    }

    @Test
    void aurocIsUndefinedWithoutBothClasses() {
        RankedScores ranked = new RankedScores(SCORES, LABELS);
        assertTrue(Double.isNaN(ranked.auroc(new double[] {1, 1, 0, 0})));
        assertTrue(Double.isNaN(ranked.averagePrecision(new double[] {1, 1, 0, 0})));
    }

    @Test
    void aurocCountsCorrectlyOrderedPairsWithTiesAsHalf() {
        assertEquals(1.0, RankedScores.auroc(new double[] {0.1, 0.2, 0.8, 0.9}, new int[] {0, 0, 1, 1}));
        assertEquals(0.0, RankedScores.auroc(new double[] {0.9, 0.8, 0.2, 0.1}, new int[] {0, 0, 1, 1}));
        assertEquals(0.5, RankedScores.auroc(new double[] {0.3, 0.3, 0.3, 0.3}, new int[] {0, 1, 0, 1}));
        // pairs (pos, neg): (0.4 vs 0.1) win, (0.4 vs 0.4) tie, (0.35 vs 0.1) win, (0.35 vs 0.4) loss
        assertEquals(2.5 / 4, RankedScores.auroc(new double[] {0.1, 0.4, 0.35, 0.4}, new int[] {0, 0, 1, 1}));
        assertTrue(Double.isNaN(RankedScores.auroc(new double[] {0.1, 0.2}, new int[] {1, 1})));
    }

    @Test
    void aurocMatchesThePairwiseDefinitionOnRandomScores() {
        java.util.Random random = new java.util.Random(3);
        int n = 300;
        double[] scores = new double[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(3) == 0 ? 1 : 0;
            scores[i] = Math.round((random.nextGaussian() + labels[i]) * 10) / 10.0;
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (labels[i] == 1 && labels[j] == 0) {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        assertEquals(wins / pairs, RankedScores.auroc(scores, labels), 1e-12);
    }

    @Test
    void curvesRunFromTheHighestScoreDown() {
        RankedScores ranked = new RankedScores(SCORES, LABELS);
        double[][] roc = ranked.rocCurve(100);
        assertArrayEquals(new double[] {0, 0}, roc[0]);
        assertArrayEquals(new double[] {0, 0.5}, roc[1]);   // 0.8 (positive)
        assertArrayEquals(new double[] {0.5, 0.5}, roc[2]); // 0.4 (negative)
        assertArrayEquals(new double[] {0.5, 1}, roc[3]);   // 0.35 (positive)
        assertArrayEquals(new double[] {1, 1}, roc[4]);
        double[][] pr = ranked.precisionRecallCurve(100);
        assertArrayEquals(new double[] {0.5, 1}, pr[0]);
        assertArrayEquals(new double[] {1, 2.0 / 3}, pr[2], 1e-12);
        assertEquals(3, ranked.rocCurve(3).length);
    }
}
