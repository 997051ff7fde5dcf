package io.longitude.jobs.cli;

import com.typesafe.config.Config;
import io.longitude.cohort.TaskFiles;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.evaluate.EvaluateConfig;
import io.longitude.jobs.evaluate.EvaluateJob;
import io.longitude.models.evaluation.HeadlineMetrics;
import io.longitude.warehouse.Warehouse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Test-split metrics with patient-bootstrap CIs, calibration and subgroups, network beside baseline.")
public final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--task", required = true, paramLabel = "NAME|FILE",
            description = "Cohort task, e.g. mortality-inhospital, or the task file it was built from.")
    String task;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "Model name in the predictions table.")
    String model;

    @Override
    public Integer call() throws Exception {
        Config config = LongitudeConfigLoader.load(common.config(), common.overrides());
        EvaluateConfig evaluateConfig = EvaluateConfig.from(config, common.warehouse(), TaskFiles.warehouseName(task), model);
        common.requireExistingWarehouse();
        SparkSession spark = SparkSession.builder().appName("longitude-evaluate").getOrCreate();
        try {
            ObjectNode metrics = new EvaluateJob(evaluateConfig).run(spark);
            SummaryOutput.write(metrics.toPrettyString(), common.summary());
            System.out.println("Test split of " + evaluateConfig.task() + ":");
            HeadlineMetrics.of(metrics).forEach(m -> System.out.println("  " + m.text()));
            System.out.println("metrics: " + new Warehouse(common.warehouse()).metricsJson(evaluateConfig.task(), model));
            return 0;
        } finally {
            spark.stop();
        }
    }
}
