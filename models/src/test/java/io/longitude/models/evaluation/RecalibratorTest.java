package io.longitude.models.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecalibratorTest {

    private static final int MIN_POSITIVE_PATIENTS = 10;

    /** 400 validation samples whose positives are drawn with probability σ(direction·logit(score) − 2). */
    private static int[] labels(double[] scores, double direction, long seed) {
        Random random = new Random(seed);
        int[] labels = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            double p = LogisticRecalibration.sigmoid(direction * LogisticRecalibration.logit(scores[i]) - 2);
            labels[i] = random.nextDouble() < p ? 1 : 0;
        }
        return labels;
    }

    private static double[] scores(long seed) {
        Random random = new Random(seed);
        double[] scores = new double[400];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = 0.02 + 0.96 * random.nextDouble();
        }
        return scores;
    }

    private static int sum(int[] labels) {
        int sum = 0;
        for (int label : labels) {
            sum += label;
        }
        return sum;
    }

    private static void assertKeepsTheRanking(Recalibrator recalibrator) {
        double previous = -1;
        for (double score = 0.01; score < 1; score += 0.01) {
            double calibrated = recalibrator.apply(score);
            assertTrue(calibrated > previous, "strictly increasing at " + score);
            previous = calibrated;
        }
    }

    @Test
    void enoughPositivePatientsGetTheConfiguredMethod() {
        double[] scores = scores(1);
        int[] labels = labels(scores, 1.5, 2);
        Recalibrator platt = Recalibrator.fit(RecalibrationMethod.PLATT, scores, labels, sum(labels), MIN_POSITIVE_PATIENTS);
        assertEquals(AppliedRecalibration.PLATT, platt.applied());
        assertNull(platt.reason());
        LogisticRecalibration expected = LogisticRecalibration.fit(scores, labels);
        assertEquals(expected.apply(0.3), platt.apply(0.3), 1e-15);
        assertTrue(expected.slope() > 1, "labels drawn with slope 1.5: " + expected.slope());
        Recalibrator isotonic = Recalibrator.fit(RecalibrationMethod.ISOTONIC, scores, labels, sum(labels),
                MIN_POSITIVE_PATIENTS);
        assertEquals(AppliedRecalibration.ISOTONIC, isotonic.applied());
        assertEquals(IsotonicRecalibration.fit(scores, labels).apply(0.3), isotonic.apply(0.3), 0);
    }

    @Test
    void aPlattSlopeBelowZeroWouldReverseTheRankingAndIsNotApplied() {
        double[] scores = scores(3);
        int[] labels = labels(scores, -1.5, 4);
        assertTrue(LogisticRecalibration.fit(scores, labels).slope() < 0);
        Recalibrator recalibrator = Recalibrator.fit(RecalibrationMethod.PLATT, scores, labels, sum(labels),
                MIN_POSITIVE_PATIENTS);
        assertEquals(AppliedRecalibration.INTERCEPT, recalibrator.applied());
        assertTrue(recalibrator.reason().contains("reverse the model's ranking"), recalibrator.reason());
        assertKeepsTheRanking(recalibrator);
        assertEquals(1, recalibrator.logistic().slope(), 0);
        assertBaseRateMatches(recalibrator, scores, labels);
    }

    @Test
    void tooFewPositivePatientsRecalibrateTheBaseRateOnly() {
        double[] scores = scores(5);
        int[] labels = new int[scores.length];
        for (int i = 0; i < 4; i++) {
            labels[i * 97] = 1;
        }
        for (RecalibrationMethod method : RecalibrationMethod.values()) {
            Recalibrator recalibrator = Recalibrator.fit(method, scores, labels, 4, MIN_POSITIVE_PATIENTS);
            assertEquals(AppliedRecalibration.INTERCEPT, recalibrator.applied(), method.name());
            assertTrue(recalibrator.reason().startsWith("4 positive patient(s) in the validation split, fewer than "
                    + "the minimum of 10"), recalibrator.reason());
            assertKeepsTheRanking(recalibrator);
            assertBaseRateMatches(recalibrator, scores, labels);
        }
    }

    /** The intercept's score equation: the recalibrated validation risks sum to its positives. */
    private static void assertBaseRateMatches(Recalibrator recalibrator, double[] scores, int[] labels) {
        double expected = 0;
        for (double score : scores) {
            expected += recalibrator.apply(score);
        }
        assertEquals(sum(labels), expected, 1e-9);
    }

    @Test
    void aOneClassValidationSplitLeavesScoresAsTheyAre() {
        double[] scores = {0.1, 0.3, 0.6, 0.9};
        for (RecalibrationMethod method : RecalibrationMethod.values()) {
            Recalibrator none = Recalibrator.fit(method, scores, new int[] {0, 0, 0, 0}, 0, 1);
            assertEquals(AppliedRecalibration.NONE, none.applied(), method.name());
            assertFalse(none.recalibrates());
            assertEquals("the validation split has no positive sample", none.reason());
            assertEquals(0.6, none.apply(0.6), 0);
        }
        assertEquals(AppliedRecalibration.NONE,
                Recalibrator.fit(RecalibrationMethod.PLATT, scores, new int[] {1, 1, 1, 1}, 2, 1).applied());
    }

    @Test
    void whatIsWrittenIsReadBack(@TempDir Path dir) {
        double[] scores = scores(6);
        int[] many = labels(scores, 1.5, 7);
        int[] reversed = labels(scores, -1.5, 8);
        for (Recalibrator written : new Recalibrator[] {
                Recalibrator.fit(RecalibrationMethod.PLATT, scores, many, sum(many), MIN_POSITIVE_PATIENTS),
                Recalibrator.fit(RecalibrationMethod.ISOTONIC, scores, many, sum(many), MIN_POSITIVE_PATIENTS),
                Recalibrator.fit(RecalibrationMethod.PLATT, scores, reversed, sum(reversed), MIN_POSITIVE_PATIENTS),
                Recalibrator.fit(RecalibrationMethod.PLATT, scores, new int[scores.length], 0, MIN_POSITIVE_PATIENTS)}) {
            Path file = dir.resolve(written.applied() + ".json");
            written.write(file);
            Recalibrator read = Recalibrator.read(file);
            assertEquals(written.applied(), read.applied());
            assertEquals(written.reason(), read.reason());
            for (double score : new double[] {0.01, 0.2, 0.5, 0.97}) {
                assertEquals(written.apply(score), read.apply(score), 0);
            }
        }
    }

    @Test
    void aFileWrittenBeforeTheFallbacksAppliesWhatItStored(@TempDir Path dir) throws IOException {
        Path fitted = dir.resolve("fitted.json");
        Files.writeString(fitted, """
                {"method": "platt", "fittedOn": "validation", "validationSamples": 90,
                 "platt": {"intercept": -1.0, "slope": 0.5}}""");
        Recalibrator platt = Recalibrator.read(fitted);
        assertEquals(AppliedRecalibration.PLATT, platt.applied());
        assertEquals(LogisticRecalibration.sigmoid(-1.0 + 0.5 * LogisticRecalibration.logit(0.2)), platt.apply(0.2), 1e-15);
        Path unfitted = dir.resolve("unfitted.json");
        Files.writeString(unfitted, """
                {"method": "platt", "fittedOn": "validation", "validationSamples": 90,
                 "platt": {"intercept": null, "slope": null}}""");
        Recalibrator none = Recalibrator.read(unfitted);
        assertEquals(AppliedRecalibration.NONE, none.applied());
        assertEquals(0.2, none.apply(0.2), 0);
    }
}
