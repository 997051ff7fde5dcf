package io.longitude.jobs.cluster;

import io.longitude.models.registry.ModelVersion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.warehouse.Warehouse;
import io.longitude.jobs.ingest.IngestJob;
import io.longitude.jobs.testing.LocalSpark;
import io.longitude.jobs.testing.TestData;
import io.longitude.jobs.train.TrainJob;
import io.longitude.jobs.run.RunConfig;
import io.longitude.jobs.run.RunJob;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shaded job jar on a real Spark standalone cluster (scripts/local-cluster.sh: a master and two one-core
 * workers, separate JVMs on 127.0.0.1), submitted through scripts/submit.sh: the nightly {@code run} over the shared
 * Synthea bundles — ingest, the in-hospital mortality cohort, a small GRU trained with two Spark workers for two
 * epochs, evaluate, report and write-back. The same run goes in local mode in this JVM; tables and cohort must hold
 * exactly the same rows, training metrics must agree within a tolerance (parameter averaging over different
 * partitions is not bit-reproducible), and both executors must have run training tasks. This is what local mode hides: closures that do not serialise, FhirContext and
 * ND4J natives on executors, files that are not shipped.
 */
class StandaloneClusterIT {

    private static final String TASK = "mortality-inhospital";
    /**
     * DL4J refuses the export approach on a cluster whose default file system is local (no HDFS here), so both
     * runs use direct: the same approach on both sides keeps the metrics comparable.
     */
    /** Two epochs of a tiny GRU: the drift check (network against baseline) is off, it is not what this test is about. */
    private static final String RUN_CONFIG = String.join("\n", "run {", "  tasks = [\"" + TASK + "\"]",
            "  models = [\"%s\"]", "  drift { max-auroc-drop = 1.0 }", "}", "train {", "  workers = 2", "  epochs = 2", "  approach = direct", "}");
    /** A frame of every Spark stage that fits the network (stage details carry the driver's call stack). */
    private static final String TRAINING_FRAME = "org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster";
    private static final double AUROC_TOLERANCE = 0.05;
    private static final int DIFFERENTLY_ORDERED_PAIRS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    private static Path root;
    private static Path clusterDir;
    private static Path eventLogs;
    private static Path localWarehouse;
    private static Path clusterWarehouse;
    private static Path modelFile;
    private static Path runConfig;
    private static JsonNode localManifest;
    private static JsonNode clusterManifest;

    @BeforeAll
    static void runLocallyAndOnTheCluster() throws Exception {
        root = TestData.repositoryRoot();
        clusterDir = tmp.resolve("cluster");
        eventLogs = Files.createDirectories(tmp.resolve("event-logs"));
        localWarehouse = tmp.resolve("local-warehouse");
        clusterWarehouse = tmp.resolve("cluster-warehouse");
        modelFile = tmp.resolve("gru-tiny.conf");
        Files.writeString(modelFile, String.join("\n", "name = gru-tiny", "task = binary", "type = gru",
                "bidirectional = false", "layers = 1", "hidden-size = 16", "embedding-size = 16", "head = last",
                "dropout = 0", "l2 = 1e-5", "gradient-clip = 1.0", "learning-rate = 0.01", "batch-size = 32",
                "epochs = 2", "early-stopping-patience = 2", "max-visits = 20", "seed = 7"));
        runConfig = tmp.resolve("run.conf");
        Files.writeString(runConfig, RUN_CONFIG.formatted(modelFile));

        // The cluster takes ~25 s to come up: start it while the local reference run works.
        // The script prints the master URL alone on stdout; Maven's and the daemons' chatter goes to stderr.
        Path startLog = tmp.resolve("cluster-start.out");
        Path startErrors = tmp.resolve("cluster-start.err");
        Process start = clusterScript("start").redirectOutput(startLog.toFile()).redirectError(startErrors.toFile()).start();
        runLocally(LocalSpark.session());
        assertTrue(start.waitFor(3, TimeUnit.MINUTES), "local-cluster.sh start did not finish");
        List<String> startOutput = Files.readAllLines(startLog);
        assertEquals(0, start.exitValue(), () -> "local-cluster.sh start failed:\n" + String.join("\n", startOutput)
                + "\n" + readQuietly(startErrors));
        String master = startOutput.get(startOutput.size() - 1);
        assertTrue(master.startsWith("spark://127.0.0.1:"), "master URL: " + master);

        String input = TestData.sharedSyntheaBundles().toString();
        submit(master, "run", "run", "--input", input, "--warehouse", clusterWarehouse.toString(),
                "--config", runConfig.toString());
        clusterManifest = onlyManifest(clusterWarehouse);
    }

    private static void runLocally(SparkSession spark) throws IOException {
        Config config = LongitudeConfigLoader.load(runConfig, List.of());
        new RunJob(RunConfig.from(config, List.of(TestData.sharedSyntheaBundles().toString()),
                localWarehouse.toString(), false, List.of()), config).run(spark);
        localManifest = onlyManifest(localWarehouse);
    }

