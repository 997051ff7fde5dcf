package io.longitude.jobs.train;

import io.longitude.jobs.SummaryFigures;
import io.longitude.models.evaluation.JudgedMetric;
import io.longitude.models.train.TrainingProgress;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one training run produced: the version, its best epoch and validation score (AUROC, or recall@k for
 * next-visit-dx) next to the baseline's, and the validation patients that score rests on (positive patients,
 * or patients with a next visit).
 */
public record TrainSummary(String task, String model, String version, String path, int workers,
                           TrainingProgress progress, double baselineValidationScore, long validationPatients,
                           double seconds) {

    /** The early-stopping metric: "auroc" or "recall@k". */
    public String validationMetric() {
        return progress.validationMetric;
    }

    public double validationScore() {
        return progress.bestValidationScore;
    }

    /** The validation score with the patients it rests on, judged against {@code evaluate.min-positive-patients}. */
    public JudgedMetric judgedValidationScore(int minPositivePatients) {
        return JudgedMetric.of("validation", progress.validationMetric, progress.bestValidationScore, validationPatients,
                minPositivePatients);
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
        v.put("validationPatients", validationPatients);
        v.put("history", progress.history);
        v.put("seconds", seconds);
        return SummaryFigures.json(v);
    }

    public String toReadableText(int minPositivePatients) {
        return String.format(Locale.ROOT, "Trained %s for %s: %d epochs (best %d), %s, baseline %.4f, %d workers, %.0f s%n"
                        + "  model version: %s%n", model, task, progress.epochsDone, progress.bestEpoch,
                judgedValidationScore(minPositivePatients).text(), baselineValidationScore, workers, seconds, path);
    }
}
