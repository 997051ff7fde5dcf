package io.longitude.models.evaluation;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmoothCalibrationTest {

    @Test
    void withThreeScoreLevelsTheCurvePassesThroughTheirObservedRates() {
        // Three parameters, three distinct scores (ten samples each, so the 10/50/90th percentile knots fall on
        // one level each): the fit is saturated and reproduces the observed rate at each level.
        double[] levels = {0.1, 0.3, 0.6};
        int[] positives = {2, 3, 7};
        double[] scores = new double[30];
        int[] labels = new int[30];
        for (int l = 0; l < 3; l++) {
            for (int j = 0; j < 10; j++) {
                scores[l * 10 + j] = levels[l];
                labels[l * 10 + j] = j < positives[l] ? 1 : 0;
            }
        }
        SmoothCalibration smooth = new SmoothCalibration(scores, labels);
        double[] unit = new double[30];
        Arrays.fill(unit, 1);
        assertArrayEquals(new double[] {0.2, 0.3, 0.7}, smooth.observedAt(levels, unit), 1e-6);
        assertArrayEquals(levels, smooth.knotRisks(), 1e-9);
    }

    @Test
    void weightsActAsMultiplicities() {
        // The three-level sample again; weight 2 on the two positives of the first level and 0 on one of its
        // negatives: its weighted rate is 4 / (4 + 7); the other levels keep theirs.
        double[] levels = {0.1, 0.3, 0.6};
        int[] positives = {2, 3, 7};
        double[] scores = new double[30];
        int[] labels = new int[30];
        double[] weights = new double[30];
        for (int l = 0; l < 3; l++) {
            for (int j = 0; j < 10; j++) {
                scores[l * 10 + j] = levels[l];
                labels[l * 10 + j] = j < positives[l] ? 1 : 0;
                weights[l * 10 + j] = l == 0 && j < 2 ? 2 : l == 0 && j == 9 ? 0 : 1;
            }
        }
        assertArrayEquals(new double[] {4.0 / 11, 0.3, 0.7},
                new SmoothCalibration(scores, labels).observedAt(levels, weights), 1e-6);
    }

    @Test
    void aCalibratedModelsCurveFollowsTheDiagonal() {
        SplittableRandom random = new SplittableRandom(11);
        int n = 20_000;
        double[] scores = new double[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            scores[i] = 1 / (1 + Math.exp(-(-1.5 + 1.2 * random.nextGaussian())));
            labels[i] = random.nextDouble() < scores[i] ? 1 : 0;
        }
        double[] grid = SmoothCalibration.grid(scores, 10);
        double[] unit = new double[n];
        Arrays.fill(unit, 1);
        double[] observed = new SmoothCalibration(scores, labels).observedAt(grid, unit);
        for (int g = 0; g < grid.length; g++) {
            assertEquals(grid[g], observed[g], 0.03, "at predicted " + grid[g]);
        }
    }

    @Test
    void tooFewDistinctScoresGiveNoCurve() {
        double[] observed = new SmoothCalibration(new double[] {0.2, 0.2, 0.2, 0.7}, new int[] {0, 1, 0, 1})
                .observedAt(new double[] {0.3}, new double[] {1, 1, 1, 1});
        assertTrue(Double.isNaN(observed[0]));
    }
}
