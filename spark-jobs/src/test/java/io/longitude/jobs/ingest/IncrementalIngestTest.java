package io.longitude.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.longitude.jobs.StageKillHook;
import io.longitude.warehouse.Warehouse;
import io.longitude.jobs.testing.DirectoryFingerprints;
import io.longitude.jobs.testing.LocalSpark;
import io.longitude.jobs.testing.TestData;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resource-level incremental ingest on the shared Synthea bundles (one patient per file), split into sets
 * by file: a warehouse built run by run must equal one built from scratch over the same files, while each
 * run reads only the files it has not seen and rebuilds only the patients that changed.
 */
@ExtendWith(LocalSpark.class)
class IncrementalIngestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PUBLISHED = Stream.concat(IngestJob.TABLES.stream().map(t -> "tables/" + t),
            IngestJob.STATE.stream().map(s -> "state/" + s)).toList();

    @Test
    void addedFilesAreTheOnlyOnesReadAfterAKilledRunAndTheResultEqualsAFromScratchRun(SparkSession spark,
                                                                                       @TempDir Path tmp) throws IOException {
        List<Path> a = bundles(0, 12);
        List<Path> b = bundles(12, 6);
        List<Path> all = Stream.concat(a.stream(), b.stream()).toList();
        Path warehouse = tmp.resolve("incremental");

        IngestSummary first = ingest(spark, a, warehouse);
        assertEquals(12L, first.files().get("readNew"));
        assertEquals(12L, first.patientsRebuilt());
        Map<String, String> afterFirst = fingerprints(warehouse);

        System.setProperty(StageKillHook.PROPERTY, "ingest:staged");
        try {
            IllegalStateException killed = assertThrows(IllegalStateException.class, () -> ingest(spark, all, warehouse));
            assertTrue(killed.getMessage().contains(StageKillHook.PROPERTY), killed.getMessage());
        } finally {
            System.clearProperty(StageKillHook.PROPERTY);
        }
        assertEquals(afterFirst, fingerprints(warehouse), "a killed run leaves published tables and state as they were");

        IngestSummary second = ingest(spark, all, warehouse);
        assertEquals(18L, second.files().get("seen"));
        assertEquals(12L, second.files().get("skippedAlreadyIngested"));
        assertEquals(12L, second.files().get("skippedUnopened"), "unchanged size and time: not even hashed");
        assertEquals(6L, second.files().get("read"));
        assertEquals(6L, second.files().get("readNew"));
        assertEquals(6L, second.patientsRebuilt());
        assertEquals(12L, second.patientsCarriedOver());
        assertEquals(first.resources().get("added"), second.resources().get("unchanged"));
        assertEquals(0L, second.resources().get("replaced"));
        assertEquals(0L, second.resources().get("deleted"));
        assertTrue(second.resources().get("added") > 0);

        Path scratch = tmp.resolve("scratch");
        IngestSummary fromScratch = ingest(spark, all, scratch);
        assertEquals(18L, fromScratch.patientsRebuilt());
        assertSameTables(spark, warehouse, scratch, IngestJob.TABLES);
        assertEquals(fromScratch.patients(), second.patients());

        Map<String, String> published = fingerprints(warehouse);
        IngestSummary rerun = ingest(spark, all, warehouse);
        assertTrue(rerun.upToDate(), rerun::toJson);
        assertEquals(0L, rerun.files().get("read"));
        assertEquals(0L, rerun.files().get("hashed"));
        assertEquals(0L, rerun.resourcesRead());
        assertEquals(published, fingerprints(warehouse), "a rerun over the same inputs rewrites nothing");
    }

    @Test
    void aChangedResourceReplacesItsOldVersionAndOnlyItsPatientIsRebuilt(SparkSession spark, @TempDir Path tmp)
            throws IOException {
        List<Path> inputs = new ArrayList<>(bundles(40, 8));
        Path warehouse = tmp.resolve("incremental");
        IngestSummary before = ingest(spark, inputs, warehouse);
        long eventsBefore = events(spark, warehouse).count();

        // The patient and one of its conditions again, newer (meta.lastUpdated) and with another code.
        ObjectNode bundle = readBundle(inputs.get(3));
        ArrayNode kept = JSON.createArrayNode();
        for (JsonNode entry : bundle.get("entry")) {
            String type = entry.path("resource").path("resourceType").asText();
            if (type.equals("Patient") || (type.equals("Condition") && kept.size() == 1)) {
                ObjectNode resource = (ObjectNode) entry.get("resource");
                resource.with("meta").put("lastUpdated", "2026-01-01T00:00:00Z");
                if (type.equals("Condition")) {
                    ((ObjectNode) resource.get("code").get("coding").get(0)).put("code", "424242424");
                }
                kept.add(entry);
            }
        }
        assertEquals(2, kept.size());
        bundle.set("entry", kept);
        Path update = Files.createDirectories(tmp.resolve("update")).resolve("patient-update.json");
        Files.writeString(update, JSON.writeValueAsString(bundle));
        inputs.add(update);

        IngestSummary after = ingest(spark, inputs, warehouse);
        assertEquals(1L, after.files().get("read"));
        assertEquals(Map.of("added", 0L, "replaced", 2L, "deleted", 0L, "unchanged",
                before.resources().get("added") - 2, "deleteRequestsRead", 0L), after.resources());
        assertEquals(1L, after.patientsRebuilt());
        assertEquals(7L, after.patientsCarriedOver());
        assertEquals(eventsBefore, events(spark, warehouse).count(), "the new version replaces the old one");
        assertEquals(1L, events(spark, warehouse).filter(col("code").equalTo("424242424")).count());
        assertEquals(Map.of("DUPLICATE_RESOURCE", 2L), after.rejectsByReason());

        Path scratch = tmp.resolve("scratch");
        ingest(spark, inputs, scratch);
        assertSameTables(spark, warehouse, scratch, IngestJob.TABLES);

        // Touched, not changed: hashed again, found identical, nothing read or rewritten but its time.
        Map<String, String> published = fingerprints(warehouse);
        Files.setLastModifiedTime(update, FileTime.fromMillis(Files.getLastModifiedTime(update).toMillis() + 3_600_000));
        IngestSummary touched = ingest(spark, inputs, warehouse);
        assertTrue(touched.upToDate());
        assertEquals(1L, touched.files().get("hashed"));
        assertEquals(9L, touched.files().get("skippedAlreadyIngested"));
        Map<String, String> now = fingerprints(warehouse);
        now.forEach((file, hash) -> {
            if (!file.startsWith("state/files/")) {
                assertEquals(published.get(file), hash, file);
            }
        });
        assertEquals(published.keySet().stream().filter(f -> !f.startsWith("state/files/")).toList(),
                now.keySet().stream().filter(f -> !f.startsWith("state/files/")).toList());
    }

    @Test
    void aBulkDeletedFileAndATransactionTombstoneRemoveResources(SparkSession spark, @TempDir Path tmp)
            throws IOException {
        List<Path> inputs = bundles(60, 6);
        Path warehouse = tmp.resolve("incremental");
        ingest(spark, inputs, warehouse);

        ObjectNode first = readBundle(inputs.get(1));
        ObjectNode second = readBundle(inputs.get(4));
        String condition = removeFirst(first, "Condition");
        String observation = removeFirst(second, "Observation");
        Path deletes = Files.createDirectories(tmp.resolve("deletes"));
        Files.writeString(deletes.resolve("Bundle.ndjson"), "{\"resourceType\":\"Bundle\",\"type\":\"transaction\","
                + "\"entry\":[{\"request\":{\"method\":\"DELETE\",\"url\":\"Condition/" + condition + "\"}}]}\n");
        Files.writeString(deletes.resolve("tombstones.json"), "{\"resourceType\":\"Bundle\",\"type\":\"transaction\","
                + "\"entry\":[{\"request\":{\"method\":\"DELETE\",\"url\":\"Observation/" + observation + "\"}},"
                + "{\"request\":{\"method\":\"DELETE\",\"url\":\"Observation?code=8302-2\"}}]}");
        List<Path> withDeletes = Stream.concat(inputs.stream(), Stream.of(deletes)).toList();

        IngestSummary deleted = ingest(spark, withDeletes, warehouse);
        assertEquals(2L, deleted.files().get("read"));
        assertEquals(2L, deleted.resources().get("deleted"));
        assertEquals(2L, deleted.resources().get("deleteRequestsRead"));
        assertEquals(2L, deleted.patientsRebuilt());
        assertEquals(Map.of("INVALID_DELETE", 1L), deleted.rejectsByReason());

        // From scratch over the same bundles with those two entries left out.
        Path without = Files.createDirectories(tmp.resolve("without"));
        List<Path> edited = new ArrayList<>(inputs);
        edited.set(1, writeBundle(first, without.resolve("first.json")));
        edited.set(4, writeBundle(second, without.resolve("second.json")));
        Path scratch = tmp.resolve("scratch-without");
        ingest(spark, edited, scratch);
        assertSameTables(spark, warehouse, scratch, List.of(Warehouse.VISIT_SEQUENCES, Warehouse.PATIENTS,
                Warehouse.ENCOUNTERS, Warehouse.EVENTS, Warehouse.IDENTITY));

        // Deletes read in the same run as the versions they delete win.
        Path sameRun = tmp.resolve("scratch-with-deletes");
        ingest(spark, withDeletes, sameRun);
        assertSameTables(spark, warehouse, sameRun, IngestJob.TABLES);
    }

    private static IngestSummary ingest(SparkSession spark, List<Path> inputs, Path warehouse) {
        return new IngestJob(new IngestConfig(inputs.stream().map(Path::toString).toList(), warehouse.toString(),
                1 << 25, 1 << 28, 0, 64L << 20, 128L << 20, IngestMode.DEVELOPMENT)).run(spark);
    }

    private static List<Path> bundles(int from, int count) throws IOException {
        try (Stream<Path> files = Files.list(TestData.sharedSyntheaBundles())) {
            return files.sorted().skip(from).limit(count).toList();
        }
    }

    private static Dataset<Row> events(SparkSession spark, Path warehouse) {
        return spark.read().parquet(new Warehouse(warehouse.toString()).table(Warehouse.EVENTS));
    }

    private static void assertSameTables(SparkSession spark, Path actual, Path expected, List<String> tables) {
        for (String table : tables) {
            Dataset<Row> x = spark.read().parquet(new Warehouse(actual.toString()).table(table));
            Dataset<Row> y = spark.read().parquet(new Warehouse(expected.toString()).table(table));
            assertEquals(y.count(), x.count(), table);
            assertEquals(0, x.exceptAll(y).count(), table + ": rows only in " + actual.getFileName());
            assertEquals(0, y.exceptAll(x).count(), table + ": rows only in " + expected.getFileName());
        }
    }

    private static Map<String, String> fingerprints(Path warehouse) throws IOException {
        Map<String, String> all = new java.util.TreeMap<>();
        for (String folder : PUBLISHED) {
            Path dir = warehouse.resolve(folder);
            assertTrue(Files.isDirectory(dir), folder);
            DirectoryFingerprints.of(dir).forEach((file, hash) -> all.put(folder + "/" + file, hash));
        }
        return all;
    }

    private static ObjectNode readBundle(Path gzipped) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gzipped))) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    private static Path writeBundle(ObjectNode bundle, Path file) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(bundle));
        return file;
    }

    /** Removes the bundle's first resource of a type; returns its id. */
    private static String removeFirst(ObjectNode bundle, String type) {
        ArrayNode entries = (ArrayNode) bundle.get("entry");
        for (int i = 0; i < entries.size(); i++) {
            JsonNode resource = entries.get(i).path("resource");
            if (type.equals(resource.path("resourceType").asText())) {
                entries.remove(i);
                String id = resource.path("id").asText();
                assertFalse(id.isEmpty());
                return id;
            }
        }
        throw new AssertionError("no " + type + " in the bundle");
    }
}
