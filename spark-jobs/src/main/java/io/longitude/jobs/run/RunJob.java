package io.longitude.jobs.run;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.longitude.fhir.Pseudonymiser;
import io.longitude.monitoring.RunTrend;
import io.longitude.warehouse.Warehouse;
import io.longitude.cohort.TaskConfig;
import io.longitude.jobs.CohortMetadataFiles;
import io.longitude.jobs.cohort.CohortJob;
import io.longitude.jobs.cohort.CohortSummary;
import io.longitude.jobs.ingest.IngestConfig;
import io.longitude.jobs.ingest.IngestJob;
import io.longitude.jobs.ingest.IngestSummary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.longitude.jobs.evaluate.EvaluateConfig;
import io.longitude.jobs.evaluate.EvaluateJob;
import io.longitude.models.evaluation.JudgedMetric;
import io.longitude.models.evaluation.NextVisitEvaluator;
import io.longitude.models.registry.ModelVersion;
import io.longitude.models.registry.RetrainPolicy;
import io.longitude.jobs.report.ReportConfig;
import io.longitude.jobs.report.ReportJob;
import io.longitude.jobs.score.ScoreConfig;
import io.longitude.jobs.score.ScoreJob;
import io.longitude.jobs.score.ScoreSummary;
import io.longitude.jobs.writeback.WritebackConfig;
import io.longitude.jobs.writeback.WritebackJob;
import io.longitude.writeback.WritebackSource;
import io.longitude.jobs.train.TrainConfig;
import io.longitude.jobs.train.TrainJob;
import io.longitude.jobs.train.TrainSummary;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The nightly pipeline under one run id: ingest → cohort (per task) → train → evaluate → report → score →
 * write-back (per task and model: the open events as of the newest event time, scored by the promoted version,
 * as RiskAssessments), with a warehouse lock, a manifest rewritten after every stage, a promotion gate on test
 * AUROC ({@link PromotionGate}) and a drift check on test AUROC against the run trend ({@link RunTrend}). A task
 * is a shipped task's name or a task file; the warehouse knows it by the name inside. {@code run.retrain} decides whether a model is trained
 * anew or its newest version kept; the manifest says, per task and model, which version was used and why, and
 * which one is promoted (scores). A next-visit-dx task runs the models of
 * {@code run.next-visit-models} instead, is evaluated by recall@k, written back as one RiskAssessment per patient
 * with a prediction per top code, and has no drift check. When neither the inputs
 * (path, size, modification time) nor the configuration changed since the last finished run, the run
 * does no work, says so, and leaves every table untouched. Stages publish their tables atomically, so a
 * run killed at any stage leaves the published data as it was and the next run redoes the work.
 */
public final class RunJob {

    private static final Logger LOG = LoggerFactory.getLogger(RunJob.class);

    private final RunConfig run;
    private final Config config;

    public RunJob(RunConfig run, Config config) {
        this.run = run;
        this.config = config;
    }

