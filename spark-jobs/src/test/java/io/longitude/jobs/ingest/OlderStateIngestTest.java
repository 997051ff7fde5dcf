package io.longitude.jobs.ingest;

import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.testing.LocalSpark;
import io.longitude.jobs.testing.TestData;
import io.longitude.warehouse.Warehouse;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A warehouse whose ingest state has no {@code state/current} (as an older Longitude wrote it, whose
 * {@code state/resources} held bean-encoded records) is not decoded: the next run reads every input again and
 * ends with the same counts as the first run.
 */
@ExtendWith(LocalSpark.class)
class OlderStateIngestTest {

    @Test
    void stateWithoutCurrentVersionsMakesTheNextRunReadEverythingAgain(SparkSession spark, @TempDir Path tmp)
            throws IOException {
        Path input = TestData.firstSharedBundles(3, tmp.resolve("input"));
        Path warehouse = tmp.resolve("warehouse");
        IngestSummary first = ingest(spark, input, warehouse);
        deleteRecursively(Path.of(new Warehouse(warehouse.toString()).state(Warehouse.STATE_CURRENT)));

        IngestSummary again = ingest(spark, input, warehouse);

        assertEquals(3L, again.files().get("read"));
        assertEquals(first.resourcesRead(), again.resourcesRead());
        assertEquals(first.patients(), again.patients());
        assertEquals(first.patients(), again.patientsRebuilt());
    }

    private static IngestSummary ingest(SparkSession spark, Path input, Path warehouse) {
        return new IngestJob(IngestConfig.from(LongitudeConfigLoader.load(null, List.of()), List.of(input.toString()),
                warehouse.toString())).run(spark);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
