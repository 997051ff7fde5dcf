package io.longitude.report;

import com.fasterxml.jackson.databind.JsonNode;

import static io.longitude.report.Html.esc;
import static io.longitude.report.Html.number;

/** What the binary and the next-visit metric tables share: judgeability warnings, model columns, value cells. */
final class MetricTables {

    private MetricTables() {
    }

    /** One warning per model whose test split holds fewer patients than the configured minimum. */
    static void judgeabilityWarnings(StringBuilder html, JsonNode metrics, SmallCells cells, String counted) {
        for (JsonNode model : metrics.get("models")) {
            if (!model.get("judgeable").asBoolean()) {
                int minimum = metrics.get("minPositivePatients").asInt();
                String shown = cells.count(model.get("positivePatients").asLong());
                // A suppressed count ("<11") may lie either side of the minimum: say only what is known.
                String howMany = shown.startsWith("<") ? "fewer than " + minimum + counted
                        : "only " + shown + counted + " (minimum " + minimum + ")";
                html.append("<p class=\"warn\">").append(esc(model.get("model").asText())).append(": ")
                        .append(esc(howMany)).append(": these metrics cannot be judged on this data.</p>\n");
            }
        }
    }

    /** Opens a metric table: the metric column, then a value/CI column pair per model. */
    static void modelColumns(StringBuilder html, JsonNode metrics) {
        html.append("<table><tr><th class=\"l\">Metric</th>");
        for (JsonNode model : metrics.get("models")) {
            html.append("<th colspan=\"2\">").append(esc(model.get("model").asText())).append(" (")
                    .append(esc(model.get("role").asText())).append(")</th>");
        }
    }

    static void metricCells(StringBuilder html, JsonNode model, String key) {
        JsonNode m = model.get("metrics").get(key);
        html.append("<td data-metric=\"").append(esc(model.get("model").asText())).append('.').append(key)
                .append("\">").append(number(m.get("value"))).append("</td><td>");
        if (m.has("ciLower")) {
            html.append('[').append(number(m.get("ciLower"))).append(", ").append(number(m.get("ciUpper"))).append(']');
        }
        html.append("</td>");
    }
}
