package io.longitude.jobs.cli;

import com.typesafe.config.Config;
import io.longitude.jobs.ExitCode;
import io.longitude.cohort.TaskFiles;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.ingest.IngestConfig;
import io.longitude.jobs.run.RunConfig;
import io.longitude.jobs.run.RunJob;
import io.longitude.jobs.run.RunManifest;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"The pipeline under one run id: ingest, cohort per task, then train, evaluate, report and write-back per task and model; "
                + "writes runs/<run-id>/manifest.json.",
                "Exit codes: 0 ok or unchanged, 1 failure, 2 bad configuration, 3 bad input, 4 degraded "
                        + "(with --fail-on-degraded or run.drift.fail-on-degraded = true), 5 warehouse locked by another run."})
public final class RunCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "PATH",
            description = "Files or folders (searched recursively) of *.json[.gz] bundles and *.ndjson[.gz].")
    List<String> inputs;

    @Option(names = "--fail-on-degraded", description = "Exit with code 4 when the drift check marks the run degraded.")
    boolean failOnDegraded;

    @Override
    public Integer call() throws Exception {
        Config config = LongitudeConfigLoader.load(common.config(), TaskFiles.otherOverrides(common.overrides()));
        RunConfig runConfig = RunConfig.from(config, inputs, common.warehouse(), failOnDegraded,
                TaskFiles.taskOverrides(common.overrides()));
        // A task file or task override that does not load stops the run here, before the ingest.
        runConfig.tasks().forEach(runConfig::task);
        // A production run without a usable pseudonymisation key stops here, before Spark starts.
        IngestConfig.from(config, inputs, common.warehouse()).mode().pseudonymiser(System::getenv);
        SparkSession spark = SparkSession.builder().appName("longitude-run").getOrCreate();
        try {
            RunManifest manifest = new RunJob(runConfig, config).run(spark);
            SummaryOutput.write(manifest.toJson(), common.summary());
            System.out.printf("Run %s: %s (manifest %s)%n", manifest.runId(), manifest.status(), manifest.file());
            return "degraded".equals(manifest.status()) && runConfig.failOnDegraded() ? ExitCode.DEGRADED.code() : 0;
        } finally {
            spark.stop();
        }
    }
}
