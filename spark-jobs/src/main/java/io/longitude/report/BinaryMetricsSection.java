package io.longitude.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static io.longitude.report.Html.esc;
import static io.longitude.report.Html.number;

/**
 * Binary tasks: the metric table with intervals — per sample, and per patient (each patient's samples weighing one
 * in all) — and recalibration before and after; the operating points.
 */
final class BinaryMetricsSection {

    private static final String[][] METRICS = {{"auroc", "AUROC"}, {"auprc", "AUPRC"},
            {"aurocPerPatient", "AUROC, per patient"}, {"auprcPerPatient", "AUPRC, per patient"}, {"brier", "Brier score"},
            {"ece", "ECE (10 bins)"}, {"calibrationInTheLarge", "Calibration-in-the-large"},
            {"calibrationSlope", "Calibration slope"}};

    private static final Map<String, String> APPLIED = Map.of("platt", "Platt scaling", "isotonic", "isotonic regression",
            "intercept", "the base rate only (intercept; the model's ranking and spread kept)",
            "none", "none (raw scores)");

    private BinaryMetricsSection() {
    }

    static void render(StringBuilder html, JsonNode metrics, SmallCells cells) {
        html.append("<h2>Metrics</h2>\n");
        MetricTables.judgeabilityWarnings(html, metrics, cells, " positive patients in the test split");
        MetricTables.modelColumns(html, metrics);
        html.append("<th>Positive patients</th></tr>\n");
        for (String[] metric : METRICS) {
            html.append("<tr><td class=\"l\">").append(metric[1]).append("</td>");
            for (JsonNode model : metrics.get("models")) {
                MetricTables.metricCells(html, model, metric[0]);
            }
            html.append("<td>").append(esc(cells.count(metrics.get("models").get(0).get("positivePatients").asLong())))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n<h3>Recalibration (fitted on validation, applied to test)</h3>\n<table><tr>"
                + "<th class=\"l\">Model</th><th class=\"l\">Scores</th><th>Brier</th><th>ECE</th>"
                + "<th>Calibration-in-the-large</th><th>Slope</th></tr>\n");
        for (JsonNode model : metrics.get("models")) {
            String name = esc(model.get("model").asText());
            recalibrationRow(html, name, "raw", model.get("metrics"));
            recalibrationRow(html, name, "Platt", model.get("recalibration").get("platt").get("after"));
            recalibrationRow(html, name, "isotonic", model.get("recalibration").get("isotonic").get("after"));
            if (model.get("recalibration").has("intercept")) {
                recalibrationRow(html, name, "base rate only", model.get("recalibration").get("intercept").get("after"));
            }
        }
        html.append("</table>\n<p>Applied to the calibrated test scores (and, for the network, to the probabilities scoring writes back):</p>\n<ul>");
        for (JsonNode model : metrics.get("models")) {
            JsonNode recalibration = model.get("recalibration");
            html.append("<li>").append(esc(model.get("model").asText())).append(": ")
                    .append(esc(APPLIED.getOrDefault(recalibration.path("applied").asText(),
                            recalibration.path("applied").asText())));
            if (recalibration.hasNonNull("reason")) {
                html.append(" instead of ").append(esc(recalibration.path("configured").asText())).append(", because ")
                        .append(esc(recalibration.get("reason").asText()));
            }
            html.append("</li>");
        }
        html.append("</ul>\n");
    }

    private static void recalibrationRow(StringBuilder html, String model, String label, JsonNode m) {
        html.append("<tr><td class=\"l\">").append(model).append("</td><td class=\"l\">").append(label).append("</td>");
        for (String key : List.of("brier", "ece", "calibrationInTheLarge", "calibrationSlope")) {
            html.append("<td>").append(number(m.get(key).get("value"))).append("</td>");
        }
        html.append("</tr>\n");
    }

    static void operatingPoints(StringBuilder html, JsonNode metrics) {
        html.append("<h2>Operating points</h2>\n<table><tr><th class=\"l\">Model</th><th>Threshold</th>"
                + "<th>Sensitivity</th><th>Specificity</th><th>PPV</th><th>NPV</th></tr>\n");
        for (JsonNode model : metrics.get("models")) {
            for (JsonNode t : model.get("thresholds")) {
                html.append("<tr><td class=\"l\">").append(esc(model.get("model").asText())).append("</td><td>")
                        .append(number(t.get("threshold"))).append("</td><td>").append(number(t.get("sensitivity")))
                        .append("</td><td>").append(number(t.get("specificity"))).append("</td><td>")
                        .append(number(t.get("ppv"))).append("</td><td>").append(number(t.get("npv")))
                        .append("</td></tr>\n");
            }
        }
        html.append("</table>\n");
    }
}
