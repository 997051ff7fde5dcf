package io.longitude.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import static io.longitude.report.Html.esc;

/**
 * The self-contained HTML report of one evaluated task and model: no scripts, no external resources, plots
 * inlined as PNG. Counts below the small-cell threshold are shown as "&lt;11". Metric values carry
 * {@code data-metric="<model>.<metric>"}, other figures of metrics.json {@code data-json="<model><JSON pointer>"}
 * and the trend's {@code data-run="<run-id>/<figure>"}, so that tools can read them back. Sections, in order: cohort
 * (attrition, Table 1), metrics (binary: metrics and recalibration, the backtest beside them, curves, operating
 * points, smooth calibration, decision curve, predicted risk by outcome, subgroups, explanations, the trend across
 * runs; next-visit-dx: recall@k and precision@k), training curves, model card.
 */
public final class ReportPage {

    private static final String STYLE = "report.css";

    private ReportPage() {
    }

    public static String render(ReportInput in, SmallCells cells) throws IOException {
        StringBuilder html = new StringBuilder(1 << 20);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Longitude report: ").append(esc(in.task())).append(" / ").append(esc(in.model()))
                .append("</title><style>").append(style()).append("</style></head><body>\n");
        html.append("<h1>").append(esc(in.task())).append(": ").append(esc(in.model()))
                .append(" beside ").append(esc(in.metrics().get("models").get(1).get("model").asText())).append("</h1>\n");
        html.append("<p>Test split. 95% intervals: percentile bootstrap resampling patients (")
                .append(in.metrics().get("bootstrap").get("resamples").asInt()).append(" resamples, seed ")
                .append(in.metrics().get("bootstrap").get("seed").asLong()).append(").");
        if (cells.enabled()) {
            html.append(" Counts below ").append(cells.threshold()).append(" are shown as &lt;").append(cells.threshold())
                    .append(" (small-cell suppression).</p>\n");
        } else {
            html.append("</p>\n<p class=\"warn\">Small-cell suppression is OFF (report.small-cell-threshold = 1): every "
                    + "count is shown exactly, and small counts can identify patients. Do not share this report beyond "
                    + "those allowed to see the patient data.</p>\n");
        }
        CohortSection.render(html, in, cells);
        if (in.nextVisit()) {
            NextVisitMetricsSection.render(html, in.metrics(), cells);
        } else {
            BinaryMetricsSection.render(html, in.metrics(), cells);
            BacktestSection.render(html, in.metrics(), in.backtest(), cells);
            CurvesSection.render(html, in.metrics(), cells);
            BinaryMetricsSection.operatingPoints(html, in.metrics());
            SmoothCalibrationSection.render(html, in.metrics(), cells);
            DecisionCurveSection.render(html, in.metrics(), cells);
            RiskDistributionSection.render(html, in.metrics(), cells);
            SubgroupSection.render(html, in.metrics(), cells);
            ExplanationSection.render(html, in.explanations(), cells);
            RunTrendSection.render(html, in.trend(), cells);
        }
        TrainingSection.render(html, in.trainingHistory());
        ModelCardSection.render(html, in, cells);
        html.append("</body></html>\n");
        return html.toString();
    }

    private static String style() {
        try (InputStream in = ReportPage.class.getResourceAsStream(STYLE)) {
            if (in == null) {
                throw new IllegalStateException("the report's style sheet " + STYLE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\n", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
