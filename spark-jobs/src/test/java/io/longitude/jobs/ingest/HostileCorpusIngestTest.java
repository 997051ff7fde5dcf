package io.longitude.jobs.ingest;

import io.longitude.fhir.Pseudonymiser;
import io.longitude.warehouse.Warehouse;
import io.longitude.jobs.testing.LocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ingest of {@link HostileCorpus}: more than 40 kinds of broken and hostile input mixed with good data. The run
 * completes; every kind ends exactly as the corpus says (accepted, ignored, or rejected with its reason and count);
 * read = accepted + ignored + rejected per type and in total against counts the corpus knows independently; no
 * reject message repeats a payload value.
 */
@ExtendWith(LocalSpark.class)
class HostileCorpusIngestTest {

    /**
     * 1 MiB line and entry limits, which the long lines and the big entries run into; a 4 MiB bundle of Synthea
     * patients, over the entry limit as a whole, is read entry by entry.
     */
    static final HostileCorpus.Limits LIMITS = new HostileCorpus.Limits(1 << 20, 1 << 20, 4L << 20);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyKindEndsAsExpectedAndTheCountsAddUp(SparkSession spark, @TempDir Path tmp) throws IOException {
        Path input = tmp.resolve("corpus");
        List<HostileCorpus.Kind> kinds = HostileCorpus.write(input, LIMITS);
        assertTrue(kinds.size() >= 30, "at least 30 kinds, got " + kinds.size());
        Path warehousePath = tmp.resolve("warehouse");

        IngestSummary summary = new IngestJob(new IngestConfig(List.of(input.toString()), warehousePath.toString(),
                LIMITS.maxLineBytes(), LIMITS.maxEntryBytes(), 0, 64L << 20, 128L << 20, IngestMode.DEVELOPMENT)).run(spark);

        Warehouse warehouse = new Warehouse(warehousePath.toString());
        assertRejectsPerKind(spark, warehouse, input, kinds);
        assertEquals(HostileCorpus.expectedRejectsByReason(kinds), summary.rejectsByReason(), summary::toJson);
        assertEquals(HostileCorpus.expectedByType(kinds), summary.byType(), summary::toJson);
        long read = HostileCorpus.expectedByType(kinds).values().stream().mapToLong(c -> c.get("read")).sum();
        assertEquals(read, summary.resourcesRead());
        assertEquals(read, summary.resourcesAccepted() + summary.resourcesIgnored() + summary.resourcesRejected());
        assertEquals(HostileCorpus.expectedAccepted(kinds, "Patient"), summary.patients());
        assertEquals(HostileCorpus.expectedAccepted(kinds, "Encounter"), summary.encounters());

        assertAcceptedValues(spark, warehouse);
    }

    /**
     * Each kind's rejects, found by the folder their file lies in (through {@code identity_source_files}), are
     * exactly the kind's expected reasons.
     */
    private static void assertRejectsPerKind(SparkSession spark, Warehouse warehouse, Path input,
                                             List<HostileCorpus.Kind> kinds) {
        Dataset<Row> rejects = spark.read().parquet(warehouse.table(Warehouse.REJECTS));
        Dataset<Row> files = spark.read().parquet(warehouse.table(Warehouse.IDENTITY_SOURCE_FILES));
        Map<String, Map<String, Long>> actual = new TreeMap<>();
        for (Row r : rejects.join(files, rejects.col("sourceFileKey").equalTo(files.col("fileKey")), "left")
                .groupBy("path", "reason").count().collectAsList()) {
            assertNotNull(r.getString(0), "every reject's file is in identity_source_files");
            String kind = HostileCorpus.kindOf(input, r.getString(0));
            assertNotNull(kind, "a reject outside the corpus");
            actual.computeIfAbsent(kind, k -> new TreeMap<>()).merge(r.getString(1), r.getLong(2), Long::sum);
        }
        Map<String, Map<String, Long>> expected = new TreeMap<>();
        kinds.stream().filter(k -> !k.rejectsByReason.isEmpty()).forEach(k -> expected.put(k.name, k.rejectsByReason));
        assertEquals(expected, actual);

        for (Row r : rejects.select("message").collectAsList()) {
            String message = r.getString(0);
            assertFalse(message == null || message.isBlank(), "every reject says why");
            assertFalse(message.contains(HostileCorpus.PAYLOAD) || message.contains("xxxxxxxx"),
                    "no payload in reject messages: " + message);
        }
    }

    /** What was accepted from the kinds that test a rule rather than a reject. */
    private static void assertAcceptedValues(SparkSession spark, Warehouse warehouse) {
        Dataset<Row> events = spark.read().parquet(warehouse.table(Warehouse.EVENTS));
        assertEquals(1, events.filter(col("code").equalTo("dup-new")).count(), "the newer version is kept");
        assertEquals(0, events.filter(col("code").equalTo("dup-old")).count(), "the older version is not");
        Row noZone = events.filter(col("code").equalTo("no-zone")).first();
        assertEquals(Instant.parse("2020-03-04T10:00:00Z"), noZone.<Timestamp>getAs("time").toInstant(),
                "a dateTime without zone is UTC");
        assertEquals(1e308, events.filter(col("code").equalTo("ext-max")).first().<Double>getAs("value"));
        assertEquals(0.0, events.filter(col("code").equalTo("ext-negzero")).first().<Double>getAs("value"), 0.0);
        assertEquals(1, events.filter(col("code").equalTo("line-below")).count(), "a line just below the limit is read");
        String many = Pseudonymiser.fromEnvironment().key("Patient/many");
        assertEquals(2000, events.filter(col("patientKey").equalTo(many)).count());
    }
}
