package io.longitude.jobs.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.longitude.warehouse.Warehouse;
import io.longitude.jobs.testing.CliProcess;
import io.longitude.jobs.testing.LocalSpark;
import io.longitude.jobs.testing.SensitiveStrings;
import io.longitude.jobs.testing.TestData;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The privacy check of issue 7: a production-mode {@code run} (its own JVM, the shipped log configuration,
 * the key in the environment) over 60 Synthea patients and one truncated bundle (a reject), then a scan of
 * every line it logged and of every file in the warehouse outside the identity tables — all Parquet tables
 * (every string column, nested ones through {@code to_json}), summaries, manifest, metrics.json, model files,
 * the HTML report and the RiskAssessment NDJSON — for the source patients' names, addresses, phones,
 * identifiers, raw Patient and Encounter ids, bundle file names, and for the pseudonymisation key itself.
 * Failures name the place and the kind, never the value.
 */
@ExtendWith(LocalSpark.class)
class PrivacyScanTest {

    private static final String KEY = "privacy-scan-test-key-7f3a9c2e51d84b06a1e9c3f7d2b58e40";
    private static final String KEY_KIND = "pseudonymisation key";
    /** The identity tables and ingest's private state ({@code state/}), which holds source ids by design. */
    private static final Set<String> IDENTITY_TABLES = Set.of(Warehouse.IDENTITY, Warehouse.IDENTITY_SOURCE_FILES, "state");