    private static JsonNode onlyManifest(Path warehouse) throws IOException {
        try (Stream<Path> runs = Files.list(warehouse.resolve("runs"))) {
            List<Path> manifests = runs.map(r -> r.resolve("manifest.json")).filter(Files::isRegularFile).toList();
            assertEquals(1, manifests.size(), "one run in " + warehouse);
            return JSON.readTree(manifests.get(0).toFile());
        }
    }

    private static JsonNode stage(JsonNode manifest, String name) {
        for (JsonNode stage : manifest.path("stages")) {
            if (stage.path("stage").asText().equals(name)) {
                return stage;
            }
        }
        throw new AssertionError("no " + name + " stage in the manifest of run " + manifest.path("runId").asText());
    }

    private static ProcessBuilder clusterScript(String command) {
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("scripts/local-cluster.sh").toString(), command);
        builder.environment().put("LONGITUDE_CLUSTER_DIR", clusterDir.toString());
        return builder;
    }

    private static void submit(String master, String stage, String... jobArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("scripts/submit.sh").toString(),
                "--master", master));
        command.addAll(List.of(jobArgs));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        Path log = tmp.resolve("submit-" + stage + ".log");
        builder.redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        // Sized for the two 1-core, 3g workers; the driver runs here (client mode) and must bind to loopback.
        env.put("LONGITUDE_EXECUTORS", "2");
        env.put("LONGITUDE_EXECUTOR_CORES", "1");
        env.put("LONGITUDE_EXECUTOR_MEMORY", "2g");
        env.put("LONGITUDE_DRIVER_MEMORY", "2g");
        env.put("LONGITUDE_SPARK_CONF", String.join(" ", "--conf spark.driver.host=127.0.0.1",
                "--conf spark.driver.bindAddress=127.0.0.1", "--conf spark.ui.enabled=false",
                "--conf spark.eventLog.enabled=true", "--conf spark.eventLog.dir=" + eventLogs.toUri()));
        Process process = builder.start();
        boolean finished = process.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        int exit = finished ? process.exitValue() : -1;
        assertEquals(0, exit, () -> stage + " on the cluster failed (exit " + exit + "):\n" + tail(log, 60));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (clusterDir != null) {
            Process stop = clusterScript("stop").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(stop.waitFor(2, TimeUnit.MINUTES), "local-cluster.sh stop did not finish");
        }
    }

    @Test
    void ingestTablesHoldTheSameRowsAsLocalMode() {
        SparkSession spark = LocalSpark.session();
        Warehouse local = new Warehouse(localWarehouse.toString());
        Warehouse cluster = new Warehouse(clusterWarehouse.toString());
        for (String table : IngestJob.TABLES) {
            assertSameRows(spark, table, Path.of(local.table(table)), Path.of(cluster.table(table)));
        }
    }

    @Test
    void cohortHoldsTheSameSamplesAsLocalMode() {
        SparkSession spark = LocalSpark.session();
        for (String part : List.of("samples", "vocabulary")) {
            assertSameRows(spark, part,
                    Path.of(new Warehouse(localWarehouse.toString()).cohort(TASK), part),
                    Path.of(new Warehouse(clusterWarehouse.toString()).cohort(TASK), part));
        }
    }

    @Test
    void everyStageOfTheRunFinished() {
        for (JsonNode manifest : List.of(localManifest, clusterManifest)) {
            assertEquals("ok", manifest.path("status").asText(), "run status");
            for (String name : List.of("ingest", "cohort", "train", "evaluate", "report", "writeback")) {
                assertEquals("ok", stage(manifest, name).path("status").asText(), name + " status");
            }
        }
    }

    @Test
    void trainingMetricsAgreeWithLocalMode() {
        JsonNode local = stage(localManifest, "train");
        JsonNode cluster = stage(clusterManifest, "train");
        assertEquals(local.path("epochs").asInt(), cluster.path("epochs").asInt());
        // Two networks trained on differently partitioned minibatches may order a few positive-negative pairs of the
        // validation split differently; on the shared data that split holds 2 positives, so one pair is 1/64 of AUROC.
        Dataset<Row> validation = LocalSpark.session().read()
                .parquet(new Warehouse(localWarehouse.toString()).cohortSamples(TASK)).filter(col("split").equalTo("validation"));
        long positives = validation.filter(col("label").equalTo(1)).count();
        long pairs = positives * (validation.count() - positives);
        double tolerance = Math.max(AUROC_TOLERANCE, (double) DIFFERENTLY_ORDERED_PAIRS / pairs);
        assertEquals(local.path("validationScore").asDouble(), cluster.path("validationScore").asDouble(), tolerance,
                "network validation AUROC, local vs cluster, over " + pairs + " positive-negative pairs");
        assertEquals(local.path("baselineValidationScore").asDouble(), cluster.path("baselineValidationScore").asDouble(),
                1e-6, "the logistic-regression baseline is deterministic");
        Path version = Path.of(cluster.path("wrote").asText());
        assertTrue(Files.isRegularFile(version.resolve(ModelVersion.HISTORY)), "training history written");
        Dataset<Row> predictions = LocalSpark.session().read().parquet(version.resolve(ModelVersion.PREDICTIONS).toString());
        Dataset<Row> localPredictions = LocalSpark.session().read().parquet(
                Path.of(local.path("wrote").asText()).resolve(ModelVersion.PREDICTIONS).toString());
        assertEquals(localPredictions.count(), predictions.count(), "one prediction per sample and model");
    }

    /**
     * Read from the train application's event log, the record Spark itself keeps: every successful task of a
     * parameter-averaging stage names the executor it ran on. Executor folders under both workers' work dirs
     * confirm that the two executors were the two worker JVMs' children, not two on one worker.
     */
    @Test
    void trainingRanOnBothExecutors() throws IOException {
        EventLog log = EventLog.ofApplication(eventLogs, "longitude-run");
        Set<String> executors = log.executorsOfStagesWith(TRAINING_FRAME);
        assertEquals(Set.of("0", "1"), executors, "executors that ran training tasks");
        for (String worker : List.of("worker-1", "worker-2")) {
            Path appDir = clusterDir.resolve(worker).resolve(log.applicationId);
            try (Stream<Path> executorDirs = Files.list(appDir)) {
                assertEquals(1, executorDirs.count(), worker + " ran one executor of " + log.applicationId);
            }
        }
    }

    private static void assertSameRows(SparkSession spark, String name, Path expectedPath, Path actualPath) {
        Dataset<Row> expected = spark.read().parquet(expectedPath.toString());
        Dataset<Row> actual = spark.read().parquet(actualPath.toString());
        assertEquals(expected.schema(), actual.schema(), name + ": schema");
        // One JSON string per row: set operations refuse map columns, and nested values compare as text.
        Dataset<Row> expectedRows = expected.select(to_json(struct(col("*"))).as("row"));
        Dataset<Row> actualRows = actual.select(to_json(struct(col("*"))).as("row"));
        long count = expectedRows.count();
        assertTrue(count > 0 || name.equals(Warehouse.REJECTS), name + " is empty");
        assertEquals(count, actualRows.count(), name + ": row count");
        assertEquals(0, expectedRows.exceptAll(actualRows).count(), name + ": local rows missing on the cluster");
        assertEquals(0, actualRows.exceptAll(expectedRows).count(), name + ": cluster rows not in the local run");
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The JSON-lines event log Spark writes per application (spark.eventLog.enabled). */
    private static final class EventLog {

        final String applicationId;
        private final Map<Integer, String> stageDetails = new HashMap<>();
        private final Map<Integer, Set<String>> executorsByStage = new HashMap<>();

        private EventLog(String applicationId) {
            this.applicationId = applicationId;
        }

        static EventLog ofApplication(Path dir, String appName) throws IOException {
            List<Path> files;
            try (Stream<Path> list = Files.list(dir)) {
                files = list.filter(Files::isRegularFile).sorted().toList();
            }
            Set<String> seen = new TreeSet<>();
            for (Path file : files) {
                EventLog log = read(file, appName, seen);
                if (log != null) {
                    return log;
                }
            }
            throw new AssertionError("no event log of " + appName + " in " + dir + "; applications: " + seen);
        }

        private static EventLog read(Path file, String appName, Set<String> seen) throws IOException {
            EventLog log = null;
            try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = lines.readLine()) != null) {
                    JsonNode event = JSON.readTree(line);
                    switch (event.path("Event").asText()) {
                        case "SparkListenerApplicationStart" -> {
                            seen.add(event.path("App Name").asText());
                            if (!event.path("App Name").asText().equals(appName)) {
                                return null;
                            }
                            log = new EventLog(event.path("App ID").asText());
                        }
                        case "SparkListenerStageSubmitted", "SparkListenerStageCompleted" -> {
                            JsonNode stage = event.path("Stage Info");
                            if (log != null) {
                                log.stageDetails.put(stage.path("Stage ID").asInt(), stage.path("Details").asText());
                            }
                        }
                        case "SparkListenerTaskEnd" -> {
                            if (log != null && event.path("Task End Reason").path("Reason").asText().equals("Success")) {
                                log.executorsByStage.computeIfAbsent(event.path("Stage ID").asInt(), s -> new HashSet<>())
                                        .add(event.path("Task Info").path("Executor ID").asText());
                            }
                        }
                        default -> {
                        }
                    }
                }
            }
            return log;
        }

        Set<String> executorsOfStagesWith(String frame) {
            Set<String> executors = new TreeSet<>();
            stageDetails.forEach((stage, details) -> {
                if (details.contains(frame)) {
                    executors.addAll(executorsByStage.getOrDefault(stage, Set.of()));
                }
            });
            assertFalse(stageDetails.isEmpty(), "the event log of " + applicationId + " has no stages");
            return executors;
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
