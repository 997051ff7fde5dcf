package io.longitude.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.longitude.config.BadInputException;
import io.longitude.jobs.CohortMetadataFiles;
import io.longitude.jobs.HadoopFiles;
import io.longitude.models.evaluation.HeadlineMetrics;
import io.longitude.monitoring.RunTrend;
import io.longitude.report.ReportInput;
import io.longitude.report.ReportPage;
import io.longitude.report.SmallCells;
import io.longitude.report.TableOneRow;
import io.longitude.warehouse.Warehouse;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Reads what a report is made of — {@code metrics.json}, the newest cohort summary, Table 1 aggregated by
 * Spark over the cohort's samples, the evaluated version's training history, the newest backtest summary of the
 * task and model, the model's test figures across the run manifests — renders it with {@link ReportPage} and
 * writes {@code reports/<task>/<model>/report.html}.
 */
public final class ReportJob {

    private static final Logger LOG = LoggerFactory.getLogger(ReportJob.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReportConfig config;

    public ReportJob(ReportConfig config) {
        this.config = config;
    }

    /** Writes the report; returns its path and key figures. */
    public ReportSummary run(SparkSession spark) throws IOException {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Warehouse warehouse = new Warehouse(config.warehouse());
        String metricsPath = warehouse.metricsJson(config.task(), config.model());
        if (!HadoopFiles.exists(hadoop, metricsPath)) {
            throw new BadInputException("no metrics at " + metricsPath + " (run evaluate first)");
        }
        JsonNode metrics = JSON.readTree(HadoopFiles.readString(hadoop, metricsPath));
        Optional<String> summaryPath = HadoopFiles.inLastFolder(hadoop, warehouse.cohortSummaries(config.task()));
        JsonNode summary = summaryPath.isPresent() ? JSON.readTree(HadoopFiles.readString(hadoop, summaryPath.get())) : null;
        String history = warehouse.modelRegistry().version(config.task(), config.model(),
                metrics.get("models").get(0).get("modelVersion").asText()).trainingHistory().toUri().toString();
        JsonNode trainingHistory = HadoopFiles.exists(hadoop, history)
                ? JSON.readTree(HadoopFiles.readString(hadoop, history)) : null;
        Optional<String> backtestPath = HadoopFiles.inLastFolder(hadoop,
                warehouse.backtestSummaries(config.task(), config.model()));
        JsonNode backtest = backtestPath.isPresent() ? JSON.readTree(HadoopFiles.readString(hadoop, backtestPath.get())) : null;
        boolean nextVisit = !CohortMetadataFiles.read(hadoop, warehouse, config.task()).kind().binary();
        String explanationsPath = warehouse.explanationsJson(config.task(), config.model());
        JsonNode explanations = HadoopFiles.exists(hadoop, explanationsPath)
                ? JSON.readTree(HadoopFiles.readString(hadoop, explanationsPath)) : null;
        if (explanations != null && !explanations.path("modelVersion").asText()
                .equals(metrics.get("models").get(0).get("modelVersion").asText())) {
            explanations = null; // left by an evaluation of another version that explained it
        }
        ReportInput input = new ReportInput(config.task(), config.model(), nextVisit, metrics, summary,
                tableOne(spark, warehouse), trainingHistory, backtest,
                nextVisit ? config.nextVisitIntendedUse() : config.intendedUse(),
                RunTrend.read(Warehouse.localPath(warehouse.runs()), config.task(), config.model()), explanations);

        SmallCells cells = new SmallCells(config.smallCellThreshold());
        if (!cells.enabled()) {
            LOG.warn("report of {} {}: small-cell suppression is off (report.small-cell-threshold = 1)", config.task(),
                    config.model());
        }
        String out = warehouse.report(config.task(), config.model());
        HadoopFiles.writeString(hadoop, out, ReportPage.render(input, cells));
        return new ReportSummary(out, config.task(), config.model(), HeadlineMetrics.of(metrics));
    }

    /** Table 1 by label, aggregated on the executors: one small row per label reaches the driver. */
    private List<TableOneRow> tableOne(SparkSession spark, Warehouse warehouse) {
        return spark.read().parquet(warehouse.cohortSamples(config.task()))
                .groupBy(col("label"))
                .agg(count("*").as("samples"), countDistinct("patientKey").as("patients"),
                        sum(when(col("sex").equalTo("female"), 1).otherwise(0)).as("female"),
                        avg("ageAtIndex").as("ageMean"), stddev_samp("ageAtIndex").as("ageSd"))
                .orderBy("label").collectAsList().stream()
                .map(ReportJob::tableOneRow)
                .toList();
    }

    private static TableOneRow tableOneRow(Row r) {
        return new TableOneRow(r.isNullAt(0) ? null : r.getInt(0), r.getLong(1), r.getLong(2), r.getLong(3),
                r.isNullAt(4) ? null : r.getDouble(4), r.isNullAt(5) ? null : r.getDouble(5));
    }
}
