package io.longitude.jobs.report;

import io.longitude.jobs.CohortMetadataFiles;
import io.longitude.jobs.HadoopFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.longitude.config.BadInputException;
import io.longitude.warehouse.Warehouse;
import io.longitude.models.evaluation.HeadlineMetrics;
import io.longitude.models.evaluation.NextVisitEvaluator;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Renders one self-contained HTML file per task and model from {@code metrics.json}, the cohort summary,
 * the cohort samples (Table 1, aggregated by Spark) and the training history: no scripts, no external
 * resources, plots inlined as PNG. Counts below the small-cell threshold are shown as "&lt;11". Metric
 * values carry {@code data-metric="<model>.<metric>"} so that tools can read them back.
 */
public final class ReportJob {

    private static final Logger LOG = LoggerFactory.getLogger(ReportJob.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[][] METRICS = {{"auroc", "AUROC"}, {"auprc", "AUPRC"}, {"brier", "Brier score"},
            {"ece", "ECE (10 bins)"}, {"calibrationInTheLarge", "Calibration-in-the-large"},
            {"calibrationSlope", "Calibration slope"}};

    private final ReportConfig config;
    private final SmallCells cells;

    public ReportJob(ReportConfig config) {
        this.config = config;
        this.cells = new SmallCells(config.smallCellThreshold());
    }

    /** Writes the report; returns its path and key figures. */
    public ReportSummary run(SparkSession spark) throws IOException {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Warehouse warehouse = new Warehouse(config.warehouse());
        if (!HadoopFiles.exists(hadoop, warehouse.metricsJson(config.task(), config.model()))) {
            throw new BadInputException("no metrics at " + warehouse.metricsJson(config.task(), config.model()) + " (run evaluate first)");
        }
        JsonNode metrics = JSON.readTree(HadoopFiles.readString(hadoop, warehouse.metricsJson(config.task(), config.model())));
        java.util.Optional<String> summaryPath = HadoopFiles.inLastFolder(hadoop, warehouse.cohortSummaries(config.task()));
        JsonNode summary = summaryPath.isPresent() ? JSON.readTree(HadoopFiles.readString(hadoop, summaryPath.get())) : null;
        List<Row> table1 = spark.read().parquet(warehouse.cohortSamples(config.task()))
                .groupBy(col("label"))
                .agg(count("*").as("samples"), countDistinct("patientKey").as("patients"),
                        sum(when(col("sex").equalTo("female"), 1).otherwise(0)).as("female"),
                        avg("ageAtIndex").as("ageMean"), stddev_samp("ageAtIndex").as("ageSd"))
                .orderBy("label").collectAsList();

        StringBuilder html = new StringBuilder(1 << 20);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Longitude report: ").append(esc(config.task())).append(" / ").append(esc(config.model()))
                .append("</title><style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:4px 8px;"
                        + "text-align:right}th{background:#eee}td.l,th.l{text-align:left}.warn{color:#a40000;"
                        + "font-weight:bold}img{max-width:100%}.note{background:#fff4d6;padding:8px}</style></head><body>\n");
        html.append("<h1>").append(esc(config.task())).append(": ").append(esc(config.model()))
                .append(" beside ").append(esc(metrics.get("models").get(1).get("model").asText())).append("</h1>\n");
        html.append("<p>Test split. 95% intervals: percentile bootstrap resampling patients (")
                .append(metrics.get("bootstrap").get("resamples").asInt()).append(" resamples, seed ")
                .append(metrics.get("bootstrap").get("seed").asLong()).append(").");
        if (cells.enabled()) {
            html.append(" Counts below ").append(cells.threshold()).append(" are shown as &lt;").append(cells.threshold())
                    .append(" (small-cell suppression).</p>\n");
        } else {
            LOG.warn("report of {} {}: small-cell suppression is off (report.small-cell-threshold = 1)", config.task(),
                    config.model());
            html.append("</p>\n<p class=\"warn\">Small-cell suppression is OFF (report.small-cell-threshold = 1): every "
                    + "count is shown exactly, and small counts can identify patients. Do not share this report beyond "
                    + "those allowed to see the patient data.</p>\n");
        }

        boolean nextVisit = !CohortMetadataFiles.read(hadoop, warehouse, config.task()).kind().binary();
        attrition(html, summary);
        tableOne(html, table1);
        if (nextVisit) {
            nextVisitMetricTable(html, metrics);
        } else {
            metricTable(html, metrics);
            curves(html, metrics);
            thresholds(html, metrics);
            subgroups(html, metrics);
        }
        training(html, hadoop, warehouse, metrics);
        modelCard(html, metrics, nextVisit);
        html.append("</body></html>\n");

        String out = warehouse.report(config.task(), config.model());
        HadoopFiles.writeString(hadoop, out, html.toString());
        return new ReportSummary(out, config.task(), config.model(), HeadlineMetrics.of(metrics));
    }

    private void attrition(StringBuilder html, JsonNode summary) throws IOException {
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
        html.append(img(Charts.bars("Cohort attrition", "step", "remaining", shown), "Cohort attrition chart"));
    }

    private void tableOne(StringBuilder html, List<Row> rows) {
        html.append("<h2>Table 1: cohort by label</h2>\n<table><tr><th class=\"l\"></th>");
        for (Row r : rows) {
            // next-visit-dx samples carry per-visit targets, no label: one column for the whole cohort.
            html.append("<th>").append(r.isNullAt(0) ? "all samples" : "label = " + r.get(0)).append("</th>");
        }
        html.append("</tr>\n<tr><td class=\"l\">Samples</td>");
        rows.forEach(r -> html.append("<td>").append(esc(cells.count(r.getLong(1)))).append("</td>"));
        html.append("</tr>\n<tr><td class=\"l\">Patients</td>");
        rows.forEach(r -> html.append("<td>").append(esc(cells.count(r.getLong(2)))).append("</td>"));
        html.append("</tr>\n<tr><td class=\"l\">Female, n (%)</td>");
        for (Row r : rows) {
            long female = r.getLong(3);
            html.append("<td>").append(esc(cells.count(female)));
            if (!cells.suppressed(female) && r.getLong(1) > 0) {
                html.append(String.format(Locale.ROOT, " (%.1f%%)", 100.0 * female / r.getLong(1)));
            }
            html.append("</td>");
        }
        html.append("</tr>\n<tr><td class=\"l\">Age at index, mean (SD)</td>");
        // The ages of a suppressed group would describe a handful of identifiable patients.
        rows.forEach(r -> html.append("<td>").append(cells.suppressed(r.getLong(1)) ? "suppressed"
                : String.format(Locale.ROOT, "%.1f (%.1f)", r.isNullAt(4) ? Double.NaN : r.getDouble(4),
                        r.isNullAt(5) ? Double.NaN : r.getDouble(5))).append("</td>"));
        html.append("</tr></table>\n");
    }

    private void metricTable(StringBuilder html, JsonNode metrics) {
        html.append("<h2>Metrics</h2>\n");
        judgeabilityWarnings(html, metrics, " positive patients in the test split");
        modelColumns(html, metrics);
        html.append("<th>Positive patients</th></tr>\n");
        for (String[] metric : METRICS) {
            html.append("<tr><td class=\"l\">").append(metric[1]).append("</td>");
            for (JsonNode model : metrics.get("models")) {
                metricCells(html, model, metric[0]);
            }
            html.append("<td>").append(esc(cells.count(metrics.get("models").get(0).get("positivePatients").asLong())))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n<h3>Recalibration (fitted on validation, applied to test)</h3>\n<table><tr>"
                + "<th class=\"l\">Model</th><th class=\"l\">Scores</th><th>Brier</th><th>ECE</th>"
                + "<th>Calibration-in-the-large</th><th>Slope</th></tr>\n");
        for (JsonNode model : metrics.get("models")) {
            String name = esc(model.get("model").asText());
            recalibrationRow(html, name, "raw", model.get("metrics"));
            recalibrationRow(html, name, "Platt", model.get("recalibration").get("platt").get("after"));
            recalibrationRow(html, name, "isotonic", model.get("recalibration").get("isotonic").get("after"));
        }
        html.append("</table>\n");
    }

    /** One warning per model whose test split holds fewer patients than the configured minimum. */
    private void judgeabilityWarnings(StringBuilder html, JsonNode metrics, String counted) {
        for (JsonNode model : metrics.get("models")) {
            if (!model.get("judgeable").asBoolean()) {
                html.append("<p class=\"warn\">").append(esc(model.get("model").asText())).append(": only ")
                        .append(esc(cells.count(model.get("positivePatients").asLong())))
                        .append(counted).append(" (minimum ")
                        .append(metrics.get("minPositivePatients").asInt())
                        .append("): these metrics cannot be judged on this data.</p>\n");
            }
        }
    }

    /** Opens a metric table: the metric column, then a value/CI column pair per model. */
    private static void modelColumns(StringBuilder html, JsonNode metrics) {
        html.append("<table><tr><th class=\"l\">Metric</th>");
        for (JsonNode model : metrics.get("models")) {
            html.append("<th colspan=\"2\">").append(esc(model.get("model").asText())).append(" (")
                    .append(esc(model.get("role").asText())).append(")</th>");
        }
    }

    /** next-visit-dx: recall@k and precision@k with their intervals, network and baseline side by side. */
    private void nextVisitMetricTable(StringBuilder html, JsonNode metrics) {
        html.append("<h2>Metrics</h2>\n<p>Visit-level recall@k (true codes of the next visit among the k highest "
                + "ranked, over the number of true codes) and precision@k (hits over k), averaged over the test visits "
                + "whose next visit has a target code.</p>\n");
        judgeabilityWarnings(html, metrics, " test patients with a next visit");
        modelColumns(html, metrics);
        html.append("<th>Patients</th><th>Visits</th></tr>\n");
        JsonNode network = metrics.get("models").get(0);
        for (String metric : List.of("recall", "precision")) {
            for (JsonNode k : metrics.get("recallAtK")) {
                String key = NextVisitEvaluator.metricKey(metric, k.asInt());
                html.append("<tr><td class=\"l\">").append(metric).append('@').append(k.asInt()).append("</td>");
                for (JsonNode model : metrics.get("models")) {
                    metricCells(html, model, key);
                }
                html.append("<td>").append(esc(cells.count(network.get("positivePatients").asLong()))).append("</td><td>")
                        .append(esc(cells.count(network.get("visits").asLong()))).append("</td></tr>\n");
            }
        }
        html.append("</table>\n");
    }

    private static void metricCells(StringBuilder html, JsonNode model, String key) {
        JsonNode m = model.get("metrics").get(key);
        html.append("<td data-metric=\"").append(esc(model.get("model").asText())).append('.').append(key)
                .append("\">").append(number(m.get("value"))).append("</td><td>");
        if (m.has("ciLower")) {
            html.append('[').append(number(m.get("ciLower"))).append(", ").append(number(m.get("ciUpper"))).append(']');
        }
        html.append("</td>");
    }

    private static void recalibrationRow(StringBuilder html, String model, String label, JsonNode m) {
        html.append("<tr><td class=\"l\">").append(model).append("</td><td class=\"l\">").append(label).append("</td>");
        for (String key : List.of("brier", "ece", "calibrationInTheLarge", "calibrationSlope")) {
            html.append("<td>").append(number(m.get(key).get("value"))).append("</td>");
        }
        html.append("</tr>\n");
    }

    private void curves(StringBuilder html, JsonNode metrics) throws IOException {
        List<Charts.Series> roc = new ArrayList<>();
        List<Charts.Series> pr = new ArrayList<>();
        List<Charts.Series> reliability = new ArrayList<>();
        for (JsonNode model : metrics.get("models")) {
            String name = model.get("model").asText();
            roc.add(new Charts.Series(name, points(model.get("curves").get("roc"))));
            pr.add(new Charts.Series(name, points(model.get("curves").get("pr"))));
            List<double[]> bins = new ArrayList<>();
            for (JsonNode bin : model.get("reliability")) {
                // Bins with fewer samples than the small-cell threshold are left out of the plot.
                if (!bin.get("meanPredicted").isNull() && bin.get("count").asLong() >= cells.threshold()) {
                    bins.add(new double[] {bin.get("meanPredicted").asDouble(), bin.get("observedRate").asDouble()});
                }
            }
            reliability.add(new Charts.Series(name, bins));
        }
        html.append("<h2>Discrimination and calibration</h2>\n");
        html.append(img(Charts.lines("ROC", "false positive rate", "true positive rate", roc, true, true), "ROC curve"));
        html.append(img(Charts.lines("Precision-recall", "recall", "precision", pr, true, false), "Precision-recall curve"));
        html.append(img(Charts.lines("Reliability (10 bins; bins under " + cells.threshold() + " samples hidden)",
                "mean predicted risk", "observed rate", reliability, true, true), "Reliability curve"));
    }

    private static void thresholds(StringBuilder html, JsonNode metrics) {
        html.append("<h2>Operating points</h2>\n<table><tr><th class=\"l\">Model</th><th>Threshold</th>"
                + "<th>Sensitivity</th><th>Specificity</th><th>PPV</th><th>NPV</th></tr>\n");
        for (JsonNode model : metrics.get("models")) {
            for (JsonNode t : model.get("thresholds")) {
                html.append("<tr><td class=\"l\">").append(esc(model.get("model").asText())).append("</td><td>")
                        .append(number(t.get("threshold"))).append("</td><td>").append(number(t.get("sensitivity")))
                        .append("</td><td>").append(number(t.get("specificity"))).append("</td><td>")
                        .append(number(t.get("ppv"))).append("</td><td>").append(number(t.get("npv")))
                        .append("</td></tr>\n");
            }
        }
        html.append("</table>\n");
    }

    private void subgroups(StringBuilder html, JsonNode metrics) {
        html.append("<h2>Subgroups</h2>\n<table><tr><th class=\"l\">Model</th><th class=\"l\">Subgroup</th>"
                + "<th>Samples</th><th>Positive patients</th><th>AUROC</th><th>Mean predicted</th>"
                + "<th>Observed rate</th><th>Calibration-in-the-large</th><th class=\"l\">Note</th></tr>\n");
        for (JsonNode model : metrics.get("models")) {
            for (JsonNode g : model.get("subgroups")) {
                boolean judgeable = g.get("judgeable").asBoolean();
                html.append("<tr><td class=\"l\">").append(esc(model.get("model").asText())).append("</td><td class=\"l\">")
                        .append(esc(g.get("dimension").asText())).append(": ").append(esc(g.get("group").asText()))
                        .append("</td><td>").append(esc(cells.count(g.get("samples").asLong()))).append("</td><td>")
                        .append(esc(cells.count(g.get("positivePatients").asLong()))).append("</td><td>")
                        .append(number(g.get("auroc"))).append("</td><td>").append(number(g.get("meanPredicted")))
                        .append("</td><td>")
                        // An observed rate over a suppressed count would let the count be recomputed.
                        .append(cells.suppressed(g.get("positives").asLong()) ? "suppressed" : number(g.get("observedRate")))
                        .append("</td><td>").append(number(g.get("calibrationInTheLarge"))).append("</td><td class=\"l")
                        .append(judgeable ? "\">" : " warn\">cannot be judged on this data").append("</td></tr>\n");
            }
        }
        html.append("</table>\n");
    }

    private void training(StringBuilder html, Configuration hadoop, Warehouse warehouse, JsonNode metrics)
            throws IOException {
        html.append("<h2>Training curves</h2>\n");
        JsonNode network = metrics.get("models").get(0);
        String history = warehouse.modelRegistry().version(config.task(), config.model(),
                network.get("modelVersion").asText()).trainingHistory().toUri().toString();
        if (!HadoopFiles.exists(hadoop, history)) {
            html.append("<p>No training history found for this model version.</p>\n");
            return;
        }
        JsonNode root = JSON.readTree(HadoopFiles.readString(hadoop, history));
        List<double[]> loss = new ArrayList<>();
        List<double[]> validation = new ArrayList<>();
        String metric = "AUROC";
        for (JsonNode e : root) {
            loss.add(new double[] {e.get("epoch").asDouble(), e.get("trainLoss").asDouble()});
            // Histories written before the early-stopping metric was generalised call it validationAuroc.
            JsonNode score = e.has("validationScore") ? e.get("validationScore") : e.get("validationAuroc");
            if (score != null && score.isNumber()) {
                validation.add(new double[] {e.get("epoch").asDouble(), score.asDouble()});
            }
            if (e.hasNonNull("validationMetric") && !e.get("validationMetric").asText().equals("auroc")) {
                metric = e.get("validationMetric").asText();
            }
        }
        html.append(img(Charts.lines("Training loss", "epoch", "loss", List.of(new Charts.Series("train loss", loss)),
                false, false), "Training loss curve"));
        html.append(img(Charts.lines("Validation " + metric, "epoch", metric,
                List.of(new Charts.Series("validation " + metric, validation)), false, false),
                "Validation " + metric + " curve"));
    }

    private void modelCard(StringBuilder html, JsonNode metrics, boolean nextVisit) {
        JsonNode network = metrics.get("models").get(0);
        html.append("<h2>Model card</h2>\n<dl>")
                .append("<dt>Model</dt><dd>").append(esc(network.get("model").asText())).append(" version ")
                .append(esc(network.get("modelVersion").asText()))
                .append(nextVisit
                        ? ", recurrent network over visit sequences with a sigmoid output per target code at every "
                                + "visit; baseline: the training split's most frequent next-visit codes, the same "
                                + "ranking for every visit.</dd>"
                        : ", recurrent network over visit sequences; baseline: L2-regularised logistic regression on "
                                + "bag-of-codes counts.</dd>")
                .append("<dt>Intended use</dt><dd>")
                .append(esc(nextVisit ? config.nextVisitIntendedUse() : config.intendedUse())).append("</dd>")
                .append("<dt>Data</dt><dd>FHIR R4 records ingested by Longitude, pseudonymised; patients split 70/15/15 "
                        + "by a salted hash of the patient key, all of a patient's samples in one split. Test split: ")
                .append(esc(cells.count(network.get("samples").asLong()))).append(" samples, ")
                .append(esc(cells.count(network.get("patients").asLong()))).append(" patients.</dd>")
                .append("<dt>Task</dt><dd>").append(esc(TaskDescriptions.definition(config.task()))).append("</dd>")
                .append(nextVisit
                        ? "<dt>Metrics</dt><dd>Recall@k and precision@k with patient-bootstrap 95% intervals; see "
                                + "the table above.</dd>"
                        : "<dt>Metrics</dt><dd>AUROC and AUPRC with patient-bootstrap 95% intervals, Brier score, "
                                + "expected calibration error, calibration-in-the-large and slope, before and after "
                                + "recalibration; see the tables above.</dd>")
                .append("<dt>Limitations</dt><dd><ul>");
        String caveat = TaskDescriptions.limitation(config.task(), nextVisit);
        if (caveat != null) {
            html.append("<li class=\"note\">").append(esc(caveat)).append("</li>");
        }
        if (!network.get("judgeable").asBoolean()) {
            html.append("<li class=\"warn\">Too few ").append(nextVisit ? "patients with a next visit" : "positive patients")
                    .append(" in the test split: the metrics cannot be judged on this data.</li>");
        }
        html.append("<li>Evaluated on retrospective data from one source; performance on another population, coding "
                + "practice or time period is unknown until measured there.</li>")
                .append(nextVisit
                        ? "<li>Ranked codes are suggestions for review, not diagnoses.</li></ul></dd></dl>\n"
                        : "<li>Scores are risks for decision support, not diagnoses; calibration drifts when "
                                + "prevalence changes.</li></ul></dd></dl>\n");
    }

    private static List<double[]> points(JsonNode array) {
        List<double[]> out = new ArrayList<>();
        for (JsonNode p : array) {
            out.add(new double[] {p.get(0).asDouble(), p.get(1).asDouble()});
        }
        return out;
    }

    static String number(JsonNode value) {
        return value == null || value.isNull() ? "n/a" : String.format(Locale.ROOT, "%.3f", value.asDouble());
    }

    private static String img(String dataUri, String alt) {
        return "<p><img src=\"" + dataUri + "\" alt=\"" + esc(alt) + "\"></p>\n";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
