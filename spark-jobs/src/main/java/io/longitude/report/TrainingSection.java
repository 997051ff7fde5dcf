package io.longitude.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The evaluated version's training curves: loss and the early-stopping metric per epoch. */
final class TrainingSection {

    private TrainingSection() {
    }

    /** @param history the version's training-history.json; null when it is missing */
    static void render(StringBuilder html, JsonNode history) throws IOException {
        html.append("<h2>Training curves</h2>\n");
        if (history == null) {
            html.append("<p>No training history found for this model version.</p>\n");
            return;
        }
        List<double[]> loss = new ArrayList<>();
        List<double[]> validation = new ArrayList<>();
        String metric = "AUROC";
        for (JsonNode e : history) {
            loss.add(new double[] {e.get("epoch").asDouble(), e.get("trainLoss").asDouble()});
            // Histories written before the early-stopping metric was generalised call it validationAuroc.
            JsonNode score = e.has("validationScore") ? e.get("validationScore") : e.get("validationAuroc");
            if (score != null && score.isNumber()) {
                validation.add(new double[] {e.get("epoch").asDouble(), score.asDouble()});
            }
            if (e.hasNonNull("validationMetric") && !e.get("validationMetric").asText().equals("auroc")) {
                metric = e.get("validationMetric").asText();
            }
        }
        html.append(Html.img(Charts.lines("Training loss", "epoch", "loss",
                List.of(new Charts.Series("train loss", loss)), false, false), "Training loss curve"));
        html.append(Html.img(Charts.lines("Validation " + metric, "epoch", metric,
                List.of(new Charts.Series("validation " + metric, validation)), false, false),
                "Validation " + metric + " curve"));
    }
}
