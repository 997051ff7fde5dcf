package io.longitude.jobs.cli;

import com.typesafe.config.Config;
import io.longitude.cohort.TaskConfig;
import io.longitude.cohort.TaskFiles;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.meds.MedsExportConfig;
import io.longitude.jobs.meds.MedsExportJob;
import io.longitude.jobs.meds.MedsExportSummary;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "export-meds", mixinStandardHelpOptions = true,
        description = {"Write the warehouse as a MEDS 0.4 dataset: data/{train,tuning,held_out}, metadata, and per task "
                + "its cohort as MEDS labels and its evaluated models' test predictions for meds-evaluation.",
                "An earlier export in --out is replaced; any other non-empty folder is refused."})
public final class ExportMedsCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The MEDS dataset's root folder.")
    String out;

    @Option(names = "--task", paramLabel = "NAME|FILE",
            description = "A binary task whose cohort becomes labels (repeatable); its split rule splits the subjects.")
    List<String> tasks = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Config config = LongitudeConfigLoader.load(common.config(), TaskFiles.otherOverrides(common.overrides()));
        List<TaskConfig> taskConfigs = tasks.stream()
                .map(t -> TaskFiles.load(t, TaskFiles.taskOverrides(common.overrides()))).toList();
        MedsExportConfig exportConfig = MedsExportConfig.from(config, common.warehouse(), out, taskConfigs);
        common.requireExistingWarehouse();
        SparkSession spark = SparkSession.builder().appName("longitude-export-meds").getOrCreate();
        try {
            MedsExportSummary summary = new MedsExportJob(exportConfig).run(spark);
            SummaryOutput.write(summary.toJson(), common.summary());
            System.out.print(summary.toReadableText());
            return 0;
        } finally {
            spark.stop();
        }
    }
}
