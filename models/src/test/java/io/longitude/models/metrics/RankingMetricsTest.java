package io.longitude.models.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

    @Test
    void aurocCountsCorrectlyOrderedPairsWithTiesAsHalf() {
        assertEquals(1.0, RankingMetrics.auroc(new double[] {0.1, 0.2, 0.8, 0.9}, new int[] {0, 0, 1, 1}));
        assertEquals(0.0, RankingMetrics.auroc(new double[] {0.9, 0.8, 0.2, 0.1}, new int[] {0, 0, 1, 1}));
        assertEquals(0.5, RankingMetrics.auroc(new double[] {0.3, 0.3, 0.3, 0.3}, new int[] {0, 1, 0, 1}));
        // pairs (pos, neg): (0.4 vs 0.1) win, (0.4 vs 0.4) tie, (0.35 vs 0.1) win, (0.35 vs 0.4) loss
        assertEquals(2.5 / 4, RankingMetrics.auroc(new double[] {0.1, 0.4, 0.35, 0.4}, new int[] {0, 0, 1, 1}));
    }

    @Test
    void aurocMatchesThePairwiseDefinitionOnRandomScores() {
        Random random = new Random(3);
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
        assertEquals(wins / pairs, RankingMetrics.auroc(scores, labels), 1e-12);
    }

    @Test
    void aurocIsUndefinedForOneClass() {
        assertThrows(IllegalArgumentException.class,
                () -> RankingMetrics.auroc(new double[] {0.1, 0.2}, new int[] {1, 1}));
    }

    @Test
    void recallAtKIsTheShareOfTrueCodesAmongTheTopK() {
        float[] scores = {0.9f, 0.1f, 0.5f, 0.7f, 0.3f};
        assertEquals(1.0, RankingMetrics.recallAtK(scores, new int[] {0, 3}, 2));
        assertEquals(0.5, RankingMetrics.recallAtK(scores, new int[] {0, 4}, 2));
        assertEquals(1.0, RankingMetrics.recallAtK(scores, new int[] {0, 4}, 4));
        assertEquals(0.0, RankingMetrics.recallAtK(scores, new int[] {1}, 4));
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.recallAtK(scores, new int[0], 2));
    }
}
