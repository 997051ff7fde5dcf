package io.longitude.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.longitude.models.evaluation.NextVisitEvaluator;

import java.util.List;

import static io.longitude.report.Html.esc;

/** next-visit-dx: recall@k and precision@k with their intervals, network and baseline side by side. */
final class NextVisitMetricsSection {

    private NextVisitMetricsSection() {
    }

    static void render(StringBuilder html, JsonNode metrics, SmallCells cells) {
        html.append("<h2>Metrics</h2>\n<p>Visit-level recall@k (true codes of the next visit among the k highest "
                + "ranked, over the number of true codes) and precision@k (hits over k), averaged over the test visits "
                + "whose next visit has a target code.</p>\n");
        MetricTables.judgeabilityWarnings(html, metrics, cells, " test patients with a next visit");
        MetricTables.modelColumns(html, metrics);
        html.append("<th>Patients</th><th>Visits</th></tr>\n");
        JsonNode network = metrics.get("models").get(0);
        for (String metric : List.of("recall", "precision")) {
            for (JsonNode k : metrics.get("recallAtK")) {
                String key = NextVisitEvaluator.metricKey(metric, k.asInt());
                html.append("<tr><td class=\"l\">").append(metric).append('@').append(k.asInt()).append("</td>");
                for (JsonNode model : metrics.get("models")) {
                    MetricTables.metricCells(html, model, key);
                }
                html.append("<td>").append(esc(cells.count(network.get("positivePatients").asLong()))).append("</td><td>")
                        .append(esc(cells.count(network.get("visits").asLong()))).append("</td></tr>\n");
            }
        }
        html.append("</table>\n");
    }
}
