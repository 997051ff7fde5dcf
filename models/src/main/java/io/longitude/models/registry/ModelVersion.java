package io.longitude.models.registry;

import io.longitude.models.saved.SavedModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One trained version of a model for a task: {@code <registry>/<task>/<model>/<version>/}, holding the network
 * and its sidecar ({@link SavedModel}), its vocabulary, task definition and recalibrator (everything scoring needs), the predictions of every split, the training history, the baseline
 * fitted beside it, the epoch checkpoints and, while training, scratch space. Finished once {@value #SUCCESS}
 * exists. Its name says when its training started: {@code v} and the UTC instant, e.g. {@code v20260101T020000Z}.
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
    /** The input (and next-visit target) tokens in id order: the cohort's vocabulary table is rewritten by every cohort run. */
    public static final String VOCABULARY = "vocabulary.json";
    /** The task definition the version was trained on, as the cohort job rendered it. */
    public static final String TASK_DEFINITION = "task.conf";
    /** The recalibration evaluate fitted on the version's validation split ({@code Recalibrator}). */
    public static final String RECALIBRATION = "recalibration.json";

    private static final String PREFIX = "v";
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** The name of a version whose training starts at {@code trainedAt}. */
    public static String nameFor(Instant trainedAt) {
        return PREFIX + NAME_TIME.format(trainedAt);
    }

    /** The version's name, e.g. {@code v20260101T020000Z}. */
    public String name() {
        return dir.getFileName().toString();
    }

    /** When its training started, from its name; empty for a folder not named by {@link #nameFor}. */
    public Optional<Instant> trainedAt() {
        String name = name();
        if (!name.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(NAME_TIME.parse(name.substring(PREFIX.length()))));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
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

    public Path vocabulary() {
        return dir.resolve(VOCABULARY);
    }

    public Path taskDefinition() {
        return dir.resolve(TASK_DEFINITION);
    }

    public Path recalibration() {
        return dir.resolve(RECALIBRATION);
    }

    public boolean finished() {
        return Files.exists(dir.resolve(SUCCESS));
    }
}
