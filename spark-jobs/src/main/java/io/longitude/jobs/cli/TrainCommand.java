package io.longitude.jobs.cli;

import com.typesafe.config.Config;
import io.longitude.cohort.TaskFiles;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.evaluate.EvaluateConfig;
import io.longitude.jobs.train.TrainConfig;
import io.longitude.jobs.train.TrainJob;
import io.longitude.jobs.train.TrainSummary;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a recurrent network (DL4J on Spark) and the logistic-regression baseline on a task's cohort.")
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--task", required = true, paramLabel = "NAME|FILE",
            description = "Task whose cohort to train on (its name, or the task file it was built from).")
    String task;

    @Option(names = "--model", required = true, paramLabel = "NAME|FILE",
            description = "Network definition: the name of one bundled from conf/networks (gru, lstm, bigru …) or the path of a HOCON file.")
    String model;

    @Option(names = "--resume", description = "Continue the newest unfinished training of this model from its last checkpoint.")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        Config config = LongitudeConfigLoader.load(common.config(), common.overrides());
        TrainConfig trainConfig = TrainConfig.from(config, common.warehouse(), TaskFiles.warehouseName(task), model, resume);
        int minPositivePatients = EvaluateConfig.from(config, common.warehouse(), task, model).settings()
                .minPositivePatients();
        common.requireExistingWarehouse();
        SparkSession spark = SparkSession.builder().appName("longitude-train").getOrCreate();
        try {
            TrainSummary summary = new TrainJob(trainConfig).run(spark);
            SummaryOutput.write(summary.toJson(), common.summary());
            System.out.print(summary.toReadableText(minPositivePatients));
            return 0;
        } finally {
            spark.stop();
        }
    }
}
