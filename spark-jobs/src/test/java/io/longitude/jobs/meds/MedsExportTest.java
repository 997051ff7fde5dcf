package io.longitude.jobs.meds;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import io.longitude.cohort.TaskFiles;
import io.longitude.config.BadInputException;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.cohort.SplitAssigner;
import io.longitude.cohort.TaskConfig;
import io.longitude.jobs.cohort.CohortJob;
import io.longitude.jobs.evaluate.EvaluateConfig;
import io.longitude.jobs.evaluate.EvaluateJob;
import io.longitude.jobs.ingest.IngestConfig;
import io.longitude.jobs.ingest.IngestJob;
import io.longitude.jobs.train.TrainConfig;
import io.longitude.jobs.train.TrainJob;
import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitEvent;
import io.longitude.fhir.VisitSequence;
import io.longitude.jobs.ingest.MedsIngestJob;
import io.longitude.jobs.ingest.MedsIngestSummary;
import io.longitude.jobs.testing.LocalSpark;
import io.longitude.jobs.testing.PythonChecks;
import io.longitude.jobs.testing.TestData;
import io.longitude.meds.MedsImport;
import io.longitude.meds.MedsLayout;
import io.longitude.meds.MedsSchema;
import io.longitude.meds.MedsSubjects;
import io.longitude.warehouse.Warehouse;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MEDS export of a Synthea warehouse (ingest → cohort → train → evaluate of a binary task), built once for the
 * class: checked by {@code meds_checks.py} with pyarrow, DuckDB and scikit-learn against the MEDS 0.4 schemas, the
 * warehouse's flat tables and evaluate's metrics.json, together with a deliberately broken copy that the same checks
 * must reject (one Python run); rerun and refused; and read back by {@code ingest --input-format meds} into the
 * visit sequences the FHIR ingest built.
 */
class MedsExportTest {

    private static final String TASK = "readmission-30d";
    private static final int FIRST_BUNDLES = 3;
    /** Shared bundles of patients with 11 to 49 inpatient stays (most patients have none). */
    private static final List<String> FREQUENT_INPATIENTS = List.of("Austin_Franecki_f23eef30", "Chadwick_Von_628e4827",
            "Fletcher_Hyatt_fe0562b5", "Gilbert_Wunsch_ab591293", "Jacob_King_77823967");
    private static final String NETWORK = "gru-tiny";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    private static Built built;
    private static Path out;
    private static MedsExportConfig exportConfig;
    private static MedsExportSummary summary;

    @BeforeAll
    static void exportAWarehouse() throws Exception {
        SparkSession spark = LocalSpark.session();
        built = buildWarehouse(spark, tmp);
        out = tmp.resolve("meds");
        exportConfig = MedsExportConfig.from(LongitudeConfigLoader.load(null, List.of()), built.warehouse().toString(),
                out.toString(), List.of(built.task()));
        summary = new MedsExportJob(exportConfig).run(spark);
    }

    @Test
    void theExportIsValidMedsThatEqualsTheWarehouseAndABrokenCopyIsNot() throws Exception {
        SparkSession spark = LocalSpark.session();
        Warehouse tables = new Warehouse(built.warehouse().toString());
        assertEquals(spark.read().parquet(tables.table(Warehouse.PATIENTS)).count(), summary.subjects(), summary.toJson());
        assertEquals(spark.read().parquet(tables.cohortSamples(TASK)).count(),
                JSON.readTree(summary.toJson()).at("/labels/" + TASK + "/samples").asLong(), summary.toJson());
        Path broken = tmp.resolve("meds-broken");
        copy(out, broken);
        breakExport(spark, broken);

        Path valid = expectations(tmp, tables, out);
        Path invalid = expectations(tmp, tables, broken);
        PythonChecks.Result checked = PythonChecks.run("meds_checks.py", valid.toString(), invalid.toString());
        System.out.println(checked.output());
        String ofValid = section(checked.output(), valid);
        String ofBroken = section(checked.output(), invalid);
        assertTrue(ofValid.endsWith("all checks passed") && !ofValid.contains("FAIL"), ofValid);
        assertTrue(ofValid.contains("scikit-learn auroc") && !ofValid.contains("None vs None"),
                "every metric was recomputed on a test split with both outcomes:\n" + ofValid);
        assertEquals(1, checked.exitCode(), checked.output());
        for (String failure : List.of("FAIL  data: time is Parquet INT64 TIMESTAMP", "FAIL  every subject's rows are in one file",
                "FAIL  codes.parquet lists every code of the data", "FAIL  the data equal the warehouse's")) {
            assertTrue(ofBroken.contains(failure), failure + " in:\n" + ofBroken);
        }
    }

