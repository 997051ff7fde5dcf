package io.longitude.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

import static io.longitude.report.Html.esc;
import static io.longitude.report.Html.number;

/**
 * Binary tasks: discrimination and calibration per sex and age band — observed against expected positives (the
 * sum of predicted risks), calibration-in-the-large and slope — each flagged when it cannot be judged.
 */
final class SubgroupSection {

    private SubgroupSection() {
    }

    static void render(StringBuilder html, JsonNode metrics, SmallCells cells) {
        html.append("<h2>Subgroups</h2>\n<table><tr><th class=\"l\">Model</th><th class=\"l\">Subgroup</th>"
                + "<th>Samples</th><th>Positive patients</th><th>AUROC</th><th>Mean predicted</th>"
                + "<th>Observed rate</th><th>Observed positives</th><th>Expected positives</th>"
                + "<th>Calibration-in-the-large</th><th>Calibration slope</th><th class=\"l\">Note</th></tr>\n");
        for (JsonNode model : metrics.get("models")) {
            JsonNode subgroups = model.get("subgroups");
            for (int i = 0; i < subgroups.size(); i++) {
                JsonNode g = subgroups.get(i);
                boolean judgeable = g.get("judgeable").asBoolean();
                html.append("<tr><td class=\"l\">").append(esc(model.get("model").asText())).append("</td><td class=\"l\">")
                        .append(esc(g.get("dimension").asText())).append(": ").append(esc(g.get("group").asText()))
                        .append("</td><td>").append(esc(cells.count(g.get("samples").asLong()))).append("</td><td>")
                        .append(esc(cells.count(g.get("positivePatients").asLong()))).append("</td><td>")
                        .append(number(g.get("auroc"))).append("</td><td>").append(number(g.get("meanPredicted")))
                        .append("</td><td>")
                        // An observed rate over a suppressed count would let the count be recomputed.
                        .append(cells.suppressed(g.get("positives").asLong()) ? "suppressed" : number(g.get("observedRate")))
                        .append("</td><td>").append(esc(cells.count(g.get("positives").asLong())))
                        .append("</td><td>").append(oneDecimal(g.get("expectedPositives")))
                        .append("</td>").append(Html.valueCell(model, "/subgroups/" + i + "/calibrationInTheLarge"))
                        .append(Html.valueCell(model, "/subgroups/" + i + "/calibrationSlope")).append("<td class=\"l")
                        .append(judgeable ? "\">" : " warn\">cannot be judged on this data").append("</td></tr>\n");
            }
        }
        html.append("</table>\n");
    }

    private static String oneDecimal(JsonNode value) {
        return value == null || value.isNull() ? "n/a" : String.format(Locale.ROOT, "%.1f", value.asDouble());
    }
}
