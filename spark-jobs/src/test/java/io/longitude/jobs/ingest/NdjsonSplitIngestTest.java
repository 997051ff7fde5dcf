package io.longitude.jobs.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.longitude.warehouse.Warehouse;
import io.longitude.jobs.testing.LocalSpark;
import io.longitude.jobs.testing.TestData;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Bulk Data export whose NDJSON files are cut into byte ranges read by separate tasks gives the same tables
 * and summary as reading every file whole, a bad line keeps its line number, and an incremental run that
 * re-reads one changed file in ranges gives the same as re-reading it whole.
 */
@ExtendWith(LocalSpark.class)
class NdjsonSplitIngestTest {

    private static final long SMALL_SPLITS = 500_000;
    /** The export's files ingest uses plus one it ignores (Claim): enough to cut, half the export's bytes. */
    private static final List<String> FILES = List.of("Patient.ndjson", "Encounter.ndjson", "Condition.ndjson",
            "Observation.ndjson", "Procedure.ndjson", "MedicationRequest.ndjson", "DiagnosticReport.ndjson",
            "Claim.ndjson");

    @Test
    void byteRangeSplitsGiveTheSameTablesAsWholeFiles(SparkSession spark, @TempDir Path tmp) throws IOException {
        Path input = Files.createDirectories(tmp.resolve("input"));
        Path export = TestData.syntheaNdjson(12, 20261125);
        for (String file : FILES) {
            Files.copy(export.resolve(file), input.resolve(file));
        }
        long brokenLine = insertTruncatedLineMidway(input.resolve("Observation.ndjson"));

        List<InputSplit> splits = InputSplits.plan(new Configuration(),
                InputFiles.list(List.of(input.toString()), new Configuration()), SMALL_SPLITS);
        assertTrue(splits.stream().filter(InputSplit::ranged).count() >= 30, "several files are cut into ranges");

        IngestSummary whole = ingest(spark, input, tmp.resolve("whole"), 64L << 20);
        IngestSummary ranged = ingest(spark, input, tmp.resolve("ranged"), SMALL_SPLITS);

        assertEquals(withoutRunFields(whole), withoutRunFields(ranged));
        assertEquals(Map.of("INVALID_JSON", 1L), ranged.rejectsByReason());
        assertSameTables(spark, tmp);
        Warehouse rangedTables = new Warehouse(tmp.resolve("ranged").toString());
        Dataset<Row> rejects = spark.read().parquet(rangedTables.table(Warehouse.REJECTS));
        Dataset<Row> files = spark.read().parquet(rangedTables.table(Warehouse.IDENTITY_SOURCE_FILES));
        Row reject = rejects.join(files, rejects.col("sourceFileKey").equalTo(files.col("fileKey"))).first();
        assertTrue(reject.<String>getAs("path").endsWith("/Observation.ndjson"));
        assertEquals(brokenLine, (long) reject.<Long>getAs("location"), "the reject carries its 1-based line");

        // Incremental: the repaired file alone is read again, in ranges, and replaces what it brought before.
        List<String> lines = new ArrayList<>(Files.readAllLines(input.resolve("Observation.ndjson"), StandardCharsets.UTF_8));
        lines.remove((int) brokenLine - 1);
        Files.write(input.resolve("Observation.ndjson"), lines, StandardCharsets.UTF_8);
        IngestSummary wholeAgain = ingest(spark, input, tmp.resolve("whole"), 64L << 20);
        IngestSummary rangedAgain = ingest(spark, input, tmp.resolve("ranged"), SMALL_SPLITS);
        assertEquals(1L, rangedAgain.files().get("readChanged"));
        assertEquals(1L, rangedAgain.files().get("read"));
        assertEquals(withoutRunFields(wholeAgain), withoutRunFields(rangedAgain));
        assertEquals(Map.of(), rangedAgain.rejectsByReason());
        assertSameTables(spark, tmp);
    }

    private static void assertSameTables(SparkSession spark, Path tmp) {
        for (String table : IngestJob.TABLES) {
            Dataset<Row> a = spark.read().parquet(new Warehouse(tmp.resolve("whole").toString()).table(table));
            Dataset<Row> b = spark.read().parquet(new Warehouse(tmp.resolve("ranged").toString()).table(table));
            assertEquals(a.count(), b.count(), table);
            assertEquals(0, a.exceptAll(b).count(), table);
            assertEquals(0, b.exceptAll(a).count(), table);
        }
    }

    /** Inserts a truncated resource as the file's middle line, past its first range; returns that line's number. */
    private static long insertTruncatedLineMidway(Path file) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        int index = lines.size() / 2;
        lines.add(index, "{\"resourceType\":\"Observation\",\"id\":\"truncated\",");
        Files.write(file, lines, StandardCharsets.UTF_8);
        assertTrue(Files.size(file) > 2 * SMALL_SPLITS);
        return index + 1;
    }

    private static Map<?, ?> withoutRunFields(IngestSummary summary) throws IOException {
        Map<?, ?> values = new ObjectMapper().readValue(summary.toJson(), Map.class);
        values.remove("runId");
        values.remove("elapsedMillis");
        values.remove("phaseSeconds");
        return values;
    }

    private static IngestSummary ingest(SparkSession spark, Path input, Path warehouse, long splitBytes) {
        return new IngestJob(new IngestConfig(List.of(input.toString()), warehouse.toString(), 1 << 25, 1 << 28, 0,
                splitBytes, 128L << 20, IngestMode.DEVELOPMENT)).run(spark);
    }
}
