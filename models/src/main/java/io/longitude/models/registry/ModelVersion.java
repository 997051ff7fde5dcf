package io.longitude.models.registry;

import io.longitude.models.saved.SavedModel;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One trained version of a model for a task: {@code <registry>/<task>/<model>/<version>/}, holding the network
 * and its sidecar ({@link SavedModel}), the predictions of every split, the training history, the baseline
 * fitted beside it, the epoch checkpoints and, while training, scratch space. Finished once {@value #SUCCESS}
 * exists.
 */
public record ModelVersion(Path dir) {

    public static final String SUCCESS = "_SUCCESS";
    public static final String PREDICTIONS = "predictions";
    public static final String HISTORY = "training-history.json";
    public static final String BASELINE = "baseline";
    /** next-visit-dx: the baseline's ranked codes, under {@value #BASELINE}/. */
    public static final String MOST_FREQUENT_CODES = "most-frequent-codes.json";
    public static final String CHECKPOINTS = "checkpoints";
    public static final String SCRATCH = "scratch";

    /** The version's name, e.g. {@code v20260101T020000Z}. */
    public String name() {
        return dir.getFileName().toString();
    }

    /** The network and its sidecar ({@link SavedModel#load}). */
    public Path model() {
        return dir;
    }

    /** Both models' predictions for every split (Parquet, {@link PredictionTable}), as a URI Spark reads. */
    public String predictions() {
        return dir.resolve(PREDICTIONS).toUri().toString();
    }

    public Path trainingHistory() {
        return dir.resolve(HISTORY);
    }

    public Path baseline() {
        return dir.resolve(BASELINE);
    }

    public Path mostFrequentCodes() {
        return baseline().resolve(MOST_FREQUENT_CODES);
    }

    public Path checkpoints() {
        return dir.resolve(CHECKPOINTS);
    }

    public Path scratch() {
        return dir.resolve(SCRATCH);
    }

    public boolean finished() {
        return Files.exists(dir.resolve(SUCCESS));
    }
}
