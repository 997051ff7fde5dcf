package io.longitude.report;

import io.longitude.monitoring.RunTrend;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import static io.longitude.report.Html.esc;

/**
 * Binary tasks: the network's test AUROC, calibration slope, ECE and prevalence per pipeline run, read from the run
 * manifests (the series the drift check compares against), as a table and, from two runs on, a chart by run.
 */
final class RunTrendSection {

    private RunTrendSection() {
    }

    static void render(StringBuilder html, List<RunTrend.Point> trend, SmallCells cells) throws IOException {
        html.append("<h2>Across runs</h2>\n");
        if (trend.isEmpty()) {
            html.append("<p>No pipeline run has evaluated this model yet: <code>longitude run</code> records each "
                    + "run's test figures in <code>runs/&lt;run-id&gt;/manifest.json</code>.</p>\n");
            return;
        }
        html.append("<table><tr><th class=\"l\">Run</th><th class=\"l\">Status</th><th>Test AUROC</th>"
                + "<th>Baseline AUROC</th><th>Calibration slope</th><th>ECE</th><th>Prevalence</th>"
                + "<th>Positive patients</th><th class=\"l\">Note</th></tr>\n");
        for (RunTrend.Point p : trend) {
            html.append("<tr><td class=\"l\">").append(esc(p.runId())).append("</td><td class=\"l\">")
                    .append(esc(p.runStatus())).append("</td>");
            cell(html, p, "testAuroc", p.testAuroc());
            cell(html, p, "baselineTestAuroc", p.baselineTestAuroc());
            cell(html, p, "calibrationSlope", p.calibrationSlope());
            cell(html, p, "ece", p.ece());
            cell(html, p, "prevalence", p.prevalence());
            html.append("<td>").append(esc(cells.count(p.positivePatients()))).append("</td><td class=\"l")
                    .append(p.judgeable() ? "\">" : " warn\">cannot be judged on this data").append("</td></tr>\n");
        }
        html.append("</table>\n");
        if (trend.size() >= 2) {
            List<Charts.Series> series = List.of(series("test AUROC", trend, RunTrend.Point::testAuroc),
                    series("calibration slope", trend, RunTrend.Point::calibrationSlope),
                    series("ECE", trend, RunTrend.Point::ece), series("prevalence", trend, RunTrend.Point::prevalence));
            double low = 0;
            double high = 1;
            for (Charts.Series line : series) {
                for (double[] p : line.points()) {
                    low = Math.min(low, p[1]);
                    high = Math.max(high, p[1]);
                }
            }
            html.append(Html.img(Charts.lines("Test figures by run (1 = oldest shown)", "run", "value", series, low,
                    high * 1.05, true), "Test figures by run"));
        }
    }

    private static void cell(StringBuilder html, RunTrend.Point p, String key, double value) {
        html.append("<td data-run=\"").append(esc(p.runId())).append('/').append(key).append("\">")
                .append(Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "n/a").append("</td>");
    }

    private static Charts.Series series(String name, List<RunTrend.Point> trend, ToDoubleFunction<RunTrend.Point> f) {
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < trend.size(); i++) {
            double v = f.applyAsDouble(trend.get(i));
            if (Double.isFinite(v)) {
                points.add(new double[] {i + 1, v});
            }
        }
        return new Charts.Series(name, points);
    }
}
