package io.longitude.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;

import java.util.Iterator;
import java.util.Map;

import static io.longitude.report.Html.esc;
import static io.longitude.report.Html.number;

/**
 * Binary tasks: the newest backtest of the model (its summary as {@code longitude score --from --to} writes it)
 * beside the test-split metrics: the realised AUROC, calibration in the large and alerts per risk band of the
 * nightly scorings whose outcomes are known, pooled and per night, each with its positive patients and whether they
 * are enough to judge. Realised cells carry {@code data-metric="backtest.<metric>"}.
 */
final class BacktestSection {

    private BacktestSection() {
    }

    static void render(StringBuilder html, JsonNode metrics, JsonNode backtest, SmallCells cells) {
        html.append("<h2>Backtest: as if deployed</h2>\n");
        if (backtest == null) {
            html.append("<p>No backtest of this model yet: <code>longitude score --from T1 --to T2 [--every 1d]</code> "
                    + "replays nightly scoring over history and measures how its scores turned out.</p>\n");
            return;
        }
        JsonNode test = metrics.get("models").get(0);
        JsonNode overall = backtest.get("overall");
        html.append("<p>Nightly scoring replayed with version ").append(esc(backtest.get("modelVersion").asText()))
                .append(" from ").append(esc(backtest.get("from").asText())).append(" to ")
                .append(esc(backtest.get("to").asText())).append(", every ").append(esc(backtest.get("every").asText()))
                .append(", each night seeing only what was known then; outcomes as known at ")
                .append(esc(backtest.get("outcomesKnownAt").asText()))
                .append(". Probabilities are the version's calibrated ones; an event scored on several nights counts "
                        + "once per night.</p>\n");
        if (!backtest.get("modelVersion").asText().equals(test.get("modelVersion").asText())) {
            html.append("<p class=\"note\">The test-split column is version ").append(esc(test.get("modelVersion").asText()))
                    .append(", the backtest's is ").append(esc(backtest.get("modelVersion").asText())).append(".</p>\n");
        }
        if (!overall.get("judgeable").asBoolean()) {
            html.append("<p class=\"warn\">Backtest: only ").append(esc(cells.count(overall.get("positivePatients").asLong())))
                    .append(" positive patients among the events with a known outcome (minimum ")
                    .append(backtest.get("minPositivePatients").asInt())
                    .append("): the realised metrics cannot be judged on this data.</p>\n");
        }
        html.append("<table><tr><th class=\"l\"></th><th>Test split (").append(esc(test.get("model").asText()))
                .append(")</th><th>Backtest, all nights</th></tr>\n");
        row(html, "Events with a known outcome", esc(cells.count(test.get("samples").asLong())),
                esc(cells.count(overall.get("events").asLong())), null);
        row(html, "Positives", esc(cells.count(test.get("positives").asLong())),
                esc(cells.count(overall.get("positives").asLong())), null);
        row(html, "Positive patients", esc(cells.count(test.get("positivePatients").asLong())),
                esc(cells.count(overall.get("positivePatients").asLong())), null);
        row(html, "AUROC", number(test.get("metrics").get("auroc").get("value")), number(overall.get("auroc")), "auroc");
        row(html, "Mean predicted probability", "n/a", number(overall.get("meanProbability")), "meanProbability");
        row(html, "Observed rate", number(test.get("samples").asLong() == 0 ? null
                        : DoubleNode.valueOf(test.get("positives").asDouble() / test.get("samples").asDouble())),
                number(overall.get("observedRate")), "observedRate");
        row(html, "Can be judged", judged(test.get("judgeable")), judged(overall.get("judgeable")), null);
        html.append("</table>\n");

        html.append("<h3>Alerts per risk band, all nights</h3>\n<table><tr><th class=\"l\">Band</th><th>Events</th>"
                + "<th>Positives</th></tr>\n");
        for (Iterator<Map.Entry<String, JsonNode>> bands = overall.get("bands").fields(); bands.hasNext(); ) {
            Map.Entry<String, JsonNode> band = bands.next();
            html.append("<tr><td class=\"l\">").append(esc(band.getKey())).append("</td><td>")
                    .append(esc(cells.count(band.getValue().get("events").asLong()))).append("</td><td>")
                    .append(esc(cells.count(band.getValue().get("positives").asLong()))).append("</td></tr>\n");
        }
        html.append("</table>\n");

        html.append("<h3>Per night</h3>\n<table><tr><th class=\"l\">As of</th><th>Scored</th><th>Outcome known</th>"
                + "<th>Positive patients</th><th>AUROC</th><th>Mean predicted</th><th>Observed rate</th>"
                + "<th>Can be judged</th></tr>\n");
        for (JsonNode night : backtest.get("nights")) {
            html.append("<tr><td class=\"l\">").append(esc(night.get("asOf").asText())).append("</td><td>")
                    .append(esc(cells.count(night.get("scored").asLong()))).append("</td><td>")
                    .append(esc(cells.count(night.get("outcomeKnown").asLong()))).append("</td><td>")
                    .append(esc(cells.count(night.get("positivePatients").asLong()))).append("</td><td>")
                    .append(number(night.get("auroc"))).append("</td><td>").append(number(night.get("meanProbability")))
                    .append("</td><td>").append(number(night.get("observedRate"))).append("</td><td>")
                    .append(judged(night.get("judgeable"))).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void row(StringBuilder html, String label, String test, String realised, String metric) {
        html.append("<tr><td class=\"l\">").append(label).append("</td><td>").append(test).append("</td><td");
        if (metric != null) {
            html.append(" data-metric=\"backtest.").append(metric).append('"');
        }
        html.append('>').append(realised).append("</td></tr>\n");
    }

    private static String judged(JsonNode judgeable) {
        return judgeable.asBoolean() ? "yes" : "no: cannot be judged";
    }
}