    @Test
    void aRerunReplacesItsOwnExportAndAnythingElseIsRefused() throws Exception {
        SparkSession spark = LocalSpark.session();
        Config config = LongitudeConfigLoader.load(null, List.of());
        String warehouse = built.warehouse().toString();
        assertEquals(summary.rows(), new MedsExportJob(exportConfig).run(spark).rows());
        Path other = Files.createDirectories(tmp.resolve("not-meds"));
        Files.writeString(other.resolve("notes.txt"), "keep me");
        BadInputException refused = assertThrows(BadInputException.class, () -> new MedsExportJob(MedsExportConfig.from(
                config, warehouse, other.toString(), List.of())).run(spark));
        assertTrue(refused.getMessage().contains("not empty"), refused.getMessage());
        assertTrue(Files.exists(other.resolve("notes.txt")));
        Path otherRule = tmp.resolve("other-rule");
        BadInputException disagreeing = assertThrows(BadInputException.class, () -> new MedsExportJob(
                MedsExportConfig.from(config, warehouse, otherRule.toString(),
                        List.of(TaskFiles.load(TASK, List.of("task.split.salt=another-rule"))))).run(spark));
        assertTrue(disagreeing.getMessage().contains("rebuild it"), disagreeing.getMessage());
        assertFalse(Files.exists(otherRule), "a refused export writes nothing");
    }

    @Test
    void theExportReadBackGivesTheSameVisitSequences() throws Exception {
        SparkSession spark = LocalSpark.session();
        Config config = LongitudeConfigLoader.load(null, List.of());
        String original = built.warehouse().toString();
        String reimported = tmp.resolve("reimported").toString();
        IngestConfig importConfig = IngestConfig.from(config, List.of(out.toString()), reimported);

        MedsIngestSummary imported = new MedsIngestJob(importConfig).run(spark);

        assertEquals(imported.rowsRead(), imported.rowsAccepted() + imported.rowsRejected(), imported.toJson());
        assertEquals(summary.rows(), imported.rowsRead(), imported.toJson());
        assertEquals(0, imported.rowsRejected(), imported.toJson());
        assertEquals(0, imported.patientsWithDayVisits(), imported.toJson());
        Map<Long, String> expected = new TreeMap<>();
        for (VisitSequence s : sequences(spark, original)) {
            expected.put(MedsSubjects.subjectId(s.getPatientKey()), canonical(s));
        }
        MedsImport keys = new MedsImport(importConfig.mode().pseudonymiser(System::getenv), null);
        Map<String, Long> subjectOfKey = new TreeMap<>();
        for (long subject : expected.keySet()) {
            subjectOfKey.put(keys.patientKey(subject), subject);
        }
        Map<Long, String> actual = new TreeMap<>();
        for (VisitSequence s : sequences(spark, reimported)) {
            actual.put(subjectOfKey.get(s.getPatientKey()), canonical(s));
        }
        assertEquals(FIRST_BUNDLES + FREQUENT_INPATIENTS.size(), expected.size());
        assertEquals(expected.keySet(), actual.keySet());
        for (long subject : expected.keySet()) {
            assertEquals(expected.get(subject), actual.get(subject), "subject " + subject);
        }

        assertEquals(describedCodings(spark, original), codes(spark, reimported),
                "the imported codes table is the original's, for the codings MEDS carries");

        // Cohort reads the imported tables as it reads FHIR ingest's: the same samples (splits aside: keys differ).
        new CohortJob(reimported, built.task()).run(spark);
        assertEquals(samples(spark, original, s -> MedsSubjects.subjectId(s)),
                samples(spark, reimported, subjectOfKey::get));

        BadInputException refused = assertThrows(BadInputException.class, () -> new MedsIngestJob(
                IngestConfig.from(config, List.of(out.toString()), original)).run(spark));
        assertTrue(refused.getMessage().contains("holds a FHIR ingest"), refused.getMessage());
    }

    /** The lines meds_checks.py printed for one expectations file. */
    private static String section(String output, Path expectations) {
        int from = output.indexOf("== " + expectations);
        assertTrue(from >= 0, "no section for " + expectations + " in:\n" + output);
        int to = output.indexOf("\n== ", from + 1);
        return output.substring(from, to < 0 ? output.length() : to).strip();
    }

