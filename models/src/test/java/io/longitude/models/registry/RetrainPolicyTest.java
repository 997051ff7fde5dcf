package io.longitude.models.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a run does under each {@code run.retrain}: a registry on disk holds a version trained at T0 (its clock
 * fixed there), and the policy is asked at later instants.
 */
class RetrainPolicyTest {

    private static final String TASK = "readmission-30d";
    private static final String MODEL = "gru";
    private static final Instant T0 = Instant.parse("2026-03-01T01:30:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    @TempDir
    Path root;

    private Optional<ModelVersion> latestTrainedAtT0() {
        ModelRegistry registry = new ModelRegistry(root, Clock.fixed(T0, ZoneOffset.UTC));
        registry.publish(registry.newVersion(TASK, MODEL));
        return registry.latest(TASK, MODEL);
    }

    @Test
    void withNoVersionYetEveryPolicyTrains() {
        Optional<ModelVersion> none = new ModelRegistry(root, Clock.systemUTC()).latest(TASK, MODEL);
        for (String when : new String[]{"always", "never", "if-older-than"}) {
            RetrainPolicy.Decision decision = RetrainPolicy.of(when, WEEK).decide(none, T0);
            assertTrue(decision.train(), when);
            assertEquals("trained now: no trained version yet", decision.reason());
        }
    }

    @Test
    void ifOlderThanKeepsAYoungerVersionAndTrainsFromTheMaximumAgeOn() {
        Optional<ModelVersion> latest = latestTrainedAtT0();
        RetrainPolicy policy = RetrainPolicy.of("if-older-than", WEEK);

        RetrainPolicy.Decision young = policy.decide(latest, T0.plus(Duration.ofDays(3)).plus(Duration.ofHours(4)));
        assertFalse(young.train());
        assertEquals(latest.get(), young.kept());
        assertEquals("kept v20260301T013000Z: trained 3d 4h ago, younger than 7d (run.retrain = if-older-than)",
                young.reason());

        RetrainPolicy.Decision due = policy.decide(latest, T0.plus(WEEK));
        assertTrue(due.train(), "exactly the maximum age is old enough");
        assertNull(due.kept());
        assertEquals("trained now: v20260301T013000Z was trained 7d ago, not younger than 7d (run.retrain = if-older-than)",
                due.reason());
        assertFalse(policy.decide(latest, T0.plus(WEEK).minusSeconds(60)).train());
    }

    @Test
    void alwaysTrainsAndNeverKeeps() {
        Optional<ModelVersion> latest = latestTrainedAtT0();
        Instant muchLater = T0.plus(Duration.ofDays(400));
        assertTrue(RetrainPolicy.of("always", WEEK).decide(latest, T0).train());
        RetrainPolicy.Decision never = RetrainPolicy.of("never", WEEK).decide(latest, muchLater);
        assertFalse(never.train());
        assertEquals("kept v20260301T013000Z (run.retrain = never)", never.reason());
    }

    @Test
    void aVersionOfUnknownAgeIsRetrainedAndBadPoliciesAreRefused() throws Exception {
        Files.createDirectories(root.resolve("copied-by-hand"));
        RetrainPolicy.Decision unknown = RetrainPolicy.of("if-older-than", WEEK)
                .decide(Optional.of(new ModelVersion(root.resolve("copied-by-hand"))), T0);
        assertTrue(unknown.train());
        assertTrue(unknown.reason().contains("unknown"), unknown.reason());

        assertTrue(assertThrows(IllegalArgumentException.class, () -> RetrainPolicy.of("sometimes", WEEK))
                .getMessage().contains("[always, never, if-older-than]"));
        assertThrows(IllegalArgumentException.class, () -> RetrainPolicy.of("if-older-than", Duration.ZERO));
    }
}
