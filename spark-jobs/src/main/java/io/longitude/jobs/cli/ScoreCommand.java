package io.longitude.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.longitude.cohort.TaskFiles;
import io.longitude.config.InvalidConfigException;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.ExitCode;
import io.longitude.jobs.score.BacktestJob;
import io.longitude.jobs.score.ScoreConfig;
import io.longitude.jobs.score.ScoreJob;
import io.longitude.jobs.score.ScoreSummary;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score the index events of a task still open at an instant (admitted now, discharged within the "
                + "readmission window, seen recently) with the promoted version of a model, seeing only what was known "
                + "then: scores/<task>/<model>/asof=<T>/ (calibrated probability, risk band, raw score)."})
public final class ScoreCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--task", required = true, paramLabel = "NAME|FILE")
    String task;

    @Option(names = "--model", required = true, paramLabel = "NAME")
    String model;

    @Option(names = "--as-of", paramLabel = "INSTANT|now",
            description = "What the warehouse is seen as of (ISO-8601, e.g. 2026-01-31T02:00:00Z, or now); "
                    + "default: the newest event time in the warehouse.")
    String asOf;

    @Option(names = "--version", paramLabel = "V", description = "Score with this version instead of the promoted one.")
    String version;

    @Option(names = "--from", paramLabel = "INSTANT",
            description = "Backtest: replay nightly scoring from this instant to --to, every --every, with one version, "
                    + "and report the realised AUROC, calibration and alerts per band of the nights whose outcomes are known.")
    String from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "Backtest: the last night.")
    String to;

    @Option(names = "--every", paramLabel = "DURATION", defaultValue = "1d",
            description = "Backtest: time between two nights (HOCON duration, default ${DEFAULT-VALUE}).")
    String every;

    @Override
    public Integer call() throws Exception {
        if (from != null || to != null) {
            return backtest();
        }
        Config config = LongitudeConfigLoader.load(common.config(), TaskFiles.otherOverrides(common.overrides()));
        ScoreConfig scoreConfig = ScoreConfig.from(config, common.warehouse(), TaskFiles.warehouseName(task), model,
                asOf(), version);
        common.requireExistingWarehouse();
        SparkSession spark = SparkSession.builder().appName("longitude-score").getOrCreate();
        try {
            ScoreSummary summary = new ScoreJob(scoreConfig).run(spark);
            SummaryOutput.write(summary.toJson(), common.summary());
            System.out.println(summary.toJson());
            return ExitCode.OK.code();
        } finally {
            spark.stop();
        }
    }

    private int backtest() throws Exception {
        if (from == null || to == null || asOf != null) {
            throw new InvalidConfigException("a backtest takes --from and --to (and --every), not --as-of");
        }
        Config config = LongitudeConfigLoader.load(common.config(), TaskFiles.otherOverrides(common.overrides()));
        ScoreConfig scoreConfig = ScoreConfig.from(config, common.warehouse(), TaskFiles.warehouseName(task), model,
                null, version);
        Duration step;
        try {
            step = ConfigFactory.parseString("every = \"" + every + "\"").getDuration("every");
        } catch (ConfigException e) {
            throw new InvalidConfigException("--every must be a duration such as 1d or 12h, got '" + every + "'");
        }
        BacktestJob job = new BacktestJob(scoreConfig, instant("--from", from), instant("--to", to), step,
                config.getInt("evaluate.min-positive-patients"));
        common.requireExistingWarehouse();
        SparkSession spark = SparkSession.builder().appName("longitude-backtest").getOrCreate();
        try {
            String summary = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(job.run(spark));
            SummaryOutput.write(summary, common.summary());
            System.out.println(summary);
            return ExitCode.OK.code();
        } finally {
            spark.stop();
        }
    }

    private static Instant instant(String option, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidConfigException(option + " must be an ISO-8601 instant such as 2026-01-31T02:00:00Z, got '"
                    + text + "'");
        }
    }

    private Instant asOf() {
        if (asOf == null) {
            return null;
        }
        if ("now".equals(asOf)) {
            return Instant.now();
        }
        try {
            return Instant.parse(asOf);
        } catch (DateTimeParseException e) {
            throw new InvalidConfigException("--as-of must be an ISO-8601 instant such as 2026-01-31T02:00:00Z or now, "
                    + "got '" + asOf + "'");
        }
    }
}
