package io.longitude.models.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Versions, the automatic first promotion, promote and rollback with their history, on a registry on disk. */
class ModelRegistryTest {

    private static final String TASK = "mortality-inhospital";
    private static final String MODEL = "gru";
    private static final Instant T0 = Instant.parse("2026-01-01T02:00:00Z");

    @TempDir
    Path root;

    /** The registry as a process started at {@code days} after T0 sees it. */
    private ModelRegistry at(double days) {
        return new ModelRegistry(root, Clock.fixed(T0.plus(Duration.ofMinutes(Math.round(days * 24 * 60))), ZoneOffset.UTC));
    }

    private String train(double days) {
        ModelRegistry registry = at(days);
        ModelVersion version = registry.newVersion(TASK, MODEL);
        registry.publish(version);
        return version.name();
    }

    @Test
    void theFirstTrainedVersionIsPromotedAutomaticallyAndLatestStaysTheNewest() {
        ModelRegistry registry = at(0);
        assertTrue(registry.promoted(TASK, MODEL).isEmpty());
        ModelVersion unfinished = registry.newVersion(TASK, MODEL);
        assertEquals("v20260101T020000Z", unfinished.name(), "named by the clock");
        assertEquals(T0, unfinished.trainedAt().orElseThrow());
        assertEquals(unfinished, registry.unfinished(TASK, MODEL).orElseThrow());
        assertTrue(registry.promoted(TASK, MODEL).isEmpty(), "an unfinished version is never promoted");
        registry.publish(unfinished);
        String v2 = train(7);

        assertEquals(unfinished.name(), registry.promoted(TASK, MODEL).orElseThrow().name());
        assertEquals(v2, registry.latest(TASK, MODEL).orElseThrow().name());
        assertEquals(List.of(unfinished.name(), v2), registry.finished(TASK, MODEL).stream().map(ModelVersion::name).toList());
        List<Promotion> history = registry.promotions(TASK, MODEL);
        assertEquals(1, history.size(), "only the first version is promoted without being asked");
        assertEquals(new Promotion(T0, ModelRegistry.AUTOMATIC, Promotion.PROMOTE, null, unfinished.name(),
                "first trained version, promoted automatically"), history.get(0));
    }

    @Test
    void promoteAndRollbackKeepWhoWhenFromToAndWhyAndRollbackReturnsToThePreviouslyPromoted() {
        String v1 = train(0);
        String v2 = train(7);
        String v3 = train(14);

        Promotion toV3 = at(15).promote(TASK, MODEL, v3, "ana", "better calibrated on the new test split");
        assertEquals(new Promotion(T0.plus(Duration.ofDays(15)), "ana", Promotion.PROMOTE, v1, v3,
                "better calibrated on the new test split"), toV3);
        at(16).promote(TASK, MODEL, v2, "ben", "v3 alerts too often on ward 4");
        assertEquals(v2, at(16).promoted(TASK, MODEL).orElseThrow().name());

        Promotion back = at(17).rollback(TASK, MODEL, "ana", "v2 misses sepsis admissions");
        assertEquals(new Promotion(T0.plus(Duration.ofDays(17)), "ana", Promotion.ROLLBACK, v2, v3,
                "v2 misses sepsis admissions"), back);
        assertEquals(v3, at(17).promoted(TASK, MODEL).orElseThrow().name());
        at(18).rollback(TASK, MODEL, "ana", "back to the first");
        assertEquals(v1, at(18).promoted(TASK, MODEL).orElseThrow().name(), "rollbacks walk back through the promotions");
        assertEquals(v3, at(18).latest(TASK, MODEL).orElseThrow().name(), "latest is untouched by promotions");

        PromotionRefusedException nothingLeft = assertThrows(PromotionRefusedException.class,
                () -> at(19).rollback(TASK, MODEL, "ana", "again"));
        assertTrue(nothingLeft.getMessage().contains("no version promoted before " + v1), nothingLeft.getMessage());
        List<Promotion> history = at(19).promotions(TASK, MODEL);
        assertEquals(List.of(Promotion.PROMOTE, Promotion.PROMOTE, Promotion.PROMOTE, Promotion.ROLLBACK, Promotion.ROLLBACK),
                history.stream().map(Promotion::action).toList());
        assertEquals(List.of("ben", "ana"), List.of(history.get(2).by(), history.get(4).by()));
        assertNull(history.get(0).from());
    }

    @Test
    void refusesUnknownUnfinishedAndAlreadyPromotedVersions() throws Exception {
        String v1 = train(0);
        ModelVersion unfinished = at(1).newVersion(TASK, MODEL);

        assertTrue(assertThrows(PromotionRefusedException.class, () -> at(2).promote(TASK, MODEL, "v20990101T000000Z", "ana", "typo"))
                .getMessage().contains("finished: [" + v1 + "]"));
        assertThrows(PromotionRefusedException.class, () -> at(2).promote(TASK, MODEL, unfinished.name(), "ana", "too early"));
        assertTrue(assertThrows(PromotionRefusedException.class, () -> at(2).promote(TASK, MODEL, v1, "ana", "again"))
                .getMessage().contains("already the promoted version"));
        assertTrue(assertThrows(PromotionRefusedException.class, () -> at(2).rollback("readmission-30d", MODEL, "ana", "none"))
                .getMessage().contains("no promoted version"));
        assertEquals(1, at(2).promotions(TASK, MODEL).size(), "a refused change leaves no trace");
        assertTrue(Files.isRegularFile(root.resolve(TASK).resolve(MODEL).resolve(ModelRegistry.PROMOTIONS)));
    }

    @Test
    void aVersionNotNamedByTheRegistryHasNoTrainingTime() throws Exception {
        ModelVersion handMade = new ModelVersion(Files.createDirectories(root.resolve("hand-made")));
        assertFalse(handMade.trainedAt().isPresent());
        assertFalse(new ModelVersion(root.resolve("v2026-01-01")).trainedAt().isPresent());
    }
}
