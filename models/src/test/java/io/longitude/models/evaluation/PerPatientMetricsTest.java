package io.longitude.models.evaluation;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class PerPatientMetricsTest {

    @Test
    void eachPatientsSamplesShareAWeightOfOne() {
        PatientBootstrap patients = new PatientBootstrap(new String[] {"a", "a", "b", "c", "c", "c"}, 1000, 1);
        assertArrayEquals(new double[] {0.5, 0.5, 1, 1.0 / 3, 1.0 / 3, 1.0 / 3}, patients.perPatientWeights(), 1e-12);
    }

    @Test
    void withOneSamplePerPatientTheWeightedMetricsAreThePlainOnes() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 200;
        double[] scores = new double[n];
        int[] labels = new int[n];
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextDouble() < 0.2 ? 1 : 0;
            scores[i] = Math.round((0.3 * labels[i] + 0.7 * random.nextDouble()) * 20) / 20.0;
            keys[i] = "p" + i;
        }
        RankedScores ranked = new RankedScores(scores, labels);
        double[] perPatient = new PatientBootstrap(keys, 1000, 1).perPatientWeights();
        assertEquals(ranked.auroc(ranked.unitWeights()), ranked.auroc(perPatient), 1e-12);
        assertEquals(ranked.averagePrecision(ranked.unitWeights()), ranked.averagePrecision(perPatient), 1e-12);
    }

    @Test
    void aPatientWithTwoStaysCountsOnceInTheWeightedAuroc() {
        // Patient a: a positive at 0.9 and a negative at 0.2 (weight ½ each); b: a negative at 0.5; c: a positive
        // at 0.4. Positive-negative pairs, weight products: 0.9>0.2 (¼), 0.9>0.5 (½), 0.4>0.2 (½), 0.4<0.5 (0):
        // 1.25 of 1.5·1.5 = 5/9. Unweighted: 3 of 4 pairs.
        double[] scores = {0.9, 0.2, 0.5, 0.4};
        int[] labels = {1, 0, 0, 1};
        RankedScores ranked = new RankedScores(scores, labels);
        double[] perPatient = new PatientBootstrap(new String[] {"a", "a", "b", "c"}, 1000, 1).perPatientWeights();
        assertEquals(0.75, ranked.auroc(ranked.unitWeights()), 1e-12);
        assertEquals(5.0 / 9, ranked.auroc(perPatient), 1e-12);
        // Average precision, per patient: at 0.9 precision ½/½ = 1 (weight ½); at 0.4, ½+1 positive of ½+1+1 = 0.6
        // (weight 1): (½·1 + 1·0.6) / 1.5.
        assertEquals((0.5 + 0.6) / 1.5, ranked.averagePrecision(perPatient), 1e-12);
        assertNotEquals(ranked.averagePrecision(ranked.unitWeights()), ranked.averagePrecision(perPatient));
    }
}
