package io.longitude.models.registry;

import io.longitude.models.evaluation.JudgedMetric;
import io.longitude.models.saved.SavedModel;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One finished version as {@code longitude models list} shows it: when it was trained, whether it is the
 * promoted (scoring) and the latest version, and the validation score its training recorded with the
 * validation patients it rests on.
 *
 * @param validation null when the version's sidecar records no validation score
 */
public record VersionSummary(String version, Instant trainedAt, boolean promoted, boolean latest,
                             JudgedMetric validation) {

    private static final String VALIDATION = "validation_";
    /** The sidecar metric with the validation patients (positive ones, or those with a next visit). */
    public static final String VALIDATION_PATIENTS = "validation_patients";

    /** Every finished version of a model for a task, oldest first. */
    public static List<VersionSummary> of(ModelRegistry registry, String task, String model, int minPositivePatients) {
        String promoted = registry.promoted(task, model).map(ModelVersion::name).orElse(null);
        String latest = registry.latest(task, model).map(ModelVersion::name).orElse(null);
        List<VersionSummary> out = new ArrayList<>();
        for (ModelVersion version : registry.finished(task, model)) {
            out.add(new VersionSummary(version.name(), version.trainedAt().orElse(null), version.name().equals(promoted),
                    version.name().equals(latest), validation(version, minPositivePatients)));
        }
        return out;
    }

    private static JudgedMetric validation(ModelVersion version, int minPositivePatients) {
        Map<String, Double> metrics;
        try {
            metrics = SavedModel.readSidecar(version.model()).metrics();
        } catch (UncheckedIOException e) {
            return null;
        }
        Double patients = metrics.get(VALIDATION_PATIENTS);
        for (Map.Entry<String, Double> metric : metrics.entrySet()) {
            String key = metric.getKey();
            if (key.startsWith(VALIDATION) && !key.equals(VALIDATION_PATIENTS) && patients != null) {
                return JudgedMetric.of("validation", key.substring(VALIDATION.length()), metric.getValue(),
                        patients.longValue(), minPositivePatients);
            }
        }
        return null;
    }

    /** e.g. {@code v20260101T020000Z  2026-01-01 02:00  promoted latest  validation AUROC 0.812 [positive patients: 23]}. */
    public String text() {
        String when = trainedAt == null ? "?" : trainedAt.toString().substring(0, 16).replace('T', ' ');
        String marks = (promoted ? "promoted " : "") + (latest ? "latest" : "");
        return String.format(Locale.ROOT, "%-20s %-17s %-16s %s", version, when, marks.trim(),
                validation == null ? "validation score not recorded" : validation.text());
    }
}
