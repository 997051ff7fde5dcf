package io.longitude.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static io.longitude.report.Html.esc;

/** Who is in the cohort: the attrition from all candidates to the samples, and Table 1 by label. */
final class CohortSection {

    private CohortSection() {
    }

    static void render(StringBuilder html, ReportInput in, SmallCells cells) throws IOException {
        attrition(html, in.cohortSummary(), cells);
        tableOne(html, in, cells);
    }

    private static void attrition(StringBuilder html, JsonNode summary, SmallCells cells) throws IOException {
        html.append("<h2>Cohort attrition</h2>\n");
        if (summary == null || !summary.has("attrition")) {
            html.append("<p>No cohort summary found.</p>\n");
            return;
        }
        html.append("<table><tr><th class=\"l\">Step</th><th>Remaining</th></tr>\n");
        Map<String, Long> shown = new LinkedHashMap<>();
        for (JsonNode step : summary.get("attrition")) {
            long remaining = step.get("remaining").asLong();
            html.append("<tr><td class=\"l\">").append(esc(step.get("step").asText())).append("</td><td>")
                    .append(esc(cells.count(remaining))).append("</td></tr>\n");
            // A bar's length would reveal a suppressed count: such steps stay out of the chart.
            if (!cells.suppressed(remaining)) {
                shown.put(step.get("step").asText(), remaining);
            }
        }
        html.append("</table>\n");
        html.append(Html.img(Charts.bars("Cohort attrition", "step", "remaining", shown), "Cohort attrition chart"));
    }

    private static void tableOne(StringBuilder html, ReportInput in, SmallCells cells) {
        html.append("<h2>Table 1: cohort by label</h2>\n<table><tr><th class=\"l\"></th>");
        for (TableOneRow r : in.tableOne()) {
            // next-visit-dx samples carry per-visit targets, no label: one column for the whole cohort.
            html.append("<th>").append(r.label() == null ? "all samples" : "label = " + r.label()).append("</th>");
        }
        html.append("</tr>\n<tr><td class=\"l\">Samples</td>");
        in.tableOne().forEach(r -> html.append("<td>").append(esc(cells.count(r.samples()))).append("</td>"));
        html.append("</tr>\n<tr><td class=\"l\">Patients</td>");
        in.tableOne().forEach(r -> html.append("<td>").append(esc(cells.count(r.patients()))).append("</td>"));
        html.append("</tr>\n<tr><td class=\"l\">Female, n (%)</td>");
        for (TableOneRow r : in.tableOne()) {
            html.append("<td>").append(esc(cells.count(r.female())));
            if (!cells.suppressed(r.female()) && r.samples() > 0) {
                html.append(String.format(Locale.ROOT, " (%.1f%%)", 100.0 * r.female() / r.samples()));
            }
            html.append("</td>");
        }
        html.append("</tr>\n<tr><td class=\"l\">Age at index, mean (SD)</td>");
        // The ages of a suppressed group would describe a handful of identifiable patients.
        in.tableOne().forEach(r -> html.append("<td>").append(cells.suppressed(r.samples()) ? "suppressed"
                : String.format(Locale.ROOT, "%.1f (%.1f)", r.ageMean() == null ? Double.NaN : r.ageMean(),
                        r.ageSd() == null ? Double.NaN : r.ageSd())).append("</td>"));
        html.append("</tr></table>\n");
    }
}
