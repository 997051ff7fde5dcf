package io.longitude.jobs.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.longitude.models.train.TrainingProgress;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one training run produced: the version, its best epoch and validation score (AUROC, or recall@k for
 * next-visit-dx) next to the baseline's.
 */
public record TrainSummary(String task, String model, String version, String path, int workers,
                           TrainingProgress progress, double baselineValidationScore, double seconds) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The early-stopping metric: "auroc" or "recall@k". */
    public String validationMetric() {
        return progress.validationMetric;
    }

    public double validationScore() {
        return progress.bestValidationScore;
    }

    public String toJson() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("task", task);
        v.put("model", model);
        v.put("version", version);
        v.put("path", path);
        v.put("workers", workers);
        v.put("epochs", progress.epochsDone);
        v.put("bestEpoch", progress.bestEpoch);
        v.put("validationMetric", progress.validationMetric);
        v.put("validationScore", progress.bestValidationScore);
        v.put("baselineValidationScore", baselineValidationScore);
        v.put("history", progress.history);
        v.put("seconds", seconds);
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String toReadableText() {
        return String.format("Trained %s for %s: %d epochs (best %d), validation %s %.4f vs baseline %.4f, "
                        + "%d workers, %.0f s%n  model version: %s%n", model, task, progress.epochsDone, progress.bestEpoch,
                progress.validationMetric, progress.bestValidationScore, baselineValidationScore, workers, seconds, path);
    }
}
