package io.longitude.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.longitude.warehouse.Warehouse;
import io.longitude.jobs.testing.LocalSpark;
import io.longitude.jobs.testing.LongitudeProcess;
import io.longitude.jobs.testing.TestData;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An executor task that fails is retried and changes nothing: {@code longitude ingest} on local[2,2] (two attempts
 * per task) with the first attempt of one extraction task made to throw (SplitExtraction's test-only hook)
 * succeeds, and every published table and the summary's counts equal those of a clean run over the same input.
 */
@ExtendWith(LocalSpark.class)
class TaskRetryIngestIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRetriedTaskGivesTheCleanRunsTables(SparkSession spark, @TempDir Path tmp) throws IOException {
        Path input = TestData.firstSharedBundles(8, tmp.resolve("input"));
        Files.copy(TestData.repositoryRoot().resolve("fhir-ingest/src/test/resources/fixtures/mixed.ndjson"),
                input.resolve("mixed.ndjson"));

        Path clean = tmp.resolve("clean");
        IngestSummary expected = new IngestJob(new IngestConfig(List.of(input.toString()), clean.toString(),
                1 << 20, 1 << 28, 4, 64L << 20, 128L << 20, IngestMode.DEVELOPMENT)).run(spark);

        Path retried = tmp.resolve("retried");
        Path summaryFile = tmp.resolve("retried-summary.json");
        LongitudeProcess.Result result = LongitudeProcess.run(List.of("-Xmx1g", "-Dspark.master=local[2,2]",
                        "-D" + SplitExtraction.FAIL_FIRST_ATTEMPT + "=extraction:0"),
                Duration.ofMinutes(5), tmp.resolve("ingest.log"),
                "ingest", "--input", input.toString(), "--warehouse", retried.toString(), "--summary", summaryFile.toString(),
                "--conf", "ingest.max-line-bytes=" + (1 << 20), "--conf", "ingest.min-partitions=4");

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("injected failure: first attempt of extraction partition 0"),
                "the first attempt failed: " + result.output());
        JsonNode summary = JSON.readTree(summaryFile.toFile());
        assertEquals(expected.byType(), SmallHeapIngestIT.byType(summary.get("byType")));
        assertEquals(expected.rejectsByReason(), SmallHeapIngestIT.counts(summary.get("rejectsByReason")));
        assertEquals(expected.encountersByClass(), SmallHeapIngestIT.counts(summary.get("encountersByClass")));
        assertEquals(expected.patients(), summary.get("patients").asLong());
        assertEquals(expected.resourcesRead(), summary.get("resourcesRead").asLong());

        for (String table : IngestJob.TABLES) {
            Dataset<Row> a = spark.read().parquet(new Warehouse(clean.toString()).table(table));
            Dataset<Row> b = spark.read().parquet(new Warehouse(retried.toString()).table(table));
            assertEquals(a.count(), b.count(), table);
            assertEquals(0, a.exceptAll(b).count(), table);
            assertEquals(0, b.exceptAll(a).count(), table);
        }
    }
}