    public RunManifest run(SparkSession spark) {
        IngestConfig ingestConfig = IngestConfig.from(config, run.inputs(), run.warehouse());
        Pseudonymiser pseudonymiser = ingestConfig.mode().pseudonymiser(System::getenv);
        Warehouse warehouse = new Warehouse(run.warehouse());
        String runId = freshRunId(warehouse);
        Path runs = Warehouse.localPath(warehouse.runs());
        try (RunLock lock = RunLock.acquire(Warehouse.localPath(warehouse.runLock()), runId)) {
            RunManifest manifest = RunManifest.start(Warehouse.localPath(warehouse.runManifest(runId)), runId);
            List<Map<String, Object>> inventory = InputInventory.of(run.inputs(), spark.sparkContext().hadoopConfiguration(),
                    pseudonymiser);
            String configHash = sha256(config.root().render(ConfigRenderOptions.concise()));
            String inputsHash = sha256(inventory.toString());
            manifest.put("started", Instant.now().toString());
            manifest.put("versions", versions(spark.sparkContext()));
            manifest.put("staleLock", lock.staleReport());
            manifest.put("configHash", configHash);
            manifest.put("tasks", run.tasks());
            manifest.put("models", run.models());
            manifest.put("inputsHash", inputsHash);
            manifest.put("inputs", inventory);
            manifest.write();
            try {
                var previous = RunManifest.lastFinished(runs);
                if (previous.isPresent() && inputsHash.equals(previous.get().get("inputsHash"))
                        && configHash.equals(previous.get().get("configHash"))) {
                    manifest.put("status", "unchanged");
                    manifest.put("unchangedSince", previous.get().runId());
                    manifest.put("metrics", previous.get().get("metrics"));
                    LOG.info("run {}: inputs and configuration unchanged since run {}: nothing to do", runId,
                            previous.get().runId());
                } else {
                    runStages(spark, ingestConfig, manifest);
                }
            } catch (RuntimeException e) {
                manifest.put("status", "failed");
                manifest.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
                throw e;
            } finally {
                manifest.put("finished", Instant.now().toString());
                manifest.write();
            }
            return manifest;
        }
    }

    private void runStages(SparkSession spark, IngestConfig ingestConfig, RunManifest manifest) {
        IngestSummary ingest = stage(manifest, "ingest", null, null,
                () -> new IngestJob(ingestConfig).run(spark),
                s -> {
                    Map<String, Object> counts = new LinkedHashMap<>(s.manifestEntry());
                    counts.put("wrote", s.upToDate() ? List.of() : IngestJob.TABLES);
                    return counts;
                });
        Objects.requireNonNull(ingest);
        Warehouse warehouse = new Warehouse(run.warehouse());
        Map<String, Object> metrics = new LinkedHashMap<>();
        List<String> degraded = new ArrayList<>();
        for (String taskArgument : run.tasks()) {
            // A task file names its task: every warehouse path below uses that name, never the file's path.
            TaskConfig taskConfig = run.task(taskArgument);
            String task = taskConfig.name();
            stage(manifest, "cohort", task, null,
                    () -> new CohortJob(run.warehouse(), taskConfig).run(spark),
                    (CohortSummary s) -> Map.of("samples", s.samples(), "wrote", warehouse.cohort(task)));
            boolean binary = CohortMetadataFiles.read(spark.sparkContext().hadoopConfiguration(), warehouse, task)
                    .kind().binary();
            for (String model : binary ? run.models() : run.nextVisitModels()) {
                ModelRun done = runModel(spark, manifest, taskArgument, task, binary, model);
                String key = task + "/" + done.name();
                metrics.put(key, done.metrics());
                if (binary) {
                    degraded.addAll(driftFindings(key, done.metrics(), RunTrend.lastFinished(
                            RunTrend.read(Warehouse.localPath(warehouse.runs()), task, done.name()), manifest.runId())));
                }
            }
        }
        manifest.put("metrics", metrics);
        manifest.put("degradedBecause", degraded);
        manifest.put("status", degraded.isEmpty() ? "ok" : "degraded");
        degraded.forEach(reason -> LOG.warn("run {} degraded: {}", manifest.runId(), reason));
    }

    /** A model's name (its definition's, not the file's) and its entry of the manifest's metrics. */
    private record ModelRun(String name, Map<String, Object> metrics) {
    }

