package io.longitude.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.longitude.report.Html.esc;

/**
 * Binary tasks: the smooth calibration curve of every model (a logistic fit on a spline of logit(score)) with its
 * 95% patient-bootstrap band, as a chart and as a table of its grid points.
 */
final class SmoothCalibrationSection {

    private SmoothCalibrationSection() {
    }

    static void render(StringBuilder html, JsonNode metrics, SmallCells cells) throws IOException {
        List<Charts.Series> series = new ArrayList<>();
        for (JsonNode model : metrics.get("models")) {
            String name = model.get("model").asText();
            List<double[]> curve = new ArrayList<>();
            List<double[]> lower = new ArrayList<>();
            List<double[]> upper = new ArrayList<>();
            for (JsonNode p : model.get("smoothCalibration").get("points")) {
                double predicted = p.get("predicted").asDouble();
                add(curve, predicted, p.get("observed"));
                add(lower, predicted, p.get("ciLower"));
                add(upper, predicted, p.get("ciUpper"));
            }
            series.add(new Charts.Series(name, curve));
            series.add(new Charts.Series(name + " 95% band, lower", lower));
            series.add(new Charts.Series(name + " 95% band, upper", upper));
        }
        html.append("<h2>Smooth calibration</h2>\n<p>")
                .append(esc(metrics.get("models").get(0).get("smoothCalibration").get("method").asText()))
                .append(". Drawn between the 5th and 95th percentile of each model's predicted risks.</p>\n");
        html.append(Html.img(Charts.lines("Smooth calibration with 95% band", "predicted risk", "observed risk",
                series, true, true), "Smooth calibration curve"));
        html.append("<table><tr><th class=\"l\">Model</th><th>Predicted</th><th>Observed</th><th>Band lower</th>"
                + "<th>Band upper</th><th>Positive patients</th><th class=\"l\">Note</th></tr>\n");
        for (JsonNode model : metrics.get("models")) {
            JsonNode smooth = model.get("smoothCalibration");
            JsonNode points = smooth.get("points");
            for (int g = 0; g < points.size(); g++) {
                String at = "/smoothCalibration/points/" + g + "/";
                html.append("<tr><td class=\"l\">").append(esc(model.get("model").asText())).append("</td>")
                        .append(Html.valueCell(model, at + "predicted")).append(Html.valueCell(model, at + "observed"))
                        .append(Html.valueCell(model, at + "ciLower")).append(Html.valueCell(model, at + "ciUpper"))
                        .append("<td>").append(esc(cells.count(smooth.get("positivePatients").asLong()))).append("</td>")
                        .append(Html.judgeableCell(smooth)).append("</tr>\n");
            }
        }
        html.append("</table>\n");
    }

    private static void add(List<double[]> points, double x, JsonNode y) {
        if (y != null && !y.isNull()) {
            points.add(new double[] {x, y.asDouble()});
        }
    }
}
