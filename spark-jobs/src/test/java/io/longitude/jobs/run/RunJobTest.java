package io.longitude.jobs.run;

import com.typesafe.config.Config;
import io.longitude.cohort.CohortMetadata;
import io.longitude.cohort.TaskFiles;
import io.longitude.cohort.TaskKind;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.testing.CapturedLog;
import io.longitude.jobs.testing.DirectoryFingerprints;
import io.longitude.jobs.testing.LocalSpark;
import io.longitude.jobs.testing.TestData;
import io.longitude.jobs.writeback.WritebackConfig;
import io.longitude.jobs.writeback.WritebackJob;
import io.longitude.models.registry.VersionSummary;
import io.longitude.warehouse.Warehouse;
import io.longitude.writeback.WritebackSource;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline command: a full run (a binary task given as a file of one's own, and next-visit-dx), a rerun
 * that does nothing and changes nothing, the warehouse lock, and a run that keeps every model's version.
 */
@ExtendWith(LocalSpark.class)
class RunJobTest {

    private static final String FILE_TASK = "mortality-from-file";
    private static final String FILE_OUTCOME = "Died in hospital (from the task file)";
    /** Spark's StringUtils, when a plan string passes spark.sql.maxPlanStringLength. */
    private static final String PLAN_TOO_LONG = "Truncated the string representation of a plan since it was too long";

    @Test
    void rerunIsANoOpAndTheLockRefusesAConcurrentRun(SparkSession spark, @TempDir Path tmp) throws Exception {
        Path input = TestData.firstSharedBundles(60, tmp.resolve("input"));
        Path model = tmp.resolve("gru-tiny.conf");
        Files.writeString(model, String.join("\n", "name = gru-tiny", "task = binary", "type = gru",
                "bidirectional = false", "layers = 1", "hidden-size = 8", "embedding-size = 8", "head = last",
                "dropout = 0", "l2 = 1e-5", "gradient-clip = 1.0", "learning-rate = 0.01", "batch-size = 32",
                "epochs = 2", "early-stopping-patience = 2", "max-visits = 20", "seed = 3"));
        Path seq2seq = tmp.resolve("seq2seq-tiny.conf");
        Files.writeString(seq2seq, String.join("\n", "name = seq2seq-tiny", "task = next-visit", "type = gru",
                "hidden-size = 8", "embedding-size = 8", "head = per-step", "batch-size = 32", "epochs = 1",
                "max-visits = 20", "seed = 3"));
        // A task of one's own, given as a file: the warehouse knows it by the name inside, write-back by its outcome.
        Path taskFile = Files.createDirectories(tmp.resolve("my tasks")).resolve("mortality.conf");
        Files.writeString(taskFile, shippedTask("mortality-inhospital")
                .replace("name = mortality-inhospital", "name = " + FILE_TASK)
                .replace("display = \"Dead\"", "display = \"" + FILE_OUTCOME + "\""));
        Config config = LongitudeConfigLoader.load(null, List.of("run.tasks=[" + FILE_TASK + ", next-visit-dx]"));
        assertEquals(List.of(FILE_TASK, "next-visit-dx"), config.getStringList("run.tasks"), "--conf list values");
        Path warehouse = tmp.resolve("warehouse");
        RunConfig runConfig = new RunConfig(List.of(input.toString()), warehouse.toString(),
                List.of(taskFile.toString(), "next-visit-dx"), List.of(model.toString()), List.of(seq2seq.toString()),
                RunConfig.from(config, List.of(input.toString()), warehouse.toString(), false, List.of()).retrain(), 0.05, 0.02, false, List.of());

        RunManifest first;
        String log;
        try (CapturedLog captured = new CapturedLog(List.of())) {
            first = new RunJob(runConfig, config).run(spark);
            log = captured.text();
        }
        assertTrue(List.of("ok", "degraded").contains(first.status()), first.toJson());
        // No stage builds a plan longer than spark.sql.maxPlanStringLength (the demo's `run` logs what this one does).
        assertFalse(log.contains(PLAN_TOO_LONG), () -> log.lines().filter(l -> l.contains(PLAN_TOO_LONG)).findFirst().orElse(""));
        // Every task and model ends with the scoring of its open events and their write-back.
        assertEquals(List.of("ingest", "cohort", "train", "evaluate", "report", "score", "writeback",
                        "cohort", "train", "evaluate", "report", "score", "writeback"),
                first.stages().stream().map(s -> s.get("stage")).toList());
        assertEquals(List.of(FILE_TASK, "next-visit-dx"),
                first.stages().stream().filter(s -> s.get("stage").equals("cohort")).map(s -> s.get("task")).toList());
        Map<?, ?> nextVisit = (Map<?, ?>) ((Map<?, ?>) first.get("metrics")).get("next-visit-dx/seq2seq-tiny");
        assertTrue(nextVisit.get("testRecallAt20") instanceof Double && nextVisit.get("baselineTestRecallAt20") instanceof Double,
                first.toJson());
        assertEquals("recall@20", nextVisit.get("validationMetric"));
        first.stages().forEach(s -> assertEquals("ok", s.get("status"), s.toString()));
        Map<String, Object> ingest = first.stages().get(0);
        assertEquals(60L, ((Map<?, ?>) ingest.get("files")).get("readNew"), "the manifest says what ingest read");
        assertTrue(((Map<?, ?>) ingest.get("phaseSeconds")).containsKey("parseFilesRead"), ingest.toString());
        Map<String, String> tables = DirectoryFingerprints.of(warehouse.resolve("tables"));
        assertTrue(tables.size() > 10);

        assertEquals(Set.of(FILE_TASK, "next-visit-dx"), folders(warehouse.resolve("tables/cohorts")));
        assertEquals(Set.of(FILE_TASK, "next-visit-dx"), folders(warehouse.resolve("models")));
        assertEquals(TaskKind.MORTALITY, CohortMetadata.fromJson(Files.readString(
                warehouse.resolve("tables/cohorts/" + FILE_TASK + "/cohort.json")), "cohort.json").kind());
        Map<?, ?> trained = (Map<?, ?>) ((Map<?, ?>) first.get("metrics")).get(FILE_TASK + "/gru-tiny");
        String version = (String) trained.get("version");
        assertEquals(version, trained.get("scoredBy"), "the manifest says which version scored");
        assertEquals("first trained version, promoted automatically", trained.get("scoredBecause"));
        for (String written : List.of(FILE_TASK + "/gru-tiny", "next-visit-dx/seq2seq-tiny")) {
            Map<?, ?> scored = (Map<?, ?>) ((Map<?, ?>) first.get("metrics")).get(written);
            assertEquals(scored.get("scored"), (long) riskAssessments(warehouse.resolve("tables/risk_assessments/"
                    + written)).lines().count(), "one RiskAssessment per scored event of " + written);
        }
        assertEquals(true, trained.get("trainedNow"));
        assertEquals("trained now: no trained version yet", trained.get("versionReason"));
        assertEquals(version, trained.get("promoted"), "the first trained version is promoted automatically");
        assertTrue(trained.get("testPatients") instanceof Long && trained.get("testJudgeable") instanceof Boolean,
                "the test metric carries its positive patients and whether it can be judged: " + trained);
        assertTrue(trained.get("validationPatients") instanceof Long && trained.get("validationJudgeable") instanceof Boolean,
                trained.toString());

        // What the demo's last lines show: every test metric with its patients and, when too few, the flag.
        String printed = summaryScript(warehouse);
        assertTrue(printed.lines().anyMatch(l -> l.contains(FILE_TASK + "/gru-tiny") && l.contains("test AUROC")
                && l.contains("[positive patients: " + trained.get("testPatients")
                + (Boolean.TRUE.equals(trained.get("testJudgeable")) ? "]" : ", cannot be judged on this data]"))), printed);
        // No positive sample in this small validation split: the written-back probabilities are the raw scores,
        // and the last lines say so.
        assertEquals("none", trained.get("scoredRecalibration"), trained.toString());
        assertTrue(printed.contains("probabilities: raw scores, not recalibrated (the validation split has no "
                + "positive sample)"), printed);
        assertTrue(printed.lines().anyMatch(l -> l.contains("next-visit-dx/seq2seq-tiny")
                && l.contains("[patients with a next visit: " + nextVisit.get("testPatients"))), printed);
        assertEquals(1, VersionSummary.of(new Warehouse(warehouse.toString()).modelRegistry(), FILE_TASK, "gru-tiny", 10)
                .stream().filter(v -> v.validation() != null && v.validation().patients() == (Long) trained.get("validationPatients"))
                .count(), "models list shows the validation score with its positive patients");

        RunManifest second = new RunJob(runConfig, config).run(spark);
        assertEquals("unchanged", second.status(), second.toJson());
        assertEquals(first.runId(), second.get("unchangedSince"));
        assertTrue(second.stages().isEmpty(), "an unchanged run does no stage");
        assertEquals(tables, DirectoryFingerprints.of(warehouse.resolve("tables")), "tables are byte-identical after a no-op run");
        // The run writes the scores back, never the cohort audit; asked for, the audit takes the task file's outcome.
        new WritebackJob(WritebackConfig.from(config, warehouse.toString(), TaskFiles.load(taskFile.toString(),
                List.of()), "gru-tiny", WritebackSource.COHORT_AUDIT, null, "", Map.of())).run(spark);
        assertTrue(riskAssessments(warehouse.resolve("tables/risk_assessments_cohort_audit/" + FILE_TASK + "/gru-tiny"))
                .contains("\"display\":\"" + FILE_OUTCOME + "\""), "write-back's outcome comes from the task file");

        Path lock = warehouse.resolve("_lock");
        String host = InetAddress.getLocalHost().getHostName();
        Files.writeString(lock, "{\"pid\":" + ProcessHandle.current().pid() + ",\"host\":\"" + host
                + "\",\"runId\":\"other\",\"started\":\"2026-01-01T00:00:00Z\"}");
        RunLockedException refused = assertThrows(RunLockedException.class, () -> new RunJob(runConfig, config).run(spark));
        assertTrue(refused.getMessage().contains("other"), refused.getMessage());

        // A changed configuration reruns the stages; run.retrain = never keeps every model's version.
        Config never = LongitudeConfigLoader.load(null, List.of("run.retrain=never"));
        RunConfig keep = new RunConfig(runConfig.inputs(), runConfig.warehouse(), runConfig.tasks(), runConfig.models(),
                runConfig.nextVisitModels(), RunConfig.from(never, runConfig.inputs(), runConfig.warehouse(), false, List.of()).retrain(),
                0.05, 0.02, false, List.of());
        Files.writeString(lock, "{\"pid\":" + deadPid() + ",\"host\":\"" + host
                + "\",\"runId\":\"crashed\",\"started\":\"2026-01-01T00:00:00Z\"}");
        RunManifest afterCrash = new RunJob(keep, never).run(spark);
        assertNotNull(afterCrash.get("staleLock"), "a stale lock is reported in the manifest");
        assertTrue(((String) afterCrash.get("staleLock")).contains("crashed"));
        assertTrue(Files.notExists(lock), "the lock is released at the end of a run");
        assertTrue(List.of("ok", "degraded").contains(afterCrash.status()), afterCrash.toJson());
        List<Map<String, Object>> kept = afterCrash.stages().stream().filter(s -> s.get("stage").equals("train")).toList();
        assertEquals(2, kept.size(), afterCrash.toJson());
        kept.forEach(s -> assertEquals(false, s.get("trainedNow"), s.toString()));
        Map<?, ?> keptMetrics = (Map<?, ?>) ((Map<?, ?>) afterCrash.get("metrics")).get(FILE_TASK + "/gru-tiny");
        assertEquals(version, keptMetrics.get("version"));
        assertEquals("kept " + version + " (run.retrain = never)", keptMetrics.get("versionReason"));
        assertEquals(trained.get("testAuroc"), keptMetrics.get("testAuroc"), "the kept version is evaluated as before");
        assertTrue(keptMetrics.keySet().containsAll(List.of("testCalibrationSlope", "testEce", "testPrevalence")),
                "the run trend's figures: " + keptMetrics);
        // The report written by this run shows the trend across the runs that evaluated the model, itself included.
        String trend = Files.readString(warehouse.resolve("reports/" + FILE_TASK + "/gru-tiny/report.html"));
        trend = trend.substring(trend.indexOf("<h2>Across runs</h2>"));
        assertTrue(trend.contains(">" + first.runId() + "</td>") && trend.contains(">" + afterCrash.runId() + "</td>")
                && !trend.contains(">" + second.runId() + "</td>"), "no point for the unchanged run: " + trend);
        assertEquals(1, new Warehouse(warehouse.toString()).modelRegistry().finished(FILE_TASK, "gru-tiny").size(),
                "nothing was trained");
    }

    private static String shippedTask(String name) throws Exception {
        try (InputStream in = RunJobTest.class.getClassLoader().getResourceAsStream("conf/tasks/" + name + ".conf")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String summaryScript(Path warehouse) throws Exception {
        Process process = new ProcessBuilder("bash", TestData.repositoryRoot().resolve("scripts/longitude-summary.sh").toString(),
                warehouse.toString()).redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), printed);
        return printed;
    }

    private static Set<String> folders(Path dir) throws Exception {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static String riskAssessments(Path dir) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".ndjson")).toList()) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }

    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }
}