    /**
     * Train (or keep, as {@code run.retrain} decides), evaluate, report, promote (or not), score and write back
     * one model.
     */
    private ModelRun runModel(SparkSession spark, RunManifest manifest, String taskArgument, String task,
                              boolean binary, String model) {
        Warehouse warehouse = new Warehouse(run.warehouse());
        EvaluateConfig evaluateConfig = EvaluateConfig.from(config, run.warehouse(), task, "");
        int minPatients = evaluateConfig.settings().minPositivePatients();
        // The test metric the manifest records: AUROC, or for next-visit-dx recall@k at the middle k.
        String testMetric = binary ? "auroc" : NextVisitEvaluator.metricKey("recall", middle(evaluateConfig.recallAtK()));
        String testKey = "test" + Character.toUpperCase(testMetric.charAt(0)) + testMetric.substring(1);
        String baselineKey = "baselineT" + testKey.substring(1);

        TrainConfig trainConfig = TrainConfig.from(config, run.warehouse(), task, model, false);
        String name = trainConfig.network().name();
        RetrainPolicy.Decision decision = run.retrain().decide(warehouse.modelRegistry().latest(task, name),
                Instant.now());
        TrainSummary trained = stage(manifest, "train", task, name,
                () -> decision.train() ? new TrainJob(trainConfig).run(spark) : null,
                s -> {
                    Map<String, Object> counts = new LinkedHashMap<>();
                    counts.put("version", s == null ? decision.kept().name() : s.version());
                    counts.put("trainedNow", s != null);
                    counts.put("reason", decision.reason());
                    if (s != null) {
                        counts.put("epochs", s.progress().epochsDone);
                        counts.put("validationMetric", s.validationMetric());
                        counts.put("validationScore", s.validationScore());
                        counts.put("validationPatients", s.validationPatients());
                        counts.put("validationJudgeable", s.judgedValidationScore(minPatients).judgeable());
                        counts.put("baselineValidationScore", s.baselineValidationScore());
                        counts.put("wrote", s.path());
                    }
                    return counts;
                });
        String version = trained == null ? decision.kept().name() : trained.version();
        ObjectNode evaluation = stage(manifest, "evaluate", task, name,
                () -> unchecked(() -> new EvaluateJob(EvaluateConfig.from(config, run.warehouse(), task, name)).run(spark)),
                d -> {
                    JudgedMetric network = testMetric(d, "network", testMetric);
                    Map<String, Object> counts = new LinkedHashMap<>();
                    counts.put(testKey, network.value());
                    counts.put(baselineKey, testMetric(d, "baseline", testMetric).value());
                    counts.put("testPatients", network.patients());
                    counts.put("testJudgeable", network.judgeable());
                    if (binary) {
                        counts.putAll(calibrationTrend(d));
                    }
                    counts.put("wrote", warehouse.metricsJson(task, name));
                    return counts;
                });
        stage(manifest, "report", task, name,
                () -> unchecked(() -> new ReportJob(ReportConfig.from(config, run.warehouse(), task, name)).run(spark)),
                report -> Map.of("wrote", report.path()));
        PromotionGate.Decision promotion = promotion(spark, warehouse, task, name, binary, version, trained != null,
                evaluation, testMetric);
        // The nightly product: the open events as of the newest event time, scored by the promoted version, and
        // written back (into the warehouse, and to writeback.fhir-server when one is configured).
        ScoreSummary scored = stage(manifest, "score", task, name,
                () -> new ScoreJob(ScoreConfig.from(config, run.warehouse(), task, name, null, null)).run(spark),
                s -> {
                    Map<String, Object> counts = new LinkedHashMap<>();
                    counts.put("version", s.modelVersion());
                    counts.put("asOf", s.asOf().toString());
                    counts.put("openEvents", s.openEvents());
                    counts.put("scored", s.scored());
                    counts.put("bands", s.bands());
                    counts.put("wrote", s.path());
                    return counts;
                });
        stage(manifest, "writeback", task, name,
                () -> unchecked(() -> new WritebackJob(WritebackConfig.from(config, run.warehouse(),
                        run.task(taskArgument), name, WritebackSource.SCORES, scored.asOf(), null,
                        System.getenv())).run(spark)),
                w -> Map.of("resourcesWritten", w.resourcesWritten(), "wrote", w.ndjsonPath()));

        JudgedMetric network = testMetric(evaluation, "network", testMetric);
        JudgedMetric baseline = testMetric(evaluation, "baseline", testMetric);
        Map<String, Object> modelMetrics = new LinkedHashMap<>();
        modelMetrics.put("version", version);
        modelMetrics.put("trainedNow", trained != null);
        modelMetrics.put("versionReason", decision.reason());
        modelMetrics.put("promoted", warehouse.modelRegistry().promoted(task, name).map(ModelVersion::name).orElse(null));
        modelMetrics.put("scoredBy", scored.modelVersion());
        modelMetrics.put("scoredBecause", promotion.reason());
        modelMetrics.put("scoredAsOf", scored.asOf().toString());
        modelMetrics.put("scored", scored.scored());
        if (scored.recalibration() != null) {
            modelMetrics.put("scoredRecalibration", scored.recalibration());
            modelMetrics.put("scoredRecalibrationReason", scored.recalibrationReason());
        }
        modelMetrics.put(testKey, network.value());
        modelMetrics.put(baselineKey, baseline.value());
        modelMetrics.put("testPatients", network.patients());
        modelMetrics.put("testJudgeable", network.judgeable());
        if (binary) {
            modelMetrics.putAll(calibrationTrend(evaluation));
        }
        LOG.info("run {}: {}/{} {} {}, baseline {}", manifest.runId(), task, name, version, network.text(),
                baseline.text());
        if (trained != null) {
            JudgedMetric validation = trained.judgedValidationScore(minPatients);
            modelMetrics.put("validationMetric", trained.validationMetric());
            modelMetrics.put("validationScore", trained.validationScore());
            modelMetrics.put("validationPatients", trained.validationPatients());
            modelMetrics.put("validationJudgeable", validation.judgeable());
            LOG.info("run {}: {}/{} {} {}", manifest.runId(), task, name, version, validation.text());
        }
        return new ModelRun(name, modelMetrics);
    }

