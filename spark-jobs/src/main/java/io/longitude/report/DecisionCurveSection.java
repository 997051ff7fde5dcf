package io.longitude.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.longitude.report.Html.esc;
import static io.longitude.report.Html.number;

/**
 * Binary tasks: net benefit of every model against treating all and treating none over thresholds of 1–50%, as
 * a chart and as a table every 5 percentage points.
 */
final class DecisionCurveSection {

    private static final int TABLE_STEP_PERCENT = 5;

    private DecisionCurveSection() {
    }

    static void render(StringBuilder html, JsonNode metrics, SmallCells cells) throws IOException {
        JsonNode models = metrics.get("models");
        List<Charts.Series> series = new ArrayList<>();
        double top = 0;
        for (JsonNode model : models) {
            List<double[]> curve = new ArrayList<>();
            for (JsonNode p : model.get("decisionCurve").get("points")) {
                if (!p.get("netBenefit").isNull()) {
                    curve.add(new double[] {p.get("threshold").asDouble(), p.get("netBenefit").asDouble()});
                    top = Math.max(top, p.get("netBenefit").asDouble());
                }
            }
            series.add(new Charts.Series(model.get("model").asText(), curve));
        }
        List<double[]> all = new ArrayList<>();
        List<double[]> none = new ArrayList<>();
        for (JsonNode p : models.get(0).get("decisionCurve").get("points")) {
            double threshold = p.get("threshold").asDouble();
            if (!p.get("treatAll").isNull()) {
                all.add(new double[] {threshold, p.get("treatAll").asDouble()});
                top = Math.max(top, p.get("treatAll").asDouble());
            }
            none.add(new double[] {threshold, p.get("treatNone").asDouble()});
        }
        series.add(new Charts.Series("treat all", all));
        series.add(new Charts.Series("treat none", none));

        html.append("<h2>Decision curve</h2>\n<p>Net benefit at threshold t: true positives/n − false positives/n · "
                + "t/(1−t), treating those whose score is at least t; treat all: prevalence − (1 − prevalence) · "
                + "t/(1−t); treat none: 0. A model is useful at t where its curve lies above both.</p>\n");
        // The treat-all line falls to about −1 at 50%; the range that matters is around zero and above.
        html.append(Html.img(Charts.lines("Decision curve", "threshold probability", "net benefit", series,
                -0.05, Math.max(0.05, top * 1.1), false), "Decision curve"));
        html.append("<table><tr><th>Threshold</th>");
        for (JsonNode model : models) {
            html.append("<th>").append(esc(model.get("model").asText())).append("</th>");
        }
        html.append("<th>Treat all</th><th>Treat none</th><th>Positive patients</th><th class=\"l\">Note</th></tr>\n");
        JsonNode network = models.get(0).get("decisionCurve");
        JsonNode points = network.get("points");
        for (int i = 0; i < points.size(); i++) {
            if (Math.round(points.get(i).get("threshold").asDouble() * 100) % TABLE_STEP_PERCENT != 0) {
                continue;
            }
            String at = "/decisionCurve/points/" + i + "/";
            html.append("<tr><td>").append(number(points.get(i).get("threshold"))).append("</td>");
            for (JsonNode model : models) {
                html.append(Html.valueCell(model, at + "netBenefit"));
            }
            html.append(Html.valueCell(models.get(0), at + "treatAll")).append(Html.valueCell(models.get(0), at + "treatNone"))
                    .append("<td>").append(esc(cells.count(network.get("positivePatients").asLong()))).append("</td>")
                    .append(Html.judgeableCell(network)).append("</tr>\n");
        }
        html.append("</table>\n");
    }
}
