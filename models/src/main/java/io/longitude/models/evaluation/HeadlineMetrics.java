package io.longitude.models.evaluation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The figures a person reads first from a {@code metrics.json} document, per model: AUROC, AUPRC and Brier
 * score for a binary task, recall@k at every k for next-visit-dx, each with the patients it rests on.
 */
public final class HeadlineMetrics {

    private static final List<String> BINARY = List.of("auroc", "auprc", "brier");
    private static final String RECALL = "recallAt";

    /** One model of the document (network or baseline) and its headline metrics. */
    public record Model(String model, String role, String version, List<JudgedMetric> metrics) {

        public String text() {
            StringBuilder line = new StringBuilder(role).append(' ').append(model).append(' ').append(version);
            metrics.forEach(m -> line.append("  ").append(m.text()));
            return line.toString();
        }
    }

    private HeadlineMetrics() {
    }

    public static List<Model> of(JsonNode document) {
        List<Model> models = new ArrayList<>();
        for (JsonNode model : document.path("models")) {
            JsonNode metrics = model.path("metrics");
            List<JudgedMetric> headline = new ArrayList<>();
            for (String key : BINARY) {
                if (metrics.has(key)) {
                    headline.add(JudgedMetric.fromJson("", key, metrics.get(key)));
                }
            }
            for (Iterator<String> keys = metrics.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (key.startsWith(RECALL)) {
                    headline.add(JudgedMetric.fromJson("", key, metrics.get(key)));
                }
            }
            models.add(new Model(model.path("model").asText(), model.path("role").asText(),
                    model.path("modelVersion").asText(), List.copyOf(headline)));
        }
        return models;
    }
}