    /**
     * Whether a version the run trained now scores: binary tasks pass the promotion gate on test AUROC; a next-visit
     * version is promoted (it has no AUROC to compare); a kept version changes nothing.
     */
    private PromotionGate.Decision promotion(SparkSession spark, Warehouse warehouse, String task, String model,
                                             boolean binary, String version, boolean trainedNow, ObjectNode evaluation,
                                             String testMetric) {
        String promoted = warehouse.modelRegistry().promoted(task, model).map(ModelVersion::name).orElse(null);
        if (!trainedNow) {
            return new PromotionGate.Decision(false, promoted, "promoted version " + promoted + " (no version trained now)",
                    null);
        }
        if (binary) {
            return new PromotionGate(run.promotionMaxAurocDrop()).decide(spark, warehouse, task, model, version,
                    testMetric(evaluation, "network", testMetric).value());
        }
        if (version.equals(promoted)) {
            return new PromotionGate.Decision(true, version, "first trained version, promoted automatically", null);
        }
        String reason = "next-visit-dx has no AUROC to gate on: the version trained now scores";
        warehouse.modelRegistry().promote(task, model, version, PromotionGate.PROMOTED_BY, reason);
        return new PromotionGate.Decision(true, version, "promoted " + version + ": " + reason, null);
    }

    /**
     * Test AUROC against the baseline's and against the newest finished run's that evaluated this model (the run
     * trend the report shows), when both are measurable.
     */
    private List<String> driftFindings(String key, Map<String, Object> now, Optional<RunTrend.Point> last) {
        List<String> findings = new ArrayList<>();
        double drop = run.maxAurocDrop();
        double auroc = (Double) now.get("testAuroc");
        double baseline = (Double) now.get("baselineTestAuroc");
        String tested = new JudgedMetric("test AUROC", auroc, (Long) now.get("testPatients"),
                JudgedMetric.POSITIVE_PATIENTS, (Boolean) now.get("testJudgeable")).text();
        if (auroc < baseline - drop) {
            findings.add(String.format("%s: %s is more than %.2f below the baseline's %.3f", key, tested, drop, baseline));
        }
        if (last.isPresent() && auroc < last.get().testAuroc() - drop) {
            findings.add(String.format("%s: %s dropped more than %.2f from run %s's %.3f", key, tested, drop,
                    last.get().runId(), last.get().testAuroc()));
        }
        return findings;
    }