    /** A cohort's samples as subject, index time, label, sex, age and number of visits, sorted. */
    private static List<String> samples(SparkSession spark, String warehouse, Function<String, Long> subjectOfKey) {
        return spark.read().parquet(new Warehouse(warehouse).cohortSamples(TASK)).collectAsList().stream()
                .map(r -> String.join(" ", String.valueOf(subjectOfKey.apply(r.getAs("patientKey"))),
                        String.valueOf(r.<Object>getAs("indexTime")), String.valueOf(r.<Object>getAs("label")),
                        r.getAs("sex"), String.valueOf(r.<Object>getAs("ageAtIndex")),
                        String.valueOf(r.<Object>getAs("visitCount"))))
                .sorted().toList();
    }

    /** A warehouse's codes table as sorted {@code system|code|display} lines. */
    private static List<String> codes(SparkSession spark, String warehouse) {
        return codes(spark, warehouse, token -> true);
    }

    private static List<String> codes(SparkSession spark, String warehouse, Predicate<String> ofToken) {
        return spark.read().parquet(new Warehouse(warehouse).table(Warehouse.CODES)).collectAsList().stream()
                .filter(r -> ofToken.test(r.getAs("codeSystem") + "|" + r.getAs("code")))
                .map(r -> r.getAs("codeSystem") + "|" + r.getAs("code") + "|" + r.getAs("display")).sorted().toList();
    }

    /** The lines of {@link #codes} for the codings of events and of encounter types, reasons and dispositions. */
    private static List<String> describedCodings(SparkSession spark, String warehouse) {
        Warehouse tables = new Warehouse(warehouse);
        Set<String> used = new HashSet<>();
        for (Row r : spark.read().parquet(tables.table(Warehouse.EVENTS)).select("codeSystem", "code").distinct()
                .collectAsList()) {
            used.add(r.getString(0) + "|" + r.getString(1));
        }
        for (Row r : spark.read().parquet(tables.table(Warehouse.ENCOUNTERS))
                .select("typeCodes", "reasonCodes", "dischargeDisposition").collectAsList()) {
            Stream.concat(Stream.concat(r.<String>getList(0).stream(), r.<String>getList(1).stream()),
                            Stream.ofNullable(r.getString(2)))
                    .forEach(token -> used.add((token.startsWith("|") ? "null" : "") + token));
        }
        return codes(spark, warehouse, used::contains);
    }

    private static List<VisitSequence> sequences(SparkSession spark, String warehouse) {
        return spark.read().parquet(new Warehouse(warehouse).table(Warehouse.VISIT_SEQUENCES))
                .as(Encoders.bean(VisitSequence.class)).collectAsList();
    }

    /**
     * What a MEDS export carries of a visit sequence, keys aside: the patient's birth, gender and death, each visit's
     * times, class, type and reason codes, disposition and events (kind, time, coding, value as float32, unit, coded
     * value), and the events on no visit. Not carried: encounter status and class system, event end times.
     */
    private static String canonical(VisitSequence s) {
        List<String> visits = new ArrayList<>();
        for (Visit v : s.getVisits()) {
            visits.add(String.join(" ", String.valueOf(v.getStart()), String.valueOf(v.getEnd()),
                    String.valueOf(v.getClassCode()), v.getTypeCodes().stream().sorted().toList().toString(),
                    v.getReasonCodes().stream().sorted().toList().toString(), String.valueOf(v.getDischargeDisposition()),
                    events(v.getEvents())));
        }
        visits.sort(null);
        boolean died = Boolean.TRUE.equals(s.getDeceased()) || s.getDeathTime() != null;
        return String.join("\n", "born " + s.getBirthDate() + " " + s.getGender() + " died " + died + " " + s.getDeathTime(),
                String.join("\n", visits), "without visit " + events(s.getEventsWithoutVisit()));
    }

    private static String events(List<VisitEvent> events) {
        return events.stream().map(e -> String.join("|", e.getKind(), String.valueOf(e.getTime()), String.valueOf(e.getCodeSystem()),
                        String.valueOf(e.getCode()), String.valueOf(e.getValue() == null ? null : (float) (double) e.getValue()),
                        String.valueOf(e.getUnit()), String.valueOf(e.getValueCode())))
                .sorted().toList().toString();
    }

    private record Built(Path warehouse, TaskConfig task) {
    }

