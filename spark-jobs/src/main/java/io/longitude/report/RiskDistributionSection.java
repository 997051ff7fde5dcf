package io.longitude.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.longitude.report.Html.esc;

/**
 * Binary tasks: the predicted-risk distribution of each model by outcome — each outcome's share of its samples
 * per 5% bin of predicted risk, overlaid — and the counts behind it. Bins under the small-cell threshold are
 * left out of the chart and shown as "&lt;11" in the table.
 */
final class RiskDistributionSection {

    private RiskDistributionSection() {
    }

    static void render(StringBuilder html, JsonNode metrics, SmallCells cells) throws IOException {
        html.append("<h2>Predicted risk by outcome</h2>\n");
        for (JsonNode model : metrics.get("models")) {
            String name = model.get("model").asText();
            JsonNode bins = model.get("riskDistribution");
            long negatives = 0;
            long positives = 0;
            for (JsonNode bin : bins) {
                negatives += bin.get("negatives").asLong();
                positives += bin.get("positives").asLong();
            }
            List<String> categories = new ArrayList<>();
            Map<String, Double> negativeShare = new LinkedHashMap<>();
            Map<String, Double> positiveShare = new LinkedHashMap<>();
            for (JsonNode bin : bins) {
                String category = String.format(Locale.ROOT, "%.2f", bin.get("lower").asDouble());
                categories.add(category);
                share(negativeShare, category, bin.get("negatives").asLong(), negatives, cells);
                share(positiveShare, category, bin.get("positives").asLong(), positives, cells);
            }
            Map<String, Map<String, Double>> series = new LinkedHashMap<>();
            series.put("outcome 0", negativeShare);
            series.put("outcome 1", positiveShare);
            html.append(Html.img(Charts.groupedBars(name + ": predicted risk by outcome (bins under "
                            + cells.threshold() + " samples left out)", "predicted risk, bin start",
                    "share of the outcome's samples", categories, series), name + " predicted risk by outcome"));
            if (!model.get("judgeable").asBoolean()) {
                html.append("<p class=\"warn\">").append(esc(name)).append(": ")
                        .append(esc(cells.count(model.get("positivePatients").asLong())))
                        .append(" positive patients: this distribution cannot be judged on this data.</p>\n");
            }
            html.append("<details><summary>").append(esc(name)).append(": samples per bin</summary><table><tr>"
                    + "<th>From</th><th>To</th><th>Outcome 0</th><th>Outcome 1</th></tr>\n");
            for (int b = 0; b < bins.size(); b++) {
                JsonNode bin = bins.get(b);
                if (bin.get("negatives").asLong() + bin.get("positives").asLong() == 0) {
                    continue;
                }
                html.append("<tr><td>").append(Html.number(bin.get("lower"))).append("</td><td>")
                        .append(Html.number(bin.get("upper"))).append("</td>");
                count(html, model, "/riskDistribution/" + b + "/negatives", cells);
                count(html, model, "/riskDistribution/" + b + "/positives", cells);
                html.append("</tr>\n");
            }
            html.append("</table></details>\n");
        }
    }

    private static void share(Map<String, Double> shares, String category, long count, long total, SmallCells cells) {
        if (count > 0 && !cells.suppressed(count)) {
            shares.put(category, (double) count / total);
        }
    }

    private static void count(StringBuilder html, JsonNode model, String pointer, SmallCells cells) {
        html.append("<td data-count=\"").append(esc(model.get("model").asText() + pointer)).append("\">")
                .append(esc(cells.count(model.at(pointer).asLong()))).append("</td>");
    }
}
