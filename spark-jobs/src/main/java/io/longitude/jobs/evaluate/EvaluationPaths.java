package io.longitude.jobs.evaluate;

import io.longitude.jobs.BadInputException;
import io.longitude.jobs.Warehouse;
import io.longitude.jobs.cohort.CohortJob;
import io.longitude.jobs.train.ModelRegistry;
import io.longitude.jobs.train.TrainJob;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/**
 * Where evaluation, report and write-back read and write inside the warehouse:
 * <ul>
 *   <li>reads {@code models/<task>/<model>/<latest>/predictions} (network and baseline, every split) and
 *   {@code …/training-history.json}, as training leaves them;</li>
 *   <li>reads {@code tables/cohorts/<task>/samples} and the newest {@code runs/<id>/cohort-<task>.json};</li>
 *   <li>writes {@code evaluations/<task>/<model>/metrics.json}, {@code …/predictions} (test split with the
 *   calibrated score) and {@code reports/<task>/<model>/report.html}.</li>
 * </ul>
 */
public final class EvaluationPaths {

    private final Warehouse warehouse;
    private final String task;
    private final String model;

    public EvaluationPaths(Warehouse warehouse, String task, String model) {
        this.warehouse = warehouse;
        this.task = task;
        this.model = model;
    }

    /** The folder of the newest finished version of the model. */
    public java.nio.file.Path latestVersion() {
        return new ModelRegistry(warehouse.root()).latest(task, model).orElseThrow(() -> new BadInputException(
                "no trained version of model '" + model + "' for task '" + task + "' in " + warehouse.root()
                        + " (run train first)"));
    }

    /** The folder of a given version of the model. */
    public java.nio.file.Path version(String version) {
        return new ModelRegistry(warehouse.root()).modelDir(task, model).resolve(version);
    }

    public String predictions(java.nio.file.Path version) {
        return version.resolve(TrainJob.PREDICTIONS).toUri().toString();
    }

    public String trainingHistory(java.nio.file.Path version) {
        return version.resolve(TrainJob.HISTORY).toUri().toString();
    }

    public String cohortSamples() {
        return CohortJob.cohortPath(warehouse, task) + "/" + CohortJob.SAMPLES;
    }

    /** The summary of the newest cohort run of the task, if any (run ids sort by time). */
    public Optional<String> latestCohortSummary(Configuration hadoop) throws IOException {
        Path pattern = new Path(warehouse.root() + "/runs/*/cohort-" + task + ".json");
        FileStatus[] found = pattern.getFileSystem(hadoop).globStatus(pattern);
        if (found == null) {
            return Optional.empty();
        }
        return Arrays.stream(found).map(s -> s.getPath().toString())
                .max(Comparator.comparing(p -> new Path(p).getParent().getName()));
    }

    public String cohortTargetVocabulary() {
        return CohortJob.cohortPath(warehouse, task) + "/" + CohortJob.TARGET_VOCABULARY;
    }

    public String evaluation() {
        return warehouse.root() + "/evaluations/" + task + "/" + model;
    }

    public String metricsJson() {
        return evaluation() + "/metrics.json";
    }

    public String calibratedPredictions() {
        return evaluation() + "/predictions";
    }

    public String report() {
        return warehouse.root() + "/reports/" + task + "/" + model + "/report.html";
    }
}