    /**
     * A warehouse as the pipeline leaves it (ingest, cohort, a tiny GRU and its baseline, evaluate), from a few
     * dozen shared bundles: the first ones and the few patients with many inpatient stays, under a split salt
     * that puts both outcomes in every split (so that the test metrics exist).
     */
    private static Built buildWarehouse(SparkSession spark, Path tmp) throws Exception {
        Path input = TestData.firstSharedBundles(FIRST_BUNDLES, tmp.resolve("input"));
        try (Stream<Path> shared = Files.list(TestData.sharedSyntheaBundles())) {
            for (Path bundle : shared.filter(b -> FREQUENT_INPATIENTS.stream()
                    .anyMatch(b.getFileName().toString()::startsWith)).toList()) {
                Files.copy(bundle, input.resolve(bundle.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path model = Files.writeString(tmp.resolve(NETWORK + ".conf"), String.join("\n", "name = " + NETWORK,
                "task = binary", "type = gru", "bidirectional = false", "layers = 1", "hidden-size = 8",
                "embedding-size = 8", "head = last", "dropout = 0", "l2 = 1e-5", "gradient-clip = 1.0",
                "learning-rate = 0.01", "batch-size = 32", "epochs = 1", "early-stopping-patience = 1",
                "max-visits = 20", "seed = 3"));
        String warehouse = tmp.resolve("warehouse").toString();
        Config config = LongitudeConfigLoader.load(null, List.of());
        new IngestJob(IngestConfig.from(config, List.of(input.toString()), warehouse)).run(spark);
        TaskConfig task = taskWithBothOutcomesInEverySplit(spark, warehouse);
        new CohortJob(warehouse, task).run(spark);
        new TrainJob(TrainConfig.from(config, warehouse, TASK, model.toString(), false)).run(spark);
        new EvaluateJob(EvaluateConfig.from(config, warehouse, TASK, NETWORK)).run(spark);
        return new Built(Path.of(warehouse), task);
    }

    /** Labels do not depend on the split: one cohort gives them, then a salt is chosen for the real one. */
    private static TaskConfig taskWithBothOutcomesInEverySplit(SparkSession spark, String warehouse) {
        new CohortJob(warehouse, TaskFiles.load(TASK, List.of())).run(spark);
        List<Row> samples = spark.read().parquet(new Warehouse(warehouse).cohortSamples(TASK))
                .select("patientKey", "label").collectAsList();
        for (int i = 0; i < 1000; i++) {
            TaskConfig candidate = TaskFiles.load(TASK, List.of("task.split.salt=meds-test-" + i));
            Map<String, Set<Integer>> outcomes = new HashMap<>();
            for (Row r : samples) {
                outcomes.computeIfAbsent(SplitAssigner.patientSplit(candidate, r.getString(0)), s -> new HashSet<>())
                        .add(r.getInt(1));
            }
            if (outcomes.size() == 3 && outcomes.values().stream().allMatch(o -> o.size() == 2)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no split salt puts both outcomes in every split of " + samples.size()
                + " samples");
    }

    /** What meds_checks.py compares the export with, by the warehouse's own path vocabulary. */
    private static Path expectations(Path tmp, Warehouse warehouse, Path export) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.put("export", export.toString());
        root.put("fhir_input", tmp.resolve("input").toString());
        ObjectNode tables = root.putObject("tables");
        for (String table : List.of(Warehouse.PATIENTS, Warehouse.ENCOUNTERS, Warehouse.EVENTS)) {
            tables.put(table, warehouse.table(table));
        }
        ObjectNode task = root.putObject("tasks").putObject(TASK);
        task.put("samples", warehouse.cohortSamples(TASK));
        task.putObject("metrics").put(NETWORK, warehouse.metricsJson(TASK, NETWORK));
        return Files.writeString(tmp.resolve("expectations-" + export.getFileName() + ".json"), root.toString());
    }

    /**
     * One more data file as a careless writer would make it: a zoned Spark timestamp (INT96), a held-out subject's
     * row under train (its rows now in two files), a code that codes.parquet does not list.
     */
    private static void breakExport(SparkSession spark, Path export) {
        MedsLayout layout = new MedsLayout(export.toString());
        long subject = spark.read().parquet(layout.subjectSplits())
                .filter(org.apache.spark.sql.functions.col(MedsSchema.SPLIT).equalTo(MedsSchema.HELD_OUT))
                .first().getLong(0);
        StructType schema = new StructType().add(MedsSchema.SUBJECT_ID, DataTypes.LongType)
                .add(MedsSchema.TIME, DataTypes.TimestampType).add(MedsSchema.CODE, DataTypes.StringType);
        List<Row> rows = List.of(RowFactory.create(subject, Timestamp.valueOf("2020-01-01 00:00:00"), "LOCAL//made-up"));
        Path written = export.resolveSibling("careless-write");
        spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite).parquet(written.toString());
        try (Stream<Path> files = Files.list(written)) {
            Path part = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
            Files.move(part, Path.of(layout.data(MedsSchema.TRAIN)).resolve("careless.parquet"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
