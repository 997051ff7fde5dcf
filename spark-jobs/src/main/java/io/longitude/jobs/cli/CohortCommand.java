package io.longitude.jobs.cli;

import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.cohort.CohortJob;
import io.longitude.jobs.cohort.CohortSummary;
import io.longitude.cohort.TaskConfig;
import io.longitude.cohort.TaskFiles;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "cohort", mixinStandardHelpOptions = true,
        description = {"Build a prediction task's cohort from visit_sequences: samples (Parquet), vocabulary, summary.",
                "Task keys are overridden with --conf task.KEY=VALUE (e.g. --conf task.window-days=7)."})
public final class CohortCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--task", required = true, paramLabel = "NAME|FILE",
            description = "A task under conf/tasks (readmission-30d, readmission-30d-unplanned, mortality-inhospital, "
                    + "next-visit-dx) or the path of a task file.")
    String task;

    @Override
    public Integer call() throws Exception {
        // The cohort job reads no key of longitude.conf yet; loading it still refuses a bad --config or --conf.
        LongitudeConfigLoader.load(common.config(), TaskFiles.otherOverrides(common.overrides()));
        TaskConfig taskConfig = TaskFiles.load(task, TaskFiles.taskOverrides(common.overrides()));
        common.requireExistingWarehouse();
        SparkSession spark = SparkSession.builder().appName("longitude-cohort-" + taskConfig.name()).getOrCreate();
        try {
            CohortSummary summary = new CohortJob(common.warehouse(), taskConfig).run(spark);
            SummaryOutput.write(summary.toJson(), common.summary());
            System.out.print(summary.toReadableText());
            return 0;
        } finally {
            spark.stop();
        }
    }
}
