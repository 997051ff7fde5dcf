package io.longitude.jobs.ingest;

import io.longitude.fhir.RejectReason;
import io.longitude.jobs.testing.IndependentFhirCount;
import io.longitude.jobs.testing.TestData;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a corpus of broken and hostile FHIR input mixed with good data into a directory, one sub-directory per
 * kind, and says for every kind exactly what ingest must make of it: how many resources of each type are
 * accepted, ignored or rejected, and with which reason. Nothing is committed: the files are generated at test
 * time (the large ones streamed to disk), good data comes from the shared Synthea bundles and fhir-ingest's
 * reader fixtures.
 *
 * <p>Every generated resource carries {@link #PAYLOAD} in a name, display or note, so a test can check that no
 * reject message repeats input values.
 */
final class HostileCorpus {

    /** A value planted in the payload of generated resources; it must never reach a reject message. */
    static final String PAYLOAD = "P4YL0AD";
    /** The good patient most generated clinical resources belong to. */
    static final String PATIENT = "Patient/p1";

    private static final Set<String> EXTRACTED = Set.of("Patient", "Encounter", "Condition", "Procedure",
            "MedicationRequest", "MedicationAdministration", "Observation", "Immunization", "AllergyIntolerance",
            "DiagnosticReport");
    private static final String UNKNOWN = IngestSummary.UNKNOWN_TYPE;
    private static final String ONSET = "2020-01-02T00:00:00Z";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    /** How many shared Synthea bundles the "synthea-bundles" kind copies. */
    private static final int SYNTHEA_BUNDLES = 3;

    /** What ingest must make of one kind of input. */
    static final class Kind {
        final String name;
        /** type → {read, accepted, ignored, rejected}, as in the summary's byType. */
        final Map<String, Map<String, Long>> byType = new TreeMap<>();
        final Map<String, Long> rejectsByReason = new TreeMap<>();

        private Kind(String name) {
            this.name = name;
        }

        Kind accepted(String type, long n) {
            return count(type, "accepted", n);
        }

        Kind ignored(String type, long n) {
            return count(type, "ignored", n);
        }

        /** {@code type} null: a file or line whose resource type is unknown. */
        Kind rejected(String type, RejectReason reason, long n) {
            rejectsByReason.merge(reason.name(), n, Long::sum);
            return count(type == null ? UNKNOWN : type, "rejected", n);
        }

        private Kind count(String type, String outcome, long n) {
            Map<String, Long> counts = byType.computeIfAbsent(type, t -> emptyCounts());
            counts.merge(outcome, n, Long::sum);
            counts.merge("read", n, Long::sum);
            return this;
        }

        long accepted(String type) {
            return byType.getOrDefault(type, emptyCounts()).get("accepted");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Sizes that decide which limit a kind runs into; the test passes the same limits to ingest. The big bundle,
     * of whole Synthea patients, is read entry by entry whatever its size.
     */
    record Limits(int maxLineBytes, int maxEntryBytes, long bigBundleBytes) {
    }

    private final Path root;
    private final Limits limits;
    private final List<Kind> kinds = new ArrayList<>();
    private final Instant now = Instant.now();

    private HostileCorpus(Path root, Limits limits) {
        this.root = root;
        this.limits = limits;
    }

    /** Writes every kind under {@code root} (created) and returns the kinds with their expected outcomes. */
    static List<Kind> write(Path root, Limits limits) throws IOException {
        HostileCorpus corpus = new HostileCorpus(Files.createDirectories(root), limits);
        corpus.goodData();
        corpus.brokenFiles();
        corpus.brokenLines();
        corpus.brokenResources();
        corpus.crossFileProblems();
        corpus.sizeAndDepth();
        return Collections.unmodifiableList(corpus.kinds);
    }

    /** The sum over kinds, in the summary's byType shape. */
    static Map<String, Map<String, Long>> expectedByType(List<Kind> kinds) {
        Map<String, Map<String, Long>> total = new TreeMap<>();
        for (Kind kind : kinds) {
            kind.byType.forEach((type, counts) -> counts.forEach((outcome, n) ->
                    total.computeIfAbsent(type, t -> emptyCounts()).merge(outcome, n, Long::sum)));
        }
        return total;
    }

    static Map<String, Long> expectedRejectsByReason(List<Kind> kinds) {
        Map<String, Long> total = new TreeMap<>();
        kinds.forEach(k -> k.rejectsByReason.forEach((reason, n) -> total.merge(reason, n, Long::sum)));
        return total;
    }

    static long expectedAccepted(List<Kind> kinds, String type) {
        return kinds.stream().mapToLong(k -> k.accepted(type)).sum();
    }

    /** The kind a source file belongs to: the directory right under the corpus root. */
    static String kindOf(Path root, String sourceFile) {
        String marker = "/" + root.getFileName() + "/";
        int at = sourceFile.indexOf(marker);
        if (at < 0) {
            return null;
        }
        String rest = sourceFile.substring(at + marker.length());
        return rest.substring(0, rest.indexOf('/'));
    }

    private static Map<String, Long> emptyCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("read", 0L);
        counts.put("accepted", 0L);
        counts.put("ignored", 0L);
        counts.put("rejected", 0L);
        counts.put("deleted", 0L);
        return counts;
    }

    // ---------------------------------------------------------------- good data

    private void goodData() throws IOException {
        Kind synthea = kind("synthea-bundles");
        Path sharedCopy = dir(synthea);
        List<Path> bundles;
        try (Stream<Path> shared = Files.list(TestData.sharedSyntheaBundles())) {
            bundles = shared.sorted().limit(SYNTHEA_BUNDLES).toList();
        }
        for (Path bundle : bundles) {
            Files.copy(bundle, sharedCopy.resolve(bundle.getFileName()));
        }
        IndependentFhirCount count = IndependentFhirCount.of(sharedCopy);
        count.resourcesByType.forEach((type, n) -> {
            if (EXTRACTED.contains(type)) {
                synthea.accepted(type, n);
            } else {
                synthea.ignored(type, n);
            }
        });

        Kind ndjson = kind("good-ndjson").accepted("Patient", 2).accepted("Encounter", 1).accepted("Condition", 1);
        lines(ndjson, "Patient.ndjson", patient("p1", "1950-01-01"), patient("p2", "1960-06-15"));
        lines(ndjson, "Encounter.ndjson", encounter("e1", PATIENT, "2020-01-01T10:00:00Z", "2020-01-05T10:00:00Z"));
        lines(ndjson, "Condition.ndjson", condition("good-1", PATIENT, ONSET));

        Kind transaction = kind("fixture-transaction-urn-uuid").accepted("Patient", 1).accepted("Encounter", 1)
                .accepted("Condition", 1).accepted("Observation", 1).accepted("MedicationRequest", 1)
                .accepted("MedicationAdministration", 1).accepted("AllergyIntolerance", 1)
                .ignored("Medication", 1).ignored("Claim", 1);
        fixture(transaction, "transaction-urn-uuid.json");
        // Its Immunization names the patient by an identifier the Patient does not carry.
        Kind collection = kind("fixture-collection-absolute-refs").accepted("Patient", 1).accepted("Encounter", 1)
                .accepted("Procedure", 1).accepted("DiagnosticReport", 1).ignored("Practitioner", 1)
                .rejected("Immunization", RejectReason.SUBJECT_NOT_FOUND, 1);
        fixture(collection, "collection-absolute.json");

        // fhir-ingest's line-by-line fixture: one line per reader reject reason (NdjsonReadingTest).
        Kind mixed = kind("fixture-mixed-ndjson").accepted("Patient", 1).accepted("Encounter", 1)
                .accepted("Observation", 1).accepted("AllergyIntolerance", 1)
                .ignored("Claim", 1).ignored("ExplanationOfBenefit", 1)
                .rejected(null, RejectReason.INVALID_JSON, 2).rejected(null, RejectReason.NOT_FHIR, 3)
                .rejected("Condition", RejectReason.MISSING_ID, 1).rejected("Condition", RejectReason.MISSING_SUBJECT, 1)
                .rejected("Encounter", RejectReason.BAD_DATE, 1).rejected("Encounter", RejectReason.IMPOSSIBLE_DATE, 1)
                .rejected("Procedure", RejectReason.IMPOSSIBLE_DATE, 1)
                .rejected("Immunization", RejectReason.IMPOSSIBLE_DATE, 1)
                .rejected("Patient", RejectReason.IMPOSSIBLE_DATE, 1)
                .rejected("Observation", RejectReason.PARSE_ERROR, 1)
                .rejected("MedicationRequest", RejectReason.MISSING_DATE, 1)
                .rejected("Bundle", RejectReason.NESTING_TOO_DEEP, 1)
                .rejected("Condition", RejectReason.PARSE_ERROR, 1);
        fixture(mixed, "mixed.ndjson");

        Kind nested = kind("bundle-in-bundle").accepted("Condition", 1);
        text(nested, "batch.json", bundle("batch", entry(bundle("collection", entry(bundle("searchset",
                entry(condition("nested-2", PATIENT, ONSET))))))));
        // fixture: a bundle three levels down is read, the fourth level is refused.
        Kind tooDeep = kind("bundle-beyond-depth-limit").ignored("Organization", 1).accepted("Patient", 1)
                .accepted("Condition", 1).rejected("Bundle", RejectReason.NESTING_TOO_DEEP, 1);
        fixture(tooDeep, "nested-bundles.json");

        Kind ignored = kind("ignored-resource-types").ignored("Claim", 1).ignored("Practitioner", 1)
                .ignored("Organization", 1);
        lines(ignored, "mixed.ndjson", "{\"resourceType\":\"Claim\",\"id\":\"cl1\",\"patient\":{\"reference\":\"Patient/p1\"}}",
                "{\"resourceType\":\"Practitioner\",\"id\":\"dr1\",\"name\":[{\"family\":\"" + PAYLOAD + "\"}]}",
                "{\"resourceType\":\"Organization\",\"id\":\"org1\",\"name\":\"" + PAYLOAD + "\"}");

        Kind blankLines = kind("blank-lines-between-resources").accepted("Condition", 2);
        text(blankLines, "Condition.ndjson", "\n" + condition("blank-1", PATIENT, ONSET) + "\n\n   \n"
                + condition("blank-2", PATIENT, ONSET) + "\r\n\t\n");

        Kind crlf = kind("crlf-line-endings").accepted("Condition", 3);
        text(crlf, "Condition.ndjson", condition("crlf-1", PATIENT, ONSET) + "\r\n" + condition("crlf-2", PATIENT, ONSET) + "\r\n");
        text(crlf, "bundle.json", bundle("collection", entry(condition("crlf-3", PATIENT, ONSET)))
                .replace(",", ",\r\n  "));

        Kind bom = kind("utf8-byte-order-mark").accepted("Condition", 3);
        bytes(bom, "single.json", concat(BOM, utf8(condition("bom-1", PATIENT, ONSET))));
        bytes(bom, "Condition.ndjson", concat(BOM, utf8(condition("bom-2", PATIENT, ONSET) + "\n"
                + condition("bom-3", PATIENT, ONSET) + "\n")));

        Kind noZone = kind("date-without-time-zone").accepted("Condition", 1);
        lines(noZone, "Condition.ndjson", condition("no-zone", PATIENT, "2020-03-04T10:00:00"));

        // A 2000-digit number is refused by the tokenizer, before the resource type is known.
        Kind extreme = kind("extreme-numeric-values").accepted("Observation", 2)
                .rejected("Observation", RejectReason.PARSE_ERROR, 2).rejected(null, RejectReason.TOO_LARGE, 1);
        lines(extreme, "Observation.ndjson",
                observation("ext-max", PATIENT, "1e308"),
                observation("ext-negzero", PATIENT, "-0"),
                observation("ext-nan", PATIENT, "\"NaN\""),
                observation("ext-overflow", PATIENT, "1e309"),
                observation("ext-digits", PATIENT, "1" + "0".repeat(2000)));

        Kind directories = kind("directory-named-like-a-file").accepted("Condition", 1);
        Files.createDirectories(dir(directories).resolve("empty.json"));
        Path fileLike = Files.createDirectories(dir(directories).resolve("Condition.ndjson"));
        Files.writeString(fileLike.resolve("Condition.ndjson"), condition("in-dir", PATIENT, ONSET) + "\n");
    }

    // ---------------------------------------------------------------- whole files

    private void brokenFiles() throws IOException {
        String goodBundle = bundle("collection", entry(condition("never-read", PATIENT, ONSET)));

        text(kind("truncated-json").rejected(null, RejectReason.INVALID_JSON, 1), "bundle.json",
                goodBundle.substring(0, goodBundle.length() / 2));
        bytes(kind("utf16le-with-bom").rejected(null, RejectReason.INVALID_JSON, 1), "bundle.json",
                concat(new byte[]{(byte) 0xFF, (byte) 0xFE}, goodBundle.getBytes(StandardCharsets.UTF_16LE)));
        bytes(kind("utf16be-without-bom").rejected(null, RejectReason.INVALID_JSON, 1), "bundle.json",
                goodBundle.getBytes(StandardCharsets.UTF_16BE));
        bytes(kind("utf32le").rejected(null, RejectReason.INVALID_JSON, 1), "bundle.json",
                goodBundle.getBytes(Charset.forName("UTF-32LE")));
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        garbage[0] = 0x7f;
        bytes(kind("binary-garbage").rejected(null, RejectReason.INVALID_JSON, 1), "export.json", garbage);
        bytes(kind("empty-ndjson-file").rejected(null, RejectReason.EMPTY_FILE, 1), "Observation.ndjson", new byte[0]);
        bytes(kind("empty-bundle-file").rejected(null, RejectReason.EMPTY_FILE, 1), "bundle.json", new byte[0]);
        text(kind("whitespace-only-ndjson").rejected(null, RejectReason.EMPTY_FILE, 1), "Observation.ndjson",
                "  \n\t\n\r\n\n");
        text(kind("json-array-instead-of-object").rejected(null, RejectReason.NOT_FHIR, 1), "patients.json",
                "[" + patient("in-array", "1950-01-01") + "]");
        text(kind("html-error-page-as-json").rejected(null, RejectReason.INVALID_JSON, 1), "Patient.json",
                "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>"
                        + "</body></html>\n");
        text(kind("bulk-manifest-in-input").rejected(null, RejectReason.NOT_FHIR, 1), "manifest.json",
                "{\"transactionTime\":\"2024-01-01T00:00:00Z\",\"request\":\"https://fhir.example.org/$export\","
                        + "\"requiresAccessToken\":true,\"output\":[{\"type\":\"Patient\",\"url\":\"https://files.example.org/"
                        + PAYLOAD + ".ndjson\"}],\"error\":[]}");
        text(kind("unsupported-file-name").rejected(null, RejectReason.UNSUPPORTED_FILE, 1), "README.txt",
                "exported by " + PAYLOAD + "\n");
        text(kind("gzip-name-on-plain-text").rejected(null, RejectReason.CORRUPT_GZIP, 1), "Condition.ndjson.gz",
                condition("plain", PATIENT, ONSET) + "\n");
        bytes(kind("zero-byte-gz").rejected(null, RejectReason.EMPTY_FILE, 1), "Observation.ndjson.gz", new byte[0]);
        bytes(kind("json-gz-holding-ndjson").rejected(null, RejectReason.INVALID_JSON, 1), "Condition.json.gz",
                gzip(utf8(condition("ndjson-a", PATIENT, ONSET) + "\n" + condition("ndjson-b", PATIENT, ONSET) + "\n")));

        // Three lines are flushed to the gzip stream, then it is cut a few bytes into the rest: the three lines
        // are kept, the damage is one reject.
        Kind truncatedGzip = kind("truncated-gzip").accepted("Condition", 3).rejected(null, RejectReason.CORRUPT_GZIP, 1);
        Path gz = dir(truncatedGzip).resolve("Condition.ndjson.gz");
        long cut;
        try (OutputStream file = Files.newOutputStream(gz); GZIPOutputStream out = new GZIPOutputStream(file, true)) {
            for (int i = 1; i <= 3; i++) {
                out.write(utf8(condition("gz-" + i, PATIENT, ONSET) + "\n"));
            }
            out.flush();
            cut = Files.size(gz) + 8;
            for (int i = 4; i <= 50; i++) {
                out.write(utf8(condition("gz-" + i, PATIENT, ONSET) + "\n"));
            }
        }
        try (RandomAccessFile file = new RandomAccessFile(gz.toFile(), "rw")) {
            file.setLength(cut);
        }
    }

    // ---------------------------------------------------------------- NDJSON lines

    private void brokenLines() throws IOException {
        Kind invalid = kind("invalid-json-lines").rejected(null, RejectReason.INVALID_JSON, 3).accepted("Condition", 1);
        lines(invalid, "Condition.ndjson",
                "{resourceType:\"Condition\",\"id\":\"unquoted\"}",
                "{\"resourceType\":\"Condition\",\"id\":\"trailing-comma\",}",
                "{\"resourceType\":\"Condition\",\"id\":\"two\"} {\"resourceType\":\"Condition\",\"id\":\"objects\"}",
                condition("after-invalid", PATIENT, ONSET));
        Kind latin1 = kind("latin1-bytes-in-utf8").rejected(null, RejectReason.INVALID_JSON, 1).accepted("Condition", 1);
        bytes(latin1, "Condition.ndjson", concat(
                condition("latin1", PATIENT, ONSET).replace(PAYLOAD, "M\u00e9ni\u00e8re " + PAYLOAD)
                        .getBytes(StandardCharsets.ISO_8859_1),
                utf8("\n" + condition("utf8", PATIENT, ONSET) + "\n")));
        Kind nul = kind("nul-byte-in-line").rejected(null, RejectReason.INVALID_JSON, 2).accepted("Condition", 1);
        text(nul, "Condition.ndjson", condition("nul-in-string", PATIENT, ONSET).replace(PAYLOAD, PAYLOAD + "\0")
                + "\n" + condition("nul-after", PATIENT, ONSET) + "\0\n" + condition("no-nul", PATIENT, ONSET) + "\n");
        lines(kind("json-scalars-instead-of-objects").rejected(null, RejectReason.NOT_FHIR, 4), "Patient.ndjson",
                "42", "\"" + PAYLOAD + "\"", "null", "true");
        lines(kind("unknown-resource-type").rejected(null, RejectReason.NOT_FHIR, 3), "Spaceship.ndjson",
                "{\"resourceType\":\"Spaceship\",\"id\":\"s1\",\"name\":\"" + PAYLOAD + "\"}",
                "{\"resourceType\":\"patient\",\"id\":\"lower-case\"}",
                "{\"id\":\"no-type\",\"name\":\"" + PAYLOAD + "\"}");
    }

    // ---------------------------------------------------------------- single resources

    private void brokenResources() throws IOException {
        lines(kind("wrong-field-types").rejected("Observation", RejectReason.PARSE_ERROR, 1)
                        .rejected("Condition", RejectReason.BAD_DATE, 1).rejected("Patient", RejectReason.PARSE_ERROR, 1)
                        .rejected("Encounter", RejectReason.PARSE_ERROR, 1), "mixed.ndjson",
                "{\"resourceType\":\"Observation\",\"id\":\"string-code\",\"status\":\"final\",\"code\":\"" + PAYLOAD + "\","
                        + "\"subject\":{\"reference\":\"Patient/p1\"},\"effectiveDateTime\":\"2020-01-01\"}",
                condition("number-date", PATIENT, ONSET).replace("\"" + ONSET + "\"", "20200102"),
                "{\"resourceType\":\"Patient\",\"id\":\"object-date\",\"birthDate\":{\"year\":1950}}",
                "{\"resourceType\":\"Encounter\",\"id\":\"string-period\",\"status\":\"finished\","
                        + "\"subject\":{\"reference\":\"Patient/p1\"},\"period\":\"2020-01-01\"}");
        lines(kind("invalid-resource-id").rejected("Condition", RejectReason.PARSE_ERROR, 1), "Condition.ndjson",
                condition("has spaces!", PATIENT, ONSET));

        Kind missingId = kind("missing-id").rejected("Condition", RejectReason.MISSING_ID, 2);
        lines(missingId, "Condition.ndjson", condition("x", PATIENT, ONSET).replace("\"id\":\"x\",", ""));
        text(missingId, "bundle.json", bundle("collection", "{\"resource\":"
                + condition("x", PATIENT, ONSET).replace("\"id\":\"x\",", "") + "}"));

        lines(kind("missing-subject").rejected("Condition", RejectReason.MISSING_SUBJECT, 1)
                        .rejected("Encounter", RejectReason.MISSING_SUBJECT, 1)
                        .rejected("Observation", RejectReason.MISSING_SUBJECT, 1), "mixed.ndjson",
                condition("no-subject", null, ONSET),
                encounter("no-subject", null, "2020-01-01T10:00:00Z", "2020-01-01T11:00:00Z"),
                observation("display-only-subject", PATIENT, "1").replace("{\"reference\":\"Patient/p1\"}",
                        "{\"display\":\"" + PAYLOAD + "\"}"));
        lines(kind("subject-of-another-type").rejected("Condition", RejectReason.SUBJECT_NOT_PATIENT, 1)
                        .rejected("Observation", RejectReason.SUBJECT_NOT_PATIENT, 1)
                        .rejected("Encounter", RejectReason.SUBJECT_NOT_PATIENT, 1), "mixed.ndjson",
                condition("practitioner-subject", "Practitioner/dr1", ONSET),
                observation("group-subject", "https://fhir.example.org/Group/g1", "1"),
                encounter("location-subject", "Location/ward-1", "2020-01-01T10:00:00Z", null));

        // Year 0 parses (ISO year 0 = 1 BC) and is out of range; a five-digit year does not parse.
        Kind year = kind("dates-out-of-range").rejected("Condition", RejectReason.BAD_DATE, 1)
                .rejected("Condition", RejectReason.IMPOSSIBLE_DATE, 2);
        lines(year, "Condition.ndjson", condition("year-0", PATIENT, "0000-01-01"),
                condition("year-99999", PATIENT, "99999-01-01T00:00:00Z"),
                condition("year-1066", PATIENT, "1066-10-14"));
        String inAMonth = now.plus(30, ChronoUnit.DAYS).toString();
        lines(kind("future-dates").rejected("Condition", RejectReason.IMPOSSIBLE_DATE, 1)
                        .rejected("Patient", RejectReason.IMPOSSIBLE_DATE, 1)
                        .rejected("Encounter", RejectReason.IMPOSSIBLE_DATE, 1), "mixed.ndjson",
                condition("future", PATIENT, "2999-01-01"),
                patient("unborn", "2999-01-01"),
                encounter("next-month", PATIENT, inAMonth, null));
        lines(kind("end-before-start").rejected("Encounter", RejectReason.IMPOSSIBLE_DATE, 1)
                        .rejected("Procedure", RejectReason.IMPOSSIBLE_DATE, 1), "mixed.ndjson",
                encounter("backwards", PATIENT, "2020-01-05T10:00:00Z", "2020-01-01T10:00:00Z"),
                "{\"resourceType\":\"Procedure\",\"id\":\"backwards\",\"status\":\"completed\",\"code\":{\"coding\":"
                        + "[{\"code\":\"backwards\",\"display\":\"" + PAYLOAD + "\"}]},\"subject\":{\"reference\":\"Patient/p1\"},"
                        + "\"performedPeriod\":{\"start\":\"2020-01-05T10:00:00Z\",\"end\":\"2020-01-05T09:00:00Z\"}}");
    }

    // ---------------------------------------------------------------- only the job sees these

    private void crossFileProblems() throws IOException {
        Kind notFound = kind("subject-references-nothing").rejected("Condition", RejectReason.SUBJECT_NOT_FOUND, 2)
                .rejected("Encounter", RejectReason.SUBJECT_NOT_FOUND, 1);
        lines(notFound, "mixed.ndjson", condition("ghost-subject", "Patient/ghost", ONSET),
                encounter("ghost-subject", "Patient/ghost", "2020-01-01T10:00:00Z", null));
        text(notFound, "bundle.json", bundle("transaction",
                entry(condition("dangling-urn", "urn:uuid:00000000-0000-4000-8000-00000000dead", ONSET))));

        Kind ambiguous = kind("ambiguous-subject").accepted("Patient", 2)
                .rejected("Condition", RejectReason.AMBIGUOUS_SUBJECT, 1);
        String shared = "\"identifier\":[{\"system\":\"urn:mrn\",\"value\":\"" + PAYLOAD + "\"}],";
        lines(ambiguous, "mixed.ndjson", patient("twin-a", "1950-01-01").replace("\"gender\"", shared + "\"gender\""),
                patient("twin-b", "1950-01-01").replace("\"gender\"", shared + "\"gender\""),
                condition("twin-condition", "Patient?identifier=urn:mrn|" + PAYLOAD, ONSET));

        // The newer meta.lastUpdated wins although it comes first in file order.
        Kind newerWins = kind("duplicate-ids-newer-wins").accepted("Condition", 1).accepted("Patient", 1)
                .rejected("Condition", RejectReason.DUPLICATE_RESOURCE, 1)
                .rejected("Patient", RejectReason.DUPLICATE_RESOURCE, 1);
        lines(newerWins, "mixed.ndjson",
                withLastUpdated(condition("dup-1", PATIENT, ONSET).replace("\"code\":\"dup-1\"", "\"code\":\"dup-new\""),
                        "2022-01-01T00:00:00Z"),
                withLastUpdated(condition("dup-1", PATIENT, ONSET).replace("\"code\":\"dup-1\"", "\"code\":\"dup-old\""),
                        "2021-01-01T00:00:00Z"),
                withLastUpdated(patient("dup-patient", "1970-01-01"), "2022-01-01T00:00:00Z"),
                withLastUpdated(patient("dup-patient", "1971-01-01"), "2021-01-01T00:00:00Z"));
        Kind identical = kind("same-resource-in-two-files").accepted("Condition", 1)
                .rejected("Condition", RejectReason.DUPLICATE_RESOURCE, 1);
        lines(identical, "a.Condition.ndjson", condition("twice", PATIENT, ONSET));
        lines(identical, "b.Condition.ndjson", condition("twice", PATIENT, ONSET));
    }

    // ---------------------------------------------------------------- size and depth limits

    private void sizeAndDepth() throws IOException {
        Kind overLine = kind("line-over-max-line-bytes").rejected(null, RejectReason.TOO_LARGE, 1).accepted("Condition", 1);
        lines(overLine, "Observation.ndjson", padded(observation("line-over", PATIENT, "1"), limits.maxLineBytes() + 100),
                condition("after-long-line", PATIENT, ONSET));
        Kind belowLine = kind("line-just-below-max-line-bytes").accepted("Observation", 1);
        lines(belowLine, "Observation.ndjson", padded(observation("line-below", PATIENT, "1"), limits.maxLineBytes() - 1));

        lines(kind("deeply-nested-json").rejected(null, RejectReason.NESTING_TOO_DEEP, 3), "Observation.ndjson",
                "[".repeat(100_000),
                "{\"a\":".repeat(100_000),
                "{\"resourceType\":\"Observation\",\"id\":\"deep\",\"extension\":" + "[{\"extension\":".repeat(50_000));

        Kind small = kind("bundle-of-2000-observations").accepted("Patient", 1).accepted("Observation", 2000);
        bigBundle(dir(small).resolve("bundle.json"), "many", 2000);

        Kind big = kind("bundle-of-synthea-patients-over-the-entry-limit");
        TestData.syntheaBundle(dir(big).resolve("bundle.json"), limits.bigBundleBytes(), SYNTHEA_BUNDLES).forEach((type, n) -> {
            if (EXTRACTED.contains(type)) {
                big.accepted(type, n);
            } else {
                big.ignored(type, n);
            }
        });

        Kind overEntry = kind("bundle-entry-over-max-entry-bytes").accepted("Patient", 1).accepted("Condition", 1)
                .rejected("Observation", RejectReason.TOO_LARGE, 1);
        text(overEntry, "bundle.json", bundle("collection", entry(patient("entry-over", "1950-01-01")),
                entry(padded(observation("entry-over", "Patient/entry-over", "1"), limits.maxEntryBytes() + 100)),
                entry(condition("after-big-entry", "Patient/entry-over", ONSET))));
        Kind belowEntry = kind("bundle-entry-just-below-max-entry-bytes").accepted("Patient", 1).accepted("Observation", 1);
        text(belowEntry, "bundle.json", bundle("collection", entry(patient("entry-below", "1950-01-01")),
                entry(padded(observation("entry-below", "Patient/entry-below", "1"), limits.maxEntryBytes() - 100))));
    }

    /** One patient and {@code n} observations, streamed to disk; returns n. */
    private static int bigBundle(Path file, String patientId, int n) throws IOException {
        try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8),
                1 << 20)) {
            out.write("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[");
            out.write("{\"fullUrl\":\"urn:uuid:" + uuid(patientId, 0) + "\",\"resource\":" + patient(patientId, "1940-01-01") + "}");
            for (int i = 1; i <= n; i++) {
                out.write(',');
                out.write(observationEntry(patientId, i));
            }
            out.write("]}");
        }
        return n;
    }

    private static String observationEntry(String patientId, int i) {
        String id = uuid(patientId, i);
        return "{\"fullUrl\":\"urn:uuid:" + id + "\",\"resource\":{\"resourceType\":\"Observation\",\"id\":\"" + id + "\","
                + "\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/"
                + "observation-category\",\"code\":\"vital-signs\"}]}],\"code\":{\"coding\":[{\"system\":\"http://loinc.org\","
                + "\"code\":\"8867-4\",\"display\":\"Heart rate\"}],\"text\":\"Heart rate\"},"
                + "\"subject\":{\"reference\":\"urn:uuid:" + uuid(patientId, 0) + "\"},"
                + "\"effectiveDateTime\":\"" + Instant.parse("2000-01-01T00:00:00Z").plusSeconds(3600L * i) + "\","
                + "\"valueQuantity\":{\"value\":" + (50 + i % 70) + ",\"unit\":\"/min\",\"system\":\"http://unitsofmeasure.org\","
                + "\"code\":\"/min\"}}}";
    }

    private static String uuid(String patientId, int i) {
        return String.format("%08x-0000-4000-8000-%012x", Math.abs(patientId.hashCode()), i);
    }

    // ---------------------------------------------------------------- resources

    static String patient(String id, String birthDate) {
        return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"name\":[{\"family\":\"" + PAYLOAD + "\"}],"
                + "\"gender\":\"female\",\"birthDate\":\"" + birthDate + "\"}";
    }

    static String encounter(String id, String subject, String start, String end) {
        return "{\"resourceType\":\"Encounter\",\"id\":\"" + id + "\",\"status\":\"finished\",\"class\":{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"IMP\"},"
                + (subject == null ? "" : "\"subject\":{\"reference\":\"" + subject + "\"},")
                + "\"reasonCode\":[{\"text\":\"" + PAYLOAD + "\"}],"
                + "\"period\":{\"start\":\"" + start + "\"" + (end == null ? "" : ",\"end\":\"" + end + "\"") + "}}";
    }

    /** A Condition coded with its own id, so a test can find the event it became. */
    static String condition(String id, String subject, String onset) {
        return "{\"resourceType\":\"Condition\",\"id\":\"" + id + "\","
                + (subject == null ? "" : "\"subject\":{\"reference\":\"" + subject + "\"},")
                + "\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"" + id + "\",\"display\":\""
                + PAYLOAD + "\"}]},\"onsetDateTime\":\"" + onset + "\"}";
    }

    /** An Observation coded with its own id, {@code value} as raw JSON. */
    static String observation(String id, String subject, String value) {
        return "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"final\",\"code\":{\"coding\":"
                + "[{\"system\":\"http://loinc.org\",\"code\":\"" + id + "\",\"display\":\"" + PAYLOAD + "\"}]},"
                + "\"subject\":{\"reference\":\"" + subject + "\"},\"effectiveDateTime\":\"2020-01-03T00:00:00Z\","
                + "\"valueQuantity\":{\"value\":" + value + ",\"unit\":\"mg\"}}";
    }

    private static String withLastUpdated(String resource, String lastUpdated) {
        int comma = resource.indexOf(',');
        return resource.substring(0, comma) + ",\"meta\":{\"lastUpdated\":\"" + lastUpdated + "\"}" + resource.substring(comma);
    }

    /** The resource with a note padded so that the line is exactly {@code length} bytes. */
    private static String padded(String resource, int length) {
        String head = resource.substring(0, resource.length() - 1) + ",\"note\":[{\"text\":\"";
        String tail = "\"}]}";
        int fill = length - utf8(head).length - tail.length();
        if (fill < 0) {
            throw new IllegalArgumentException("line limit too small for a resource");
        }
        return head + PAYLOAD.charAt(0) + "x".repeat(fill - 1) + tail;
    }

    private static String bundle(String type, String... entries) {
        return "{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":[" + String.join(",", entries) + "]}";
    }

    private static String entry(String resource) {
        return "{\"resource\":" + resource + "}";
    }

    // ---------------------------------------------------------------- files

    private Kind kind(String name) {
        Kind kind = new Kind(name);
        kinds.add(kind);
        return kind;
    }

    private Path dir(Kind kind) throws IOException {
        return Files.createDirectories(root.resolve(kind.name));
    }

    private void fixture(Kind kind, String name) throws IOException {
        Path source = TestData.repositoryRoot().resolve("fhir-ingest/src/test/resources/fixtures").resolve(name);
        Files.copy(source, dir(kind).resolve(name));
    }

    private void lines(Kind kind, String file, String... lines) throws IOException {
        text(kind, file, String.join("\n", lines) + "\n");
    }

    private void text(Kind kind, String file, String text) throws IOException {
        bytes(kind, file, utf8(text));
    }

    private void bytes(Kind kind, String file, byte[] bytes) throws IOException {
        Files.write(dir(kind).resolve(file), bytes);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
            out.write(bytes);
        }
        return buffer.toByteArray();
    }
}
