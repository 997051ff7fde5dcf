package io.longitude.jobs.cli;

import com.typesafe.config.Config;
import io.longitude.cohort.TaskConfig;
import io.longitude.cohort.TaskFiles;
import io.longitude.config.InvalidConfigException;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.ExitCode;
import io.longitude.jobs.writeback.WritebackConfig;
import io.longitude.jobs.writeback.WritebackJob;
import io.longitude.jobs.writeback.WritebackSummary;
import io.longitude.writeback.BearerToken;
import io.longitude.writeback.WritebackSource;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

@Command(name = "writeback", mixinStandardHelpOptions = true,
        description = {"Write a scoring back as FHIR R4 RiskAssessments: Bulk Data NDJSON in the warehouse and, with a "
                + "FHIR server, transactions of conditional updates (a rerun updates, never duplicates).",
                "The server's bearer token is read from the environment variable " + BearerToken.ENVIRONMENT_VARIABLE + "."})
public final class WritebackCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--task", required = true, paramLabel = "NAME|FILE")
    String task;

    @Option(names = "--model", required = true, paramLabel = "NAME")
    String model;

    @Option(names = "--as-of", paramLabel = "INSTANT",
            description = "The scoring to write back (ISO-8601, e.g. 2026-01-31T02:00:00Z); default: the newest.")
    String asOf;

    @Option(names = "--fhir-server", paramLabel = "URL",
            description = "FHIR R4 base URL to send the RiskAssessments to (default: writeback.fhir-server).")
    String fhirServer;

    @Option(names = "--cohort-audit",
            description = "Write the labelled test-split samples of the cohort (evaluate's calibrated predictions) "
                    + "instead of a scoring: an audit of past stays, not predictions for current patients.")
    boolean cohortAudit;

    @Override
    public Integer call() throws Exception {
        Config config = LongitudeConfigLoader.load(common.config(), TaskFiles.otherOverrides(common.overrides()));
        TaskConfig taskConfig = TaskFiles.load(task, TaskFiles.taskOverrides(common.overrides()));
        WritebackConfig writebackConfig = WritebackConfig.from(config, common.warehouse(), taskConfig, model,
                cohortAudit ? WritebackSource.COHORT_AUDIT : WritebackSource.SCORES, asOf(), fhirServer, System.getenv());
        common.requireExistingWarehouse();
        SparkSession spark = SparkSession.builder().appName("longitude-writeback").getOrCreate();
        try {
            WritebackSummary summary = new WritebackJob(writebackConfig).run(spark);
            SummaryOutput.write(summary.toJson(), common.summary());
            System.out.println(summary.toJson());
            return summary.complete() ? ExitCode.OK.code() : ExitCode.DEGRADED.code();
        } finally {
            spark.stop();
        }
    }

    private Instant asOf() {
        if (asOf == null) {
            return null;
        }
        try {
            return Instant.parse(asOf);
        } catch (DateTimeParseException e) {
            throw new InvalidConfigException("--as-of must be an ISO-8601 instant such as 2026-01-31T02:00:00Z, got '"
                    + asOf + "'");
        }
    }
}
