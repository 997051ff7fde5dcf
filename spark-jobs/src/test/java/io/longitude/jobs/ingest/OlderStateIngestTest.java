package io.longitude.jobs.ingest;

import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.testing.LocalSpark;
import io.longitude.jobs.testing.TestData;
import io.longitude.warehouse.Warehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A warehouse whose ingest state has no {@code state/current} (as an older Longitude wrote it, whose
 * {@code state/resources} held bean-encoded records) is not decoded: the next run reads every input again and
 * ends with the same counts as the first run. A state written before coding displays were kept (no
 * {@code codings} column, no {@code codes} table) still ingests incrementally.
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

    @Test
    void stateWithoutCodingDisplaysStillIngestsIncrementally(SparkSession spark, @TempDir Path tmp) throws IOException {
        Path input = TestData.firstSharedBundles(3, tmp.resolve("input"));
        Path older = tmp.resolve("older");
        Path third;
        try (Stream<Path> files = Files.list(input)) {
            third = files.sorted().toList().get(2);
        }
        Path laterFile = Files.move(third, tmp.resolve(third.getFileName()));
        ingest(spark, input, older);
        Warehouse warehouse = new Warehouse(older.toString());
        String resources = warehouse.state(Warehouse.STATE_RESOURCES);
        String withoutCodings = tmp.resolve("resources-without-codings").toString();
        spark.read().parquet(resources).drop(StateRecords.CODINGS).write().parquet(withoutCodings);
        deleteRecursively(Path.of(resources));
        Files.move(Path.of(withoutCodings), Path.of(resources));
        deleteRecursively(Path.of(warehouse.table(Warehouse.CODES)));
        Files.move(laterFile, input.resolve(laterFile.getFileName()));

        IngestSummary next = ingest(spark, input, older);

        assertEquals(1L, next.files().get("read"));
        assertEquals(1L, next.patientsRebuilt());
        assertEquals(3L, next.patients());
        Path onlyThird = Files.createDirectories(tmp.resolve("third"));
        Files.copy(input.resolve(laterFile.getFileName()), onlyThird.resolve(laterFile.getFileName()));
        ingest(spark, onlyThird, tmp.resolve("third-alone"));
        Dataset<Row> codes = spark.read().parquet(warehouse.table(Warehouse.CODES));
        Dataset<Row> ofThirdAlone = spark.read().parquet(new Warehouse(tmp.resolve("third-alone").toString())
                .table(Warehouse.CODES));
        assertTrue(codes.count() > 0);
        assertEquals(0, codes.exceptAll(ofThirdAlone).count(), "records read before keep no display until re-read");
        assertEquals(0, ofThirdAlone.exceptAll(codes).count());
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
