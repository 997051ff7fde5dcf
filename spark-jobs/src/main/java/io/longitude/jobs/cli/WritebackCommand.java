package io.longitude.jobs.cli;

import com.typesafe.config.Config;
import io.longitude.jobs.ExitCode;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.writeback.WritebackConfig;
import io.longitude.jobs.writeback.WritebackJob;
import io.longitude.jobs.writeback.WritebackSummary;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "writeback", mixinStandardHelpOptions = true,
        description = "Write predictions back as FHIR R4 RiskAssessments (NDJSON; optionally POSTed to a FHIR server).")
public final class WritebackCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--task", required = true, paramLabel = "NAME|FILE")
    String task;

    @Option(names = "--model", required = true, paramLabel = "NAME")
    String model;

    @Option(names = "--fhir-server", paramLabel = "URL", description = "FHIR R4 base URL to POST transaction bundles to.")
    String fhirServer;

    @Override
    public Integer call() throws Exception {
        Config config = LongitudeConfigLoader.load(common.config(), common.overrides());
        WritebackConfig writebackConfig = WritebackConfig.from(config, common.warehouse(), task, model, fhirServer);
        common.requireExistingWarehouse();
        SparkSession spark = SparkSession.builder().appName("longitude-writeback").getOrCreate();
        try {
            WritebackSummary summary = new WritebackJob(writebackConfig).run(spark);
            SummaryOutput.write(summary.toJson(), common.summary());
            System.out.println(summary.toJson());
            boolean partial = summary.accepted() != null && summary.accepted() < summary.resourcesWritten();
            return partial ? ExitCode.DEGRADED.code() : ExitCode.OK.code();
        } finally {
            spark.stop();
        }
    }
}
