package io.longitude.jobs.score;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.longitude.cohort.CandidateOutcome;
import io.longitude.cohort.PatientCohort;
import io.longitude.cohort.TaskConfig;
import io.longitude.cohort.TaskKind;
import io.longitude.config.BadInputException;
import io.longitude.config.InvalidConfigException;
import io.longitude.fhir.VisitSequence;
import io.longitude.jobs.DistributedAuroc;
import io.longitude.jobs.HadoopFiles;
import io.longitude.jobs.WarehouseTimes;
import io.longitude.models.registry.ModelVersion;
import io.longitude.scoring.RealisedMetrics;
import io.longitude.scoring.ScoringVersion;
import io.longitude.warehouse.Warehouse;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.longitude.models.registry.PredictionTable.LABEL;
import static io.longitude.models.registry.PredictionTable.SCORE;
import static io.longitude.scoring.ScoresTable.PATIENT_KEY;
import static io.longitude.scoring.ScoresTable.PROBABILITY;
import static io.longitude.scoring.ScoresTable.RISK_BAND;
import static io.longitude.scoring.ScoresTable.SAMPLE_ID;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Replays nightly scoring over history with one version, as if it had been deployed: every night from {@code from}
 * to {@code to} is scored by {@link ScoreJob} seeing only what was known then; then each scored event whose outcome
 * is known by the warehouse's data end (the cohort's own labelling, by sample id) is compared with its probability:
 * realised AUROC, calibration in the large and alerts per band ({@link RealisedMetrics}), per night and pooled.
 * Binary tasks only. Only the scored events with a known outcome reach the driver (a few per night).
 */
public final class BacktestJob {

    private static final Logger LOG = LoggerFactory.getLogger(BacktestJob.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ScoreConfig config;
    private final Instant from;
    private final Instant to;
    private final Duration every;
    private final int minPositivePatients;

    public BacktestJob(ScoreConfig config, Instant from, Instant to, Duration every, int minPositivePatients) {
        if (to.isBefore(from) || every.isZero() || every.isNegative()) {
            throw new InvalidConfigException("a backtest needs --from ≤ --to and a positive --every");
        }
        this.config = config;
        this.from = from;
        this.to = to;
        this.every = every;
        this.minPositivePatients = minPositivePatients;
    }

    /** Returns the summary document it wrote into the run folder. */
    public Map<String, Object> run(SparkSession spark) {
        Warehouse warehouse = new Warehouse(config.warehouse());
        ModelVersion chosen = config.version() != null
                ? warehouse.modelRegistry().version(config.task(), config.model(), config.version())
                : warehouse.promotedVersion(config.task(), config.model());
        TaskConfig task = ScoringVersion.load(chosen, "version " + chosen.name()).task();
        if (!task.kind().binary()) {
            throw new BadInputException("a backtest measures binary tasks; " + task.name() + " is " + task.kind().label());
        }
        if (task.kind() == TaskKind.ACES) {
            throw new BadInputException("a backtest of an ACES task (" + task.name() + ") is not built yet: score it "
                    + "night by night with --as-of");
        }
        Dataset<VisitSequence> sequences = spark.read().parquet(warehouse.table(Warehouse.VISIT_SEQUENCES))
                .as(Encoders.bean(VisitSequence.class));
        Instant dataEnd = WarehouseTimes.dataEnd(sequences);
        Dataset<Row> outcomes = sequences.flatMap((FlatMapFunction<VisitSequence, CandidateOutcome>) p ->
                                PatientCohort.of(p, task, dataEnd).outcomes().iterator(),
                        Encoders.bean(CandidateOutcome.class))
                .filter(col("sampleId").isNotNull())
                .select(col("sampleId").as("outcomeSampleId"), col(LABEL));

        List<Map<String, Object>> nights = new ArrayList<>();
        List<Dataset<Row>> known = new ArrayList<>();
        long knownEvents = 0;
        for (Instant night = from; !night.isAfter(to); night = night.plus(every)) {
            ScoreSummary scored = new ScoreJob(config.night(night, chosen.name())).run(spark);
            Dataset<Row> scores = spark.read().parquet(scored.path());
            Dataset<Row> nightKnown = scores.join(outcomes, scores.col(SAMPLE_ID).equalTo(outcomes.col("outcomeSampleId")))
                    .select(PROBABILITY, LABEL, PATIENT_KEY, RISK_BAND)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            known.add(nightKnown);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("asOf", night.toString());
            entry.put("scored", scored.scored());
            Map<String, Object> metrics = metrics(nightKnown);
            entry.put("outcomeKnown", metrics.get("events"));
            entry.putAll(metrics);
            nights.add(entry);
            knownEvents += (Long) metrics.get("events");
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("task", task.name());
        summary.put("model", config.model());
        summary.put("modelVersion", chosen.name());
        summary.put("from", from.toString());
        summary.put("to", to.toString());
        summary.put("every", every.toString());
        summary.put("outcomesKnownAt", dataEnd.toString());
        summary.put("minPositivePatients", minPositivePatients);
        summary.put("overall", metrics(known.stream().reduce(Dataset::union).orElseThrow()));
        known.forEach(Dataset::unpersist);
        summary.put("nights", nights);
        String runId = Warehouse.newRunId(Instant.now());
        try {
            HadoopFiles.writeString(spark.sparkContext().hadoopConfiguration(),
                    warehouse.backtestSummary(runId, task.name(), config.model()), JSON.writeValueAsString(summary));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("backtest summary is not serialisable", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backtest summary of run " + runId, e);
        }
        LOG.info("backtest of {} {} {}: {} nights, {} scored events with a known outcome, {}", task.name(),
                config.model(), chosen.name(), nights.size(), knownEvents,
                ((Map<?, ?>) summary.get("overall")).get("aurocText"));
        return summary;
    }

    /** Counted on the executors: only totals, (probability, label) counts and per-band counts reach the driver. */
    private Map<String, Object> metrics(Dataset<Row> known) {
        Row totals = known.agg(count(lit(1)), coalesce(sum(col(LABEL)), lit(0L)),
                coalesce(sum(col(PROBABILITY)), lit(0.0)),
                countDistinct(when(col(LABEL).equalTo(1), col(PATIENT_KEY)))).first();
        Map<String, long[]> perBand = new TreeMap<>();
        for (Row band : known.groupBy(col(RISK_BAND)).agg(count(lit(1)), sum(col(LABEL))).collectAsList()) {
            perBand.put(band.getString(0), new long[] {band.getLong(1), band.getLong(2)});
        }
        double auroc = DistributedAuroc.of(known.select(col(PROBABILITY).as(SCORE), col(LABEL)));
        return RealisedMetrics.of(totals.getLong(0), totals.getLong(1), totals.getDouble(2), totals.getLong(3), auroc,
                perBand, minPositivePatients);
    }
}
