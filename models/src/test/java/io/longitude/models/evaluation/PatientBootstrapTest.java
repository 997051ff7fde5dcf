package io.longitude.models.evaluation;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatientBootstrapTest {

    @Test
    void percentileInterpolatesBetweenRanks() {
        double[] sorted = {1, 2, 3, 4, 5};
        assertEquals(1.1, PatientBootstrap.percentile(sorted, 0.025), 1e-12);
        assertEquals(4.9, PatientBootstrap.percentile(sorted, 0.975), 1e-12);
    }

    @Test
    void aPatientsSamplesAlwaysShareOneWeight() {
        String[] patients = {"p1", "p1", "p1", "p2", "p3", "p3"};
        PatientBootstrap bootstrap = new PatientBootstrap(patients, 1000, 7);
        AtomicBoolean split = new AtomicBoolean();
        ConfidenceInterval total = bootstrap.interval(w -> {
            if (w[0] != w[1] || w[1] != w[2] || w[4] != w[5]) {
                split.set(true);
            }
            // Drawn patients always number 3: the multiplicities of p1, p2, p3 add up to 3.
            return w[0] + w[3] + w[4];
        });
        assertFalse(split.get());
        assertEquals(3.0, total.lower(), 0);
        assertEquals(3.0, total.upper(), 0);
    }

    @Test
    void resamplingPatientsLosesAllPositivesWhenOnePatientHoldsThem() {
        // Four patients; all eight positive stays belong to p1. A resample lacks p1 with probability
        // (3/4)^4 = 0.316, and then AUROC does not exist: a stay-level bootstrap would almost never see that.
        String[] patients = new String[16];
        double[] scores = new double[16];
        int[] labels = new int[16];
        for (int i = 0; i < 16; i++) {
            patients[i] = i < 8 ? "p1" : "p" + (2 + i % 3);
            labels[i] = i < 8 ? 1 : 0;
            scores[i] = i < 8 ? 0.5 + i * 0.05 : 0.1 + i * 0.03;
        }
        RankedScores ranked = new RankedScores(scores, labels);
        ConfidenceInterval ci = new PatientBootstrap(patients, 4000, 11).interval(ranked::auroc);
        double undefinedShare = ci.undefinedResamples() / 4000.0;
        assertTrue(undefinedShare > 0.29 && undefinedShare < 0.345, "undefined share " + undefinedShare);
    }

    @Test
    void seededIntervalsRepeatAndContainTheEstimate() {
        int n = 400;
        String[] patients = new String[n];
        double[] scores = new double[n];
        int[] labels = new int[n];
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            patients[i] = "p" + (i / 3);
            labels[i] = random.nextDouble() < 0.2 ? 1 : 0;
            scores[i] = Math.min(1, Math.max(0, 0.25 + 0.3 * labels[i] + 0.2 * random.nextGaussian()));
        }
        RankedScores ranked = new RankedScores(scores, labels);
        double estimate = ranked.auroc(ranked.unitWeights());
        ConfidenceInterval a = new PatientBootstrap(patients, 1000, 42).interval(ranked::auroc);
        ConfidenceInterval b = new PatientBootstrap(patients, 1000, 42).interval(ranked::auroc);
        ConfidenceInterval c = new PatientBootstrap(patients, 1000, 43).interval(ranked::auroc);
        assertEquals(a, b);
        assertNotEquals(a.lower(), c.lower());
        assertTrue(a.lower() < estimate && estimate < a.upper(), a + " vs " + estimate);
        assertTrue(a.halfWidth() > 0.01 && a.halfWidth() < 0.1, "half-width " + a.halfWidth());
    }
}
