package io.longitude.jobs.ingest;

import io.longitude.jobs.testing.IndependentFhirCount;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ingest of real Synthea data, checked against an independent count of the same files. */
@ExtendWith(LocalSpark.class)
class SyntheaIngestTest {

    private static final List<String> CLINICAL = List.of("Condition", "Procedure", "MedicationRequest",
            "MedicationAdministration", "Observation", "Immunization", "AllergyIntolerance", "DiagnosticReport");

    @Test
    void sharedSyntheaBundlesMatchAnIndependentCount(SparkSession spark, @TempDir Path warehouse) throws IOException {
        Path input = TestData.sharedSyntheaBundles();
        IndependentFhirCount expected = IndependentFhirCount.of(input);
        assertEquals(335, expected.files);
        assertEquals(333, expected.patients);

        IngestSummary summary = ingest(spark, input, warehouse);

        assertCountsMatch(expected, summary);
        assertEquals(0, summary.resourcesRejected(), () -> "unexpected rejects " + summary.rejectsByReason());
        assertTablesAgree(spark, warehouse, summary);
    }

    @Test
    void syntheaBulkExportWithConditionalReferencesMatchesAnIndependentCount(SparkSession spark, @TempDir Path tmp)
            throws IOException {
        Path export = TestData.syntheaNdjson(12, 20261125);
        IndependentFhirCount expected = IndependentFhirCount.of(export);

        IngestSummary direct = ingest(spark, export, tmp.resolve("direct"));
        assertCountsMatch(expected, direct);
        assertEquals(0, direct.resourcesRejected(), () -> "unexpected rejects " + direct.rejectsByReason());

        // The same export with every Patient/<id> reference rewritten as a conditional reference on the
        // Synthea identifier (as servers and Synthea 3.x do for practitioners and organisations).
        Path conditional = rewritePatientReferencesAsConditional(export, tmp.resolve("conditional-input"));
        IngestSummary viaIdentifier = ingest(spark, conditional, tmp.resolve("conditional"));
        assertCountsMatch(expected, viaIdentifier);
        assertEquals(0, viaIdentifier.resourcesRejected());

        Dataset<Row> a = spark.read().parquet(new Warehouse(tmp.resolve("direct").toString()).table(Warehouse.EVENTS));
        Dataset<Row> b = spark.read().parquet(new Warehouse(tmp.resolve("conditional").toString()).table(Warehouse.EVENTS));
        assertEquals(0, a.exceptAll(b).count(), "conditional references must give the same events");
        assertEquals(0, b.exceptAll(a).count());
        assertTablesAgree(spark, tmp.resolve("direct"), direct);
    }

    static IngestSummary ingest(SparkSession spark, Path input, Path warehouse) {
        return new IngestJob(new IngestConfig(List.of(input.toString()), warehouse.toString(), 1 << 25, 1 << 28, 0,
                64L << 20, 128L << 20, IngestMode.DEVELOPMENT)).run(spark);
    }

    private static void assertCountsMatch(IndependentFhirCount expected, IngestSummary summary) {
        assertEquals(expected.files, summary.inputFiles());
        assertEquals(expected.patients, summary.patients(), summary::toJson);
        assertEquals(expected.deceasedPatients, summary.deceasedPatients());
        assertEquals(expected.encounters(), summary.encounters());
        assertEquals(expected.encountersByClass, summary.encountersByClass());

        Map<String, Long> readByType = new TreeMap<>();
        summary.byType().forEach((type, c) -> readByType.put(type, c.get("read")));
        assertEquals(expected.resourcesByType, readByType);
        assertEquals(summary.resourcesRead(),
                summary.resourcesAccepted() + summary.resourcesIgnored() + summary.resourcesRejected());
        summary.byType().forEach((type, c) -> {
            assertEquals(c.get("read"), c.get("accepted") + c.get("ignored") + c.get("rejected"), type);
            boolean used = type.equals("Patient") || type.equals("Encounter") || CLINICAL.contains(type);
            assertEquals(used ? 0L : c.get("read"), c.get("ignored"), type + " ignored");
        });
    }

    private static void assertTablesAgree(SparkSession spark, Path warehousePath, IngestSummary summary) {
        Warehouse warehouse = new Warehouse(warehousePath.toString());
        Dataset<Row> sequences = spark.read().parquet(warehouse.table(Warehouse.VISIT_SEQUENCES));
        assertEquals(summary.patients(), sequences.count());
        assertEquals(summary.patients(), sequences.select("patientKey").distinct().count());
        assertEquals(summary.patients() + summary.encounters(),
                spark.read().parquet(warehouse.table(Warehouse.IDENTITY)).count());
        long clinicalAccepted = CLINICAL.stream().mapToLong(t -> summary.byType().getOrDefault(t, Map.of())
                .getOrDefault("accepted", 0L)).sum();
        long eventRows = spark.read().parquet(warehouse.table(Warehouse.EVENTS)).count();
        assertTrue(eventRows >= clinicalAccepted, "every accepted clinical resource gives at least one event");
        long attached = sequences.agg(org.apache.spark.sql.functions.sum(col("attachedByReference")
                .plus(col("attachedByTime")).plus(col("unattached")))).first().getLong(0);
        assertEquals(eventRows, attached, "every event is attached by reference, by time, or kept without a visit");
    }

    private static Path rewritePatientReferencesAsConditional(Path export, Path target) throws IOException {
        Files.createDirectories(target);
        Pattern patientReference = Pattern.compile("\"reference\":\"Patient/([0-9a-f-]+)\"");
        long rewritten = 0;
        try (Stream<Path> files = Files.list(export)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                if (file.toString().endsWith(".ndjson")) {
                    rewritten += patientReference.matcher(text).results().count();
                    text = patientReference.matcher(text).replaceAll(
                            "\"reference\":\"Patient?identifier=https://github.com/synthetichealth/synthea|$1\"");
                }
                Files.writeString(target.resolve(file.getFileName()), text);
            }
        }
        assertTrue(rewritten > 1000, "the export should reference its patients thousands of times: " + rewritten);
        return target;
    }
}
