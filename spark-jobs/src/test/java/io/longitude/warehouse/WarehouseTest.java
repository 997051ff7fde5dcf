package io.longitude.warehouse;

import io.longitude.config.BadInputException;
import io.longitude.models.registry.ModelRegistry;
import io.longitude.models.registry.ModelVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The version to score (promoted) beside the newest trained (latest), as the score job reads them. */
class WarehouseTest {

    private static ModelVersion train(Path root, String instant) {
        ModelRegistry registry = new ModelRegistry(root.resolve("models"), Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
        ModelVersion version = registry.newVersion("readmission-30d", "gru");
        registry.publish(version);
        return version;
    }

    @Test
    void promotedVersionIsTheScoringOneAndLatestTheNewest(@TempDir Path root) {
        Warehouse warehouse = new Warehouse("file:" + root);
        BadInputException none = assertThrows(BadInputException.class, () -> warehouse.promotedVersion("readmission-30d", "gru"));
        assertTrue(none.getMessage().contains("no promoted version of model 'gru' for task 'readmission-30d'"), none.getMessage());

        ModelVersion first = train(root, "2026-01-01T02:00:00Z");
        ModelVersion second = train(root, "2026-01-08T02:00:00Z");
        assertEquals(first, warehouse.promotedVersion("readmission-30d", "gru"));
        assertEquals(second, warehouse.latestVersion("readmission-30d", "gru"));

        warehouse.modelRegistry().promote("readmission-30d", "gru", second.name(), "ana", "validated on the new split");
        assertEquals(second, warehouse.promotedVersion("readmission-30d", "gru"));
    }
}
