package io.longitude.jobs.cli;

import io.longitude.config.BadInputException;
import io.longitude.config.InvalidConfigException;
import io.longitude.jobs.ExitCode;
import io.longitude.jobs.run.RunLockedException;
import io.longitude.writeback.FhirServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Map;

/**
 * The spark-submit main class behind {@code scripts/longitude}: one subcommand per job. Problems a
 * user can fix (bad option, bad config, missing input) end in one clear line and a distinct exit code.
 */
@Command(name = "longitude", mixinStandardHelpOptions = true, version = "Longitude 0.1.0",
        description = "FHIR patient records to risk predictions, on Spark.",
        subcommands = {IngestCommand.class, CohortCommand.class, TrainCommand.class, EvaluateCommand.class,
                ReportCommand.class, ScoreCommand.class, WritebackCommand.class, RunCommand.class, ModelsCommand.class,
                ExportMedsCommand.class})
public final class LongitudeCli implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(LongitudeCli.class);

    /**
     * Session settings every command needs unless the submitter chose otherwise (spark-submit hands its
     * {@code --conf} values to the driver as system properties, which every SparkSession reads).
     * A visit_sequences row nests a patient's whole history: the vectorized Parquet reader's batches of
     * 4,096 such rows exhausted a 4 GB driver on 10k patients; the row-based reader holds one row at a time.
     * The plan string cap is a safety net: a typed operation over nested beans prints their encoders in full
     * (ingest's were 25 MB before its records became flat rows; IngestLogTest checks none is cut now), more
     * than Jackson (and so the history server) reads as one string.
     */
    public static final Map<String, String> SESSION_DEFAULTS = Map.of(
            "spark.sql.parquet.enableNestedColumnVectorizedReader", "false",
            "spark.sql.maxPlanStringLength", "1m");

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        SESSION_DEFAULTS.forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
        CommandLine cli = new CommandLine(new LongitudeCli());
        // A mistyped option or command: the problem and where help is, not the whole usage text.
        cli.setParameterExceptionHandler((e, ignoredArgs) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println("longitude: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, command.getErr());
            command.getErr().println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCode.USAGE.code();
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof InvalidConfigException)
                    && !(cause instanceof BadInputException) && !(cause instanceof RunLockedException)
                    && !(cause instanceof FhirServerException)) {
                cause = cause.getCause();
            }
            if (cause instanceof InvalidConfigException) {
                commandLine.getErr().println("longitude: configuration error: " + cause.getMessage());
                return ExitCode.USAGE.code();
            }
            if (cause instanceof RunLockedException) {
                commandLine.getErr().println("longitude: " + cause.getMessage());
                return ExitCode.LOCKED.code();
            }
            if (cause instanceof FhirServerException) {
                commandLine.getErr().println("longitude: " + commandLine.getCommandName() + ": " + cause.getMessage());
                return ExitCode.DEGRADED.code();
            }
            if (cause instanceof BadInputException) {
                commandLine.getErr().println("longitude: bad input: " + cause.getMessage());
                return ExitCode.BAD_INPUT.code();
            }
            LOG.error("{} failed", commandLine.getCommandName(), e);
            commandLine.getErr().println("longitude: " + commandLine.getCommandName() + " failed: " + e);
            return ExitCode.FAILURE.code();
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
