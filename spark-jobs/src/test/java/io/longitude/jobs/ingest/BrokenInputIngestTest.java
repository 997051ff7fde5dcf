package io.longitude.jobs.ingest;

import io.longitude.fhir.Pseudonymiser;
import io.longitude.warehouse.Warehouse;
import io.longitude.jobs.testing.LocalSpark;
import io.longitude.jobs.testing.TestData;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Broken and hostile files mixed with good ones: the run completes, every broken file, line or resource
 * is in {@code rejects} with its reason (including those only the cross-file steps can see), and the
 * counts add up.
 */
@ExtendWith(LocalSpark.class)
class BrokenInputIngestTest {

    private static final String PATIENT_A = "{\"resourceType\":\"Patient\",\"id\":\"pa\",\"gender\":\"female\","
            + "\"birthDate\":\"1950-02-03\",\"identifier\":[{\"system\":\"urn:mrn\",\"value\":\"shared\"}]}";
    private static final String PATIENT_B = "{\"resourceType\":\"Patient\",\"id\":\"pb\",\"gender\":\"male\","
            + "\"birthDate\":\"1951-04-05\",\"identifier\":[{\"system\":\"urn:mrn\",\"value\":\"shared\"}]}";
    private static final String ENCOUNTER = "{\"resourceType\":\"Encounter\",\"id\":\"e1\",\"status\":\"finished\","
            + "\"class\":{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"IMP\"},"
            + "\"subject\":{\"reference\":\"Patient/pa\"},"
            + "\"period\":{\"start\":\"2020-01-01T10:00:00Z\",\"end\":\"2020-01-05T10:00:00Z\"}}";

    private static String condition(String id, String subject, String code, String onset) {
        return "{\"resourceType\":\"Condition\",\"id\":\"" + id + "\","
                + (subject == null ? "" : "\"subject\":{\"reference\":\"" + subject + "\"},")
                + "\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"" + code + "\"}]},"
                + "\"onsetDateTime\":\"" + onset + "\"}";
    }

