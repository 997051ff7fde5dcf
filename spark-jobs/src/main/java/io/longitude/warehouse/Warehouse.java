package io.longitude.warehouse;

import io.longitude.config.BadInputException;
import io.longitude.models.registry.ModelRegistry;
import io.longitude.models.registry.ModelVersion;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The one vocabulary of paths inside a warehouse (README, "Warehouse layout"): published tables under
 * {@code tables/<name>}, cohorts under {@code tables/cohorts/<task>}, ingest's private state under
 * {@code state/<name>} (what was read, per file and per resource; it holds source ids, like
 * {@code identity}), the model registry under {@code models/}, evaluations, reports and write-back per task
 * and model, one folder per run under {@code runs/<run-id>} (summaries, manifests), and
 * {@code staging/<run-id>/tables|state/<name>} where a run writes before publishing. Paths are strings so
 * that any Hadoop file system works; the model registry is the exception, on a file system the driver
 * writes through java.io.
 */
public final class Warehouse {

    public static final String VISIT_SEQUENCES = "visit_sequences";
    public static final String PATIENTS = "patients";
    public static final String ENCOUNTERS = "encounters";
    public static final String EVENTS = "events";
    public static final String REJECTS = "rejects";
    public static final String IDENTITY = "identity";
    /** One row per coding (codeSystem, code) with its display: terminology, joined to {@link #EVENTS} by code. */
    public static final String CODES = "codes";
    /** Input file keys to paths: identifying (file names can be patient names), kept with {@link #IDENTITY}. */
    public static final String IDENTITY_SOURCE_FILES = "identity_source_files";
    /** Ingest state: one row per input file ever ingested (path, size, modification time, SHA-256, runs). */
    public static final String STATE_FILES = "files";
    /** Ingest state: every record read from the ingested files (keys and payload), deletes and rejects included. */
    public static final String STATE_RESOURCES = "resources";
    /** Ingest state: the keys of the current version of every resource, with the patient it resolved to. */
    public static final String STATE_CURRENT = "current";

    /** The one file of a {@link #riskAssessments} folder: one resource per line, as Bulk Data names it. */
    public static final String RISK_ASSESSMENT_NDJSON = "RiskAssessment.ndjson";
    /** The file in each run folder that says what the run saw and did. */
    public static final String RUN_MANIFEST = "manifest.json";
    private static final String SCORES_FOLDER_PREFIX = "asof=";

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final String root;

