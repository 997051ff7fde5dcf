package io.longitude.jobs.run;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.longitude.fhir.Pseudonymiser;
import io.longitude.warehouse.Warehouse;
import io.longitude.jobs.cohort.CohortJob;
import io.longitude.jobs.cohort.CohortSummary;
import io.longitude.cohort.TaskFiles;
import io.longitude.jobs.ingest.IngestConfig;
import io.longitude.jobs.ingest.IngestJob;
import io.longitude.jobs.ingest.IngestSummary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.longitude.jobs.evaluate.EvaluateConfig;
import io.longitude.jobs.evaluate.EvaluateJob;
import io.longitude.models.evaluation.NextVisitEvaluator;
import io.longitude.jobs.report.ReportConfig;
import io.longitude.jobs.report.ReportJob;
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
import java.util.function.Supplier;

/**
 * The nightly pipeline under one run id: ingest → cohort (per task) → train → evaluate → report →
 * write-back (per task and model, RiskAssessment NDJSON in the warehouse), with a warehouse lock, a manifest
 * rewritten after every stage, and a drift check on test AUROC. A next-visit-dx task runs the models of
 * {@code run.next-visit-models} instead, is evaluated by recall@k and has no write-back (RiskAssessments
 * carry one outcome probability: binary tasks only) nor drift check. When neither the inputs
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
        String runId = Warehouse.newRunId(Instant.now());
        Path warehouse = Path.of(run.warehouse().replaceFirst("^file:", ""));
        Path runs = warehouse.resolve("runs");
        try (RunLock lock = RunLock.acquire(warehouse, runId)) {
            RunManifest manifest = RunManifest.start(runs, runId);
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
                    runStages(spark, ingestConfig, manifest, previous.orElse(null));
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

    private void runStages(SparkSession spark, IngestConfig ingestConfig, RunManifest manifest, RunManifest previous) {
        IngestSummary ingest = stage(manifest, "ingest", null, null,
                () -> new IngestJob(ingestConfig).run(spark),
                s -> {
                    Map<String, Object> counts = new LinkedHashMap<>(s.manifestEntry());
                    counts.put("wrote", s.upToDate() ? List.of() : IngestJob.TABLES);
                    return counts;
                });
        Objects.requireNonNull(ingest);
        Map<String, Object> metrics = new LinkedHashMap<>();
        List<String> degraded = new ArrayList<>();
        for (String task : run.tasks()) {
            boolean binary = TaskFiles.load(task, List.of()).kind().binary();
            stage(manifest, "cohort", task, null,
                    () -> new CohortJob(run.warehouse(), TaskFiles.load(task, List.of())).run(spark),
                    (CohortSummary s) -> Map.of("samples", s.samples(), "wrote",
                            new Warehouse(run.warehouse()).cohort(task)));
            // The test metric the manifest records: AUROC, or for next-visit-dx recall@k at the middle k.
            String testMetric = binary ? "auroc" : NextVisitEvaluator.metricKey("recall", middle(
                    EvaluateConfig.from(config, run.warehouse(), task, "").recallAtK()));
            String testKey = "test" + Character.toUpperCase(testMetric.charAt(0)) + testMetric.substring(1);
            String baselineKey = "baselineT" + testKey.substring(1);
            for (String model : binary ? run.models() : run.nextVisitModels()) {
                TrainSummary trained = stage(manifest, "train", task, model,
                        () -> new TrainJob(TrainConfig.from(config, run.warehouse(), task, model, false)).run(spark),
                        s -> Map.of("version", s.version(), "epochs", s.progress().epochsDone,
                                "validationMetric", s.validationMetric(), "validationScore", s.validationScore(),
                                "baselineValidationScore", s.baselineValidationScore(), "wrote", s.path()));
                String name = trained.model();
                ObjectNode evaluation = stage(manifest, "evaluate", task, name,
                        () -> unchecked(() -> new EvaluateJob(EvaluateConfig.from(config, run.warehouse(), task, name)).run(spark)),
                        d -> Map.of(testKey, testMetric(d, "network", testMetric),
                                baselineKey, testMetric(d, "baseline", testMetric),
                                "wrote", new Warehouse(run.warehouse()).metricsJson(task, name)));
                stage(manifest, "report", task, name,
                        () -> unchecked(() -> new ReportJob(ReportConfig.from(config, run.warehouse(), task, name)).run(spark)),
                        path -> Map.of("wrote", path));
                if (binary) {
                    // Until run scores the open events (issue 12: score, then write back the scores), it writes
                    // the cohort audit, into the warehouse only (a blank server overrides writeback.fhir-server).
                    stage(manifest, "writeback", task, name,
                            () -> unchecked(() -> new WritebackJob(WritebackConfig.from(config, run.warehouse(),
                                    TaskFiles.load(task, List.of()), name, WritebackSource.COHORT_AUDIT, null, "",
                                    System.getenv())).run(spark)),
                            w -> Map.of("resourcesWritten", w.resourcesWritten()));
                }
                String key = task + "/" + name;
                Map<String, Object> modelMetrics = new LinkedHashMap<>();
                modelMetrics.put(testKey, testMetric(evaluation, "network", testMetric));
                modelMetrics.put(baselineKey, testMetric(evaluation, "baseline", testMetric));
                modelMetrics.put("validationMetric", trained.validationMetric());
                modelMetrics.put("validationScore", trained.validationScore());
                metrics.put(key, modelMetrics);
                if (binary) {
                    degraded.addAll(driftFindings(key, modelMetrics, previous));
                }
            }
        }
        manifest.put("metrics", metrics);
        manifest.put("degradedBecause", degraded);
        manifest.put("status", degraded.isEmpty() ? "ok" : "degraded");
        degraded.forEach(reason -> LOG.warn("run {} degraded: {}", manifest.runId(), reason));
    }

    /** Test AUROC against the baseline's and against the previous finished run's, when both are measurable. */
    @SuppressWarnings("unchecked")
    private List<String> driftFindings(String key, Map<String, Object> now, RunManifest previous) {
        List<String> findings = new ArrayList<>();
        double drop = run.maxAurocDrop();
        double auroc = (Double) now.get("testAuroc");
        double baseline = (Double) now.get("baselineTestAuroc");
        if (auroc < baseline - drop) {
            findings.add(String.format("%s: test AUROC %.3f is more than %.2f below the baseline's %.3f", key, auroc,
                    drop, baseline));
        }
        if (previous != null && previous.get("metrics") instanceof Map<?, ?> before
                && before.get(key) instanceof Map<?, ?> last && last.get("testAuroc") instanceof Number lastAuroc
                && auroc < lastAuroc.doubleValue() - drop) {
            findings.add(String.format("%s: test AUROC %.3f dropped more than %.2f from run %s's %.3f", key, auroc,
                    drop, previous.runId(), lastAuroc.doubleValue()));
        }
        return findings;
    }

    private static int middle(List<Integer> ks) {
        return ks.get(ks.size() / 2);
    }

    /** The network's or the baseline's test metric from metrics.json; NaN when it could not be computed. */
    private static double testMetric(ObjectNode evaluation, String role, String metric) {
        for (JsonNode model : evaluation.path("models")) {
            if (role.equals(model.path("role").asText())) {
                JsonNode value = model.path("metrics").path(metric).path("value");
                return value.isNumber() ? value.asDouble() : Double.NaN;
            }
        }
        return Double.NaN;
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
}