    @Test
    void brokenRecordsAreRejectedWithTheirReasonAndCountsAddUp(SparkSession spark, @TempDir Path tmp) throws IOException {
        Path input = Files.createDirectories(tmp.resolve("input"));
        List<Path> good;
        try (Stream<Path> shared = Files.list(TestData.sharedSyntheaBundles())) {
            good = shared.sorted().limit(3).toList();
        }
        for (Path bundle : good) {
            Files.copy(bundle, input.resolve(bundle.getFileName()));
        }

        Files.writeString(input.resolve("Patient.ndjson"), PATIENT_A + "\n" + PATIENT_B + "\n");
        Files.writeString(input.resolve("Encounter.ndjson"), ENCOUNTER + "\n"
                + ENCOUNTER.replace("\"id\":\"e1\"", "\"id\":\"e2\"").replace("Patient/pa", "Patient/nobody") + "\n");
        Files.writeString(input.resolve("Condition.ndjson"), String.join("\n",
                condition("c1", "Patient/pa", "44054006", "2020-01-02T00:00:00Z"),
                condition("c2", null, "44054006", "2020-01-02T00:00:00Z"),                 // MISSING_SUBJECT
                condition("c3", "Patient?identifier=urn:mrn|shared", "1", "2020-01-02T00:00:00Z"), // AMBIGUOUS_SUBJECT
                condition("c4", "Patient/pa", "1", "2020-13-45T99:00:00Z"),                // BAD_DATE
                "{\"resourceType\":\"Condition\",\"id\":\"c5\",",                           // INVALID_JSON (truncated)
                "",
                condition("c1", "Patient/pa", "38341003", "2020-01-03T00:00:00Z"),         // DUPLICATE_RESOURCE
                "[1,2,3]",                                                                  // NOT_FHIR
                condition("c6", "http://example.org/fhir/Patient/pa", "2", "2020-01-03T00:00:00Z"))
                + "\n");
        Files.writeString(input.resolve("Observation.ndjson"), "");                         // EMPTY_FILE
        Files.write(input.resolve("Binary.ndjson"), new byte[]{0, (byte) 0xff, 0x13, 0x37, (byte) 0x80, 0}); // INVALID_JSON
        Files.writeString(input.resolve("Procedure.ndjson.gz"), "this is not gzip\n");      // CORRUPT_GZIP
        Files.writeString(input.resolve("notes.txt"), "not FHIR at all\n");                 // UNSUPPORTED_FILE
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(input.resolve("truncated.json.gz")))) {
            out.write("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":".getBytes(StandardCharsets.UTF_8));
        }                                                                                     // INVALID_JSON

        Path warehouse = tmp.resolve("warehouse");
        IngestSummary summary = SyntheaIngestTest.ingest(spark, input, warehouse);

        Map<String, Long> expectedRejects = new TreeMap<>(Map.of(
                "MISSING_SUBJECT", 1L, "AMBIGUOUS_SUBJECT", 1L, "BAD_DATE", 1L, "INVALID_JSON", 3L,
                "DUPLICATE_RESOURCE", 1L, "NOT_FHIR", 1L, "EMPTY_FILE", 1L, "CORRUPT_GZIP", 1L,
                "UNSUPPORTED_FILE", 1L, "SUBJECT_NOT_FOUND", 1L));
        assertEquals(expectedRejects, summary.rejectsByReason(), summary::toJson);
        assertEquals(summary.resourcesRead(),
                summary.resourcesAccepted() + summary.resourcesIgnored() + summary.resourcesRejected());
        assertEquals(expectedRejects.values().stream().mapToLong(Long::longValue).sum(), summary.resourcesRejected());

        Warehouse tables = new Warehouse(warehouse.toString());
        List<Row> rejects = spark.read().parquet(tables.table(Warehouse.REJECTS)).collectAsList();
        Map<String, String> sourceFiles = new TreeMap<>();
        for (Row file : spark.read().parquet(tables.table(Warehouse.IDENTITY_SOURCE_FILES)).collectAsList()) {
            sourceFiles.put(file.getAs("fileKey"), file.getAs("path"));
        }
        Pseudonymiser pseudonymiser = Pseudonymiser.fromEnvironment();
        for (Row reject : rejects) {
            String fileKey = reject.getAs("sourceFileKey");
            assertTrue(sourceFiles.containsKey(fileKey), "every reject names its file by a key identity resolves");
            assertEquals(fileKey, pseudonymiser.fileKey(sourceFiles.get(fileKey)));
            String message = reject.getAs("message");
            assertFalse(message.contains("44054006") || message.contains("shared"), "no payload in messages: " + message);
            String row = reject.toString();
            assertFalse(sourceFiles.values().stream().anyMatch(path -> row.contains(path.substring(path.lastIndexOf('/') + 1))),
                    "no file name outside identity: " + row);
        }
        Row ambiguous = spark.read().parquet(tables.table(Warehouse.REJECTS))
                .filter(col("reason").equalTo("AMBIGUOUS_SUBJECT")).first();
        assertEquals(pseudonymiser.key(ambiguous.getAs("resourceType") + "/c3"), ambiguous.getAs("resourceKey"),
                "a rejected resource is named by the key of Type/id");
        assertEquals(3L, (long) ambiguous.<Long>getAs("location"), "NDJSON rejects carry their 1-based line");

        // pa holds e1 and the conditions that survived (c1 newest version, c6 via an absolute URL).
        String pa = pseudonymiser.key("Patient/pa");
        List<String> paCodes = spark.read().parquet(tables.table(Warehouse.EVENTS))
                .filter(col("patientKey").equalTo(pa)).orderBy("code").select("code").as(Encoders.STRING())
                .collectAsList();
        assertEquals(List.of("2", "38341003"), paCodes, "c1 (kept version) and c6 (absolute URL) belong to pa");
        assertEquals(good.size() + 2, summary.patients());
    }
}
