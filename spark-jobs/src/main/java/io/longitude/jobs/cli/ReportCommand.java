package io.longitude.jobs.cli;

import com.typesafe.config.Config;
import io.longitude.cohort.TaskFiles;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.report.ReportConfig;
import io.longitude.jobs.report.ReportJob;
import io.longitude.jobs.report.ReportSummary;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Render the self-contained HTML report of an evaluated task and model.")
public final class ReportCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--task", required = true, paramLabel = "NAME|FILE")
    String task;

    @Option(names = "--model", required = true, paramLabel = "NAME")
    String model;

    @Override
    public Integer call() throws Exception {
        Config config = LongitudeConfigLoader.load(common.config(), common.overrides());
        ReportConfig reportConfig = ReportConfig.from(config, common.warehouse(), TaskFiles.warehouseName(task), model);
        common.requireExistingWarehouse();
        SparkSession spark = SparkSession.builder().appName("longitude-report").getOrCreate();
        try {
            ReportSummary summary = new ReportJob(reportConfig).run(spark);
            SummaryOutput.write(summary.toJson(), common.summary());
            System.out.println(summary.path());
            return 0;
        } finally {
            spark.stop();
        }
    }
}
