package io.longitude.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

import static io.longitude.report.Html.esc;

/**
 * Binary tasks: what the network looked at over the test split ({@code explanations.json} of the evaluation): the
 * integrated-gradients method and its baseline, the faithfulness check (ERASER comprehensiveness against removing
 * random codes) and the codes with the largest mean |attribution| beside the logistic-regression baseline's largest
 * coefficients. Values carry {@code data-metric="explanations.<name>"}; attributions are shown with four decimals.
 */
final class ExplanationSection {

    private ExplanationSection() {
    }

    static void render(StringBuilder html, JsonNode explanations, SmallCells cells) {
        html.append("<h2>Explanations: the codes the network weighed</h2>\n");
        if (explanations == null) {
            html.append("<p>No explanations of this evaluation (<code>evaluate.explain.top-codes</code> is 0, or the "
                    + "evaluated version or its cohort could not be explained: see the evaluate log).</p>\n");
            return;
        }
        html.append("<p>Integrated gradients of the network's output probability (before recalibration) with respect "
                        + "to each code of each visit, against a baseline with every code removed and the numeric "
                        + "features kept, in ")
                .append(explanations.get("steps").asInt()).append(" steps, over the ")
                .append(esc(cells.count(explanations.get("samples").asLong()))).append(" test samples of version ")
                .append(esc(explanations.get("modelVersion").asText()))
                .append(". An attribution is the share of the score, in probability points, that a code moved; per "
                        + "sample they add up to the score minus the baseline's score (mean gap below).</p>\n");
        if (!explanations.get("judgeable").asBoolean()) {
            html.append("<p class=\"warn\">Only ").append(esc(cells.count(explanations.get("positivePatients").asLong())))
                    .append(" positive patients in the test split: the explanations cannot be judged on this data.</p>\n");
        }
        JsonNode erased = explanations.get("comprehensiveness");
        int k = erased.get("k").asInt();
        html.append("<h3>Faithfulness (ERASER comprehensiveness)</h3>\n<table>\n");
        row(html, "Mean score drop, top " + k + " codes removed", "comprehensiveness.topDrop", erased.get("topDrop"));
        row(html, "Mean score drop, " + k + " random codes removed", "comprehensiveness.randomDrop",
                erased.get("randomDrop"));
        row(html, "Difference (above 0: faithful)", "comprehensiveness.margin", erased.get("margin"));
        row(html, "Mean |score − baseline score|", "completeness.meanAbsoluteDifference",
                explanations.get("completeness").get("meanAbsoluteDifference"));
        row(html, "Mean |sum of attributions − that difference|", "completeness.meanAbsoluteGap",
                explanations.get("completeness").get("meanAbsoluteGap"));
        html.append("<tr><td class=\"l\">Samples with a code</td><td>").append(esc(cells.count(erased.get("samples").asLong())))
                .append("</td></tr>\n<tr><td class=\"l\">Positive patients</td><td>")
                .append(esc(cells.count(explanations.get("positivePatients").asLong()))).append("</td></tr>\n</table>\n");

        JsonNode codes = explanations.get("topCodes");
        JsonNode coefficients = explanations.get("baselineCoefficients");
        html.append("<h3>Top codes: network and baseline</h3>\n<table><tr><th>#</th><th class=\"l\">Network: code</th>"
                + "<th>Mean |attribution|</th><th>Mean attribution</th><th>Samples with it</th>"
                + "<th class=\"l\">Baseline: code</th><th>Coefficient (log-odds)</th></tr>\n");
        for (int i = 0; i < Math.max(codes.size(), coefficients.size()); i++) {
            html.append("<tr><td>").append(i + 1).append("</td>");
            if (i < codes.size()) {
                JsonNode c = codes.get(i);
                html.append("<td class=\"l\">").append(code(c)).append("</td>");
                cell(html, "topCodes." + i + ".meanAbsoluteAttribution", c.get("meanAbsoluteAttribution"));
                cell(html, "topCodes." + i + ".meanAttribution", c.get("meanAttribution"));
                html.append("<td>").append(esc(cells.count(c.get("samples").asLong()))).append("</td>");
            } else {
                html.append("<td></td><td></td><td></td><td></td>");
            }
            if (i < coefficients.size()) {
                JsonNode c = coefficients.get(i);
                html.append("<td class=\"l\">").append(code(c)).append("</td>");
                cell(html, "baselineCoefficients." + i + ".coefficient", c.get("coefficient"));
            } else {
                html.append("<td></td><td></td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    /** Four decimals: attributions are fractions of a probability. */
    static String value(JsonNode value) {
        return value == null || value.isNull() ? "n/a" : String.format(Locale.ROOT, "%.4f", value.asDouble());
    }

    private static String code(JsonNode c) {
        JsonNode description = c.get("description");
        return (description == null || description.isNull() ? "" : esc(description.asText()) + "<br>")
                + "<code>" + esc(c.get("token").asText()) + "</code>";
    }

    private static void row(StringBuilder html, String label, String metric, JsonNode value) {
        html.append("<tr><td class=\"l\">").append(esc(label)).append("</td>");
        cell(html, metric, value);
        html.append("</tr>\n");
    }

    private static void cell(StringBuilder html, String metric, JsonNode value) {
        html.append("<td data-metric=\"explanations.").append(metric).append("\">").append(value(value)).append("</td>");
    }
}