    /** The network's test calibration slope, ECE and prevalence, for the run trend. */
    private static Map<String, Object> calibrationTrend(ObjectNode evaluation) {
        Map<String, Object> figures = new LinkedHashMap<>();
        for (JsonNode model : evaluation.path("models")) {
            if ("network".equals(model.path("role").asText())) {
                figures.put("testCalibrationSlope", value(model.path("metrics").path("calibrationSlope")));
                figures.put("testEce", value(model.path("metrics").path("ece")));
                figures.put("testPrevalence", model.path("samples").asLong() == 0 ? null
                        : model.path("positives").asDouble() / model.path("samples").asLong());
            }
        }
        return figures;
    }

    private static Double value(JsonNode metric) {
        return metric.path("value").isNumber() ? metric.path("value").asDouble() : null;
    }

    private static int middle(List<Integer> ks) {
        return ks.get(ks.size() / 2);
    }

    /** The network's or the baseline's test metric from metrics.json, with the patients it rests on. */
    private static JudgedMetric testMetric(ObjectNode evaluation, String role, String metric) {
        for (JsonNode model : evaluation.path("models")) {
            if (role.equals(model.path("role").asText())) {
                return JudgedMetric.fromJson("test", metric, model.path("metrics").path(metric));
            }
        }
        throw new IllegalStateException("metrics.json has no " + role + " model");
    }

    private static <T> T unchecked(IoWork<T> work) {
        try {
            return work.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface IoWork<T> {
        T run() throws IOException;
    }

    private static <T> T stage(RunManifest manifest, String name, String task, String model, Supplier<T> work,
                               java.util.function.Function<T, Map<String, Object>> counts) {
        long started = System.nanoTime();
        Map<String, Object> stage = new LinkedHashMap<>();
        stage.put("stage", name);
        if (task != null) {
            stage.put("task", task);
        }
        if (model != null) {
            stage.put("model", model);
        }
        LOG.info("run {}: {}{} started", manifest.runId(), name, task == null ? "" : " " + task + (model == null ? "" : "/" + model));
        try {
            T result = work.get();
            stage.put("status", "ok");
            stage.putAll(counts.apply(result));
            return result;
        } catch (RuntimeException e) {
            stage.put("status", "failed");
            stage.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            throw e;
        } finally {
            double seconds = (System.nanoTime() - started) / 1e9;
            stage.put("seconds", Math.round(seconds * 10) / 10.0);
            manifest.addStage(stage);
            LOG.info("run {}: {} {} in {} s {}", manifest.runId(), name, stage.get("status"),
                    String.format("%.1f", seconds), stage);
        }
    }

    private static Map<String, String> versions(SparkContext sc) {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("longitude", RunJob.class.getPackage().getImplementationVersion() == null
                ? "development" : RunJob.class.getPackage().getImplementationVersion());
        versions.put("spark", sc.version());
        versions.put("java", System.getProperty("java.version"));
        return versions;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A run id no earlier run of this warehouse has. Ids are UTC seconds, and a run with nothing to do takes less
     * than one: the next run would otherwise overwrite its manifest.
     */
    private static String freshRunId(Warehouse warehouse) {
        while (true) {
            String runId = Warehouse.newRunId(Instant.now());
            if (!Files.exists(Warehouse.localPath(warehouse.runManifest(runId)))) {
                return runId;
            }
            try {
                Thread.sleep(1001 - Instant.now().toEpochMilli() % 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a new run id", e);
            }
        }
    }
}