    @Test
    void aProductionRunLeavesNoPatientIdentifierOrKeyOutsideTheIdentityTables(SparkSession spark, @TempDir Path tmp)
            throws Exception {
        Path input = Files.createDirectories(tmp.resolve("input"));
        List<Path> all;
        try (Stream<Path> files = Files.list(TestData.sharedSyntheaBundles())) {
            all = files.sorted().toList();
        }
        List<Path> bundles = all.subList(0, 60);
        for (Path bundle : bundles) {
            Files.copy(bundle, input.resolve(bundle.getFileName()));
        }
        SensitiveStrings sensitive = SensitiveStrings.fromBundles(bundles);
        // A truncated bundle named after its patient, as Synthea names them: rejected, and its name must not follow.
        String truncatedName = all.get(60).getFileName().toString().replaceFirst("\\.gz$", "");
        Files.writeString(input.resolve(truncatedName), decompressed(all.get(60)).substring(0, 2000));
        sensitive.add(truncatedName, "bundle file name");
        sensitive.add(truncatedName.replaceFirst("\\.json$", ""), "bundle file name");
        sensitive.addSubstring(KEY, KEY_KIND);
        Set<String> inSource = sensitive.find(decompressed(bundles.get(0)));
        // Full names and "city postal-code" are phrases no bundle spells out; address lines are phrases it does.
        assertTrue(inSource.containsAll(Set.of("given name", "family name", "address line", "phone or e-mail", "Patient id", "Encounter id",
                        "identifier Social Security Number", "identifier Driver's License", "identifier Passport Number")),
                "the scan finds each kind of value in a source bundle: " + inSource);

        Path model = tmp.resolve("gru-tiny.conf");
        Files.writeString(model, String.join("\n", "name = gru-tiny", "task = binary", "type = gru",
                "bidirectional = false", "layers = 1", "hidden-size = 8", "embedding-size = 8", "head = last",
                "dropout = 0", "l2 = 1e-5", "gradient-clip = 1.0", "learning-rate = 0.01", "batch-size = 32",
                "epochs = 2", "early-stopping-patience = 2", "max-visits = 20", "seed = 3"));
        Path config = tmp.resolve("privacy.conf");
        Files.writeString(config, "ingest.mode = production\n"
                + "run.tasks = [\"mortality-inhospital\"]\n"
                + "run.models = [\"" + model + "\"]\n");
        Path warehouse = tmp.resolve("warehouse");
        CliProcess.Result run = CliProcess.run(KEY, tmp.resolve("run.log"), 15, "run", "--input", input.toString(),
                "--warehouse", warehouse.toString(), "--config", config.toString());
        assertEquals(0, run.exitCode(), "the run failed; its output is in " + tmp.resolve("run.log"));
        assertTrue(run.output().lines().anyMatch(l -> l.contains("mortality-inhospital/gru-tiny")
                        && l.contains("test AUROC") && l.contains("[positive patients: ")),
                "the run's log prints each test metric with its positive patients: see " + tmp.resolve("run.log"));

        Map<String, Set<String>> findings = new TreeMap<>();
        List<String> lines = run.output().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            record(findings, "log line " + (i + 1), sensitive.find(lines.get(i)));
        }
        Set<String> scannedKinds = new TreeSet<>();
        Set<Path> tableRoots = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(warehouse)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            String where = warehouse.relativize(file).toString();
            if (inIdentityTable(warehouse, file)) {
                continue;
            }
            String name = file.getFileName().toString();
            if (name.endsWith(".parquet")) {
                tableRoots.add(tableRoot(warehouse, file));
            } else if (name.endsWith(".zip")) {
                scanZip(file, where, sensitive, findings);
                scannedKinds.add("model or checkpoint");
            } else {
                record(findings, where, sensitive.find(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)));
                scannedKinds.add(kindOf(where, name));
            }
        }
        // The codes table holds the source's coding displays: a name that is also a word of that terminology (a
        // given name "Brain", a condition "Brain damage - traumatic") cannot be told from it there.
        SensitiveStrings beyondTerminology = sensitive.withoutWords(SensitiveStrings.displayWords(bundles));
        for (Path root : tableRoots) {
            String where = warehouse.relativize(root).toString();
            boolean terminology = root.getFileName().toString().equals(Warehouse.CODES);
            for (String found : scanTable(spark, root.toString(), terminology ? beyondTerminology : sensitive)) {
                findings.computeIfAbsent(where + " column " + found.substring(0, found.indexOf('\t')), k -> new TreeSet<>())
                        .add(found.substring(found.indexOf('\t') + 1));
            }
        }

        assertTrue(findings.isEmpty(), "sensitive values outside identity (place: kinds): " + findings);
        assertTrue(scannedKinds.containsAll(List.of("report", "RiskAssessment NDJSON", "run manifest",
                "ingest summary", "metrics.json", "model or checkpoint")), "scanned: " + scannedKinds);
        assertTrue(tableRoots.stream().map(r -> r.getFileName().toString()).toList().containsAll(List.of(
                Warehouse.VISIT_SEQUENCES, Warehouse.PATIENTS, Warehouse.ENCOUNTERS, Warehouse.EVENTS, Warehouse.CODES)),
                "scanned tables: " + tableRoots);
        Dataset<Row> identity = spark.read().parquet(warehouse.resolve("tables").resolve(Warehouse.IDENTITY).toString());
        assertTrue(scanTable(spark, identity, sensitive).contains("sourceRef\tPatient id"),
                "identity holds the source references, and the scan sees them there");
        Dataset<Row> sourceFiles = spark.read().parquet(
                warehouse.resolve("tables").resolve(Warehouse.IDENTITY_SOURCE_FILES).toString());
        assertEquals(bundles.size() + 1, sourceFiles.count());
        Set<String> manifestKeys = new TreeSet<>();
        try (Stream<Path> manifests = Files.walk(warehouse.resolve("runs"))) {
            Path manifest = manifests.filter(p -> p.getFileName().toString().equals("manifest.json")).findFirst().orElseThrow();
            new ObjectMapper().readTree(manifest.toFile()).get("inputs")
                    .forEach(file -> manifestKeys.add(file.get("fileKey").asText()));
        }
        assertEquals(new TreeSet<>(sourceFiles.select("fileKey").as(Encoders.STRING()).collectAsList()), manifestKeys,
                "the manifest names its inputs by the keys identity_source_files resolves");
        assertTrue(spark.read().parquet(warehouse.resolve("tables").resolve(Warehouse.REJECTS).toString()).count() > 0,
                "the truncated bundle is in rejects, whose columns were scanned");
        assertTrue(scanTable(spark, sourceFiles, sensitive).contains("path\tbundle file name"),
                "identity_source_files holds the input paths");
    }

    private static void record(Map<String, Set<String>> findings, String where, Set<String> kinds) {
        if (!kinds.isEmpty()) {
            findings.computeIfAbsent(where, k -> new TreeSet<>()).addAll(kinds);
        }
    }

    private static String kindOf(String where, String name) {
        if (name.endsWith(".html")) {
            return "report";
        }
        if (where.contains("risk_assessments") && name.equals(Warehouse.RISK_ASSESSMENT_NDJSON)) {
            return "RiskAssessment NDJSON";
        }
        return switch (name) {
            case "manifest.json" -> "run manifest";
            case "ingest-summary.json" -> "ingest summary";
            case "metrics.json" -> "metrics.json";
            default -> "other file";
        };
    }

    private static boolean inIdentityTable(Path warehouse, Path file) {
        Path relative = warehouse.relativize(file);
        for (int i = 0; i + 1 < relative.getNameCount(); i++) {
            if (IDENTITY_TABLES.contains(relative.getName(i).toString())) {
                return true;
            }
        }
        return false;
    }

    /** The nearest folder above a Parquet file that holds a {@code _SUCCESS} marker (a partitioned table's root). */
    private static Path tableRoot(Path warehouse, Path parquet) {
        for (Path dir = parquet.getParent(); dir != null && dir.startsWith(warehouse); dir = dir.getParent()) {
            if (Files.exists(dir.resolve("_SUCCESS"))) {
                return dir;
            }
        }
        return parquet.getParent();
    }

    private static List<String> scanTable(SparkSession spark, String path, SensitiveStrings sensitive) {
        return scanTable(spark, spark.read().parquet(path), sensitive);
    }

    /** "column\tkind" for every sensitive kind found in a string column (nested columns as JSON), on the executors. */
    private static List<String> scanTable(SparkSession spark, Dataset<Row> table, SensitiveStrings sensitive) {
        List<Column> columns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (StructField field : table.schema().fields()) {
            if (field.dataType().equals(DataTypes.StringType)) {
                columns.add(col(field.name()));
            } else if (field.dataType() instanceof StructType || field.dataType() instanceof ArrayType
                    || field.dataType() instanceof MapType) {
                columns.add(to_json(col(field.name())));
            } else {
                continue;
            }
            names.add(field.name());
        }
        if (columns.isEmpty()) {
            return List.of();
        }
        String[] columnNames = names.toArray(String[]::new);
        return table.select(columns.toArray(Column[]::new))
                .mapPartitions((MapPartitionsFunction<Row, String>) rows -> {
                    Set<String> found = new TreeSet<>();
                    while (rows.hasNext()) {
                        Row row = rows.next();
                        for (int i = 0; i < columnNames.length; i++) {
                            if (!row.isNullAt(i)) {
                                for (String kind : sensitive.find(row.getString(i))) {
                                    found.add(columnNames[i] + "\t" + kind);
                                }
                            }
                        }
                    }
                    return found.iterator();
                }, Encoders.STRING())
                .distinct()
                .collectAsList();
    }

    private static void scanZip(Path file, String where, SensitiveStrings sensitive, Map<String, Set<String>> findings)
            throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                record(findings, where + "!" + entry.getName(),
                        sensitive.find(new String(zip.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
    }

    private static String decompressed(Path bundle) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(bundle))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