    public Warehouse(String root) {
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    public String root() {
        return root;
    }

    public String tables() {
        return root + "/tables";
    }

    public String table(String name) {
        return tables() + "/" + name;
    }

    public String state(String name) {
        return root + "/state/" + name;
    }

    public String runs() {
        return root + "/runs";
    }

    public String run(String runId) {
        return runs() + "/" + runId;
    }

    public String runManifest(String runId) {
        return run(runId) + "/" + RUN_MANIFEST;
    }

    /** The pipeline lock: present while a run holds the warehouse. */
    public String runLock() {
        return root + "/_lock";
    }

    /** A warehouse path on the driver's local file system, for the files the driver writes through java.io. */
    public static Path localPath(String path) {
        return Path.of(path.replaceFirst("^file:", ""));
    }

    /** The summary an ingest run writes into its run folder. */
    public String ingestSummary(String runId) {
        return run(runId) + "/ingest-summary.json";
    }

    /** Where a run writes its tables before publishing moves them into {@code tables/}. */
    public Warehouse staging(String runId) {
        return new Warehouse(root + "/staging/" + runId);
    }

    /** A task's cohort: {@link #cohortSamples}, {@link #cohortVocabulary} and, for next-visit-dx, the targets. */
    public String cohort(String task) {
        return table("cohorts") + "/" + task;
    }

    /** What the cohort is ({@code io.longitude.cohort.CohortMetadata}): written once by the cohort job, read by every later stage. */
    public String cohortMetadata(String task) {
        return cohort(task) + "/cohort.json";
    }

    public String cohortSamples(String task) {
        return cohort(task) + "/samples";
    }

    public String cohortVocabulary(String task) {
        return cohort(task) + "/vocabulary";
    }

    /** The value bins the cohort's value tokens were made with (JSON). */
    public String cohortValueBins(String task) {
        return cohort(task) + "/value_bins.json";
    }

    /** next-visit-dx: the condition codes the models predict. */
    public String cohortTargetVocabulary(String task) {
        return cohort(task) + "/target_vocabulary";
    }

    /** The summary a cohort run writes into its run folder. */
    public String cohortSummary(String runId, String task) {
        return run(runId) + "/cohort-" + task + ".json";
    }

    /** A glob matching every run's summary of a task's cohort. */
    public String cohortSummaries(String task) {
        return cohortSummary("*", task);
    }

    /** The model registry under {@code models/}, on a local path (the driver writes DL4J files through java.io). */
    public ModelRegistry modelRegistry() {
        return new ModelRegistry(localPath(root + "/models"), Clock.systemUTC());
    }

    /** The newest finished version of a model for a task; a bad input when there is none. */
    public ModelVersion latestVersion(String task, String model) {
        return modelRegistry().latest(task, model).orElseThrow(() -> new BadInputException(
                "no trained version of model '" + model + "' for task '" + task + "' in " + root + " (run train first)"));
    }

    /** The version that scores a task with a model (the registry's promoted one); a bad input when there is none. */
    public ModelVersion promotedVersion(String task, String model) {
        return modelRegistry().promoted(task, model).orElseThrow(() -> new BadInputException(
                "no promoted version of model '" + model + "' for task '" + task + "' in " + root
                        + " (train one, or promote one with `longitude models promote`)"));
    }

    /** Every evaluation of a task: one {@link #evaluation} folder per evaluated model. */
    public String evaluations(String task) {
        return root + "/evaluations/" + task;
    }

    public String evaluation(String task, String model) {
        return evaluations(task) + "/" + model;
    }

    public String metricsJson(String task, String model) {
        return evaluation(task, model) + "/metrics.json";
    }

    /** The network's integrated-gradients explanations over the test split, beside {@link #metricsJson}. */
    public String explanationsJson(String task, String model) {
        return evaluation(task, model) + "/explanations.json";
    }

    /** The test split's predictions with their calibrated score. */
    public String calibratedPredictions(String task, String model) {
        return evaluation(task, model) + "/predictions";
    }

    public String report(String task, String model) {
        return root + "/reports/" + task + "/" + model + "/report.html";
    }

    /** The folder of a task and model's RiskAssessments, as Bulk Data NDJSON ({@link #RISK_ASSESSMENT_NDJSON}). */
    public String riskAssessments(String task, String model) {
        return table("risk_assessments") + "/" + task + "/" + model;
    }

    /** The same for write-back's audit of the labelled test-split samples (off by default). */
    public String cohortAuditRiskAssessments(String task, String model) {
        return table("risk_assessments_cohort_audit") + "/" + task + "/" + model;
    }

    /** Every scoring of a task and model: one {@link #scores(String, String, Instant)} folder per as-of instant. */
    public String scores(String task, String model) {
        return root + "/scores/" + task + "/" + model;
    }

    /** The open events of a task scored by a model as of an instant (Parquet). */
    public String scores(String task, String model, Instant asOf) {
        return scores(task, model) + "/" + SCORES_FOLDER_PREFIX + newRunId(asOf);
    }

    /** The summary a scoring writes into its run folder: open events per attrition step, scored, per band. */
    public String scoreSummary(String runId, String task, String model) {
        return run(runId) + "/score-" + task + "-" + model + ".json";
    }

    /** The summary of a backtest: realised metrics of the nightly scorings whose outcomes are known. */
    public String backtestSummary(String runId, String task, String model) {
        return run(runId) + "/backtest-" + task + "-" + model + ".json";
    }

    /** A glob matching every run's backtest summary of a task and model. */
    public String backtestSummaries(String task, String model) {
        return backtestSummary("*", task, model);
    }

    /** The as-of instant of a folder under {@link #scores(String, String)}; empty for any other name. */
    public static Optional<Instant> scoresAsOf(String folderName) {
        if (!folderName.startsWith(SCORES_FOLDER_PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(RUN_ID.parse(folderName.substring(SCORES_FOLDER_PREFIX.length()))));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public static String newRunId(Instant now) {
        return RUN_ID.format(now);
    }
}
