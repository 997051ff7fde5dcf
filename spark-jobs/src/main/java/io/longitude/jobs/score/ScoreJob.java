package io.longitude.jobs.score;

import io.longitude.cohort.CandidateOutcome;
import io.longitude.cohort.CohortSample;
import io.longitude.cohort.OpenEvents;
import io.longitude.cohort.TaskConfig;
import io.longitude.cohort.Vocabulary;
import io.longitude.config.BadInputException;
import io.longitude.fhir.VisitSequence;
import io.longitude.jobs.CodeDescriptions;
import io.longitude.jobs.StageProgress;
import io.longitude.jobs.CohortExamples;
import io.longitude.jobs.HadoopFiles;
import io.longitude.jobs.NetworkScorer;
import io.longitude.jobs.NextVisitScorer;
import io.longitude.jobs.WarehouseTimes;
import io.longitude.models.data.SequenceFeaturiser;
import io.longitude.models.data.VisitSequenceExample;
import io.longitude.models.evaluation.RecallAtK;
import io.longitude.models.explain.IntegratedGradients;
import io.longitude.models.explain.SampleAttribution;
import io.longitude.models.evaluation.Recalibrator;
import io.longitude.models.registry.ModelRegistry;
import io.longitude.models.registry.ModelVersion;
import io.longitude.explain.ContributingCode;
import io.longitude.scoring.OpenEventsAsOf;
import io.longitude.scoring.RiskBands;
import io.longitude.scoring.ScoringVersion;
import io.longitude.warehouse.Warehouse;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.JavaConverters;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.longitude.scoring.ScoresTable.ENCOUNTER_KEY;
import static io.longitude.scoring.ScoresTable.EXPLAINED_ATTRIBUTIONS;
import static io.longitude.scoring.ScoresTable.EXPLAINED_CODES;
import static io.longitude.scoring.ScoresTable.EXPLAINED_DAYS_BEFORE;
import static io.longitude.scoring.ScoresTable.EXPLAINED_DESCRIPTIONS;
import static io.longitude.scoring.ScoresTable.EXPLAINED_VISITS_BEFORE;
import static io.longitude.scoring.ScoresTable.MODEL;
import static io.longitude.scoring.ScoresTable.MODEL_VERSION;
import static io.longitude.scoring.ScoresTable.PATIENT_KEY;
import static io.longitude.scoring.ScoresTable.PREDICTED_CODES;
import static io.longitude.scoring.ScoresTable.PREDICTED_PROBABILITIES;
import static io.longitude.scoring.ScoresTable.PREDICTION_TIME;
import static io.longitude.scoring.ScoresTable.PROBABILITY;
import static io.longitude.scoring.ScoresTable.RAW_SCORE;
import static io.longitude.scoring.ScoresTable.RISK_BAND;
import static io.longitude.scoring.ScoresTable.SAMPLE_ID;
import static io.longitude.scoring.ScoresTable.TASK;
import static org.apache.spark.sql.functions.col;

/**
 * Scores the open index events of a task as of an instant with one model version (the promoted one unless
 * named): every patient of {@code visit_sequences} is seen as of T, its open events are
 * built by the cohort's own code with the version's vocabulary ({@link OpenEventsAsOf}), and the version's network
 * scores them on the executors (rebuilt once per partition), its recalibrator turning raw scores into
 * probabilities and the configured cut points into risk bands, and (binary tasks, {@code score.explain.top-codes} above
 * 0) integrated gradients naming the codes that pushed each score up most, in the same pass. Writes {@code scores/<task>/<model>/asof=<T>/}
 * ({@link io.longitude.scoring.ScoresTable}) and a summary into the run folder; only counts reach the driver.
 */
public final class ScoreJob {

    private static final Logger LOG = LoggerFactory.getLogger(ScoreJob.class);
    private static final StructType SCORES = new StructType()
            .add(TASK, DataTypes.StringType, false)
            .add(MODEL, DataTypes.StringType, false)
            .add(MODEL_VERSION, DataTypes.StringType, false)
            .add(SAMPLE_ID, DataTypes.StringType, false)
            .add(PATIENT_KEY, DataTypes.StringType, false)
            .add(ENCOUNTER_KEY, DataTypes.StringType, true)
            .add(PREDICTION_TIME, DataTypes.TimestampType, false)
            .add(PROBABILITY, DataTypes.DoubleType, true)
            .add(RISK_BAND, DataTypes.StringType, true)
            .add(RAW_SCORE, DataTypes.DoubleType, true)
            .add(PREDICTED_CODES, DataTypes.createArrayType(DataTypes.StringType), true)
            .add(PREDICTED_PROBABILITIES, DataTypes.createArrayType(DataTypes.DoubleType), true)
            .add(EXPLAINED_CODES, DataTypes.createArrayType(DataTypes.StringType), true)
            .add(EXPLAINED_DESCRIPTIONS, DataTypes.createArrayType(DataTypes.StringType, true), true)
            .add(EXPLAINED_ATTRIBUTIONS, DataTypes.createArrayType(DataTypes.DoubleType), true)
            .add(EXPLAINED_VISITS_BEFORE, DataTypes.createArrayType(DataTypes.IntegerType), true)
            .add(EXPLAINED_DAYS_BEFORE, DataTypes.createArrayType(DataTypes.DoubleType, true), true);

    private final ScoreConfig config;

    public ScoreJob(ScoreConfig config) {
        this.config = config;
    }

    public ScoreSummary run(SparkSession spark) {
        try (StageProgress progress = StageProgress.start(spark, "score " + config.task() + " " + config.model(), StageProgress.INTERVAL)) {
            return score(spark);
        }
    }

    private ScoreSummary score(SparkSession spark) {
        long started = System.nanoTime();
        Warehouse warehouse = new Warehouse(config.warehouse());
        ScoringVersion version = version(warehouse);
        TaskConfig task = version.task();
        Dataset<VisitSequence> sequences = readSequences(spark, warehouse);
        Instant asOf = config.asOf() != null ? config.asOf() : WarehouseTimes.newestEventTime(sequences);
        String runId = Warehouse.newRunId(Instant.now());
        // A local only: the closures below serialise it and not this job.
        OpenEventsAsOf openEvents = new OpenEventsAsOf(task, asOf, config.maxOpen(), config.nextVisitLookback());
        List<String> steps = OpenEvents.attritionSteps(task);

        Dataset<CandidateOutcome> outcomes = sequences.flatMap((FlatMapFunction<VisitSequence, CandidateOutcome>) p ->
                        openEvents.of(p).outcomes().iterator(),
                Encoders.bean(CandidateOutcome.class));
        long[] reached = new long[steps.size()];
        for (Row r : outcomes.groupBy(col("reachedStep")).count().collectAsList()) {
            reached[r.getInt(0)] = r.getLong(1);
        }

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Vocabulary> vocabulary = jsc.broadcast(version.vocabulary());
        Broadcast<Vocabulary> targets = jsc.broadcast(version.targetVocabulary());
        Broadcast<byte[]> network = jsc.broadcast(version.network());
        Explaining explaining = version.targetTokens() == null && config.explainCodes() > 0
                ? new Explaining(config.explainCodes(), config.explainSteps(), version.vocabulary().tokens(),
                        jsc.broadcast(CodeDescriptions.of(spark, warehouse, version.vocabulary().tokens())))
                : null;
        Dataset<CohortSample> open = sequences.flatMap((FlatMapFunction<VisitSequence, CohortSample>) p ->
                        openEvents.of(p).samples(vocabulary.value(), targets.value()).iterator(),
                Encoders.bean(CohortSample.class));
        Dataset<Row> scores = score(open, network, version, config.model(), config.bands(), config.nextVisitCodes(),
                explaining);
        String path = warehouse.scores(task.name(), config.model(), asOf);
        scores.sortWithinPartitions(PREDICTION_TIME, SAMPLE_ID).write().mode(SaveMode.Overwrite).parquet(path);
        vocabulary.destroy();
        targets.destroy();
        network.destroy();
        if (explaining != null) {
            explaining.descriptions().destroy();
        }

        Map<String, Long> bands = new TreeMap<>();
        Dataset<Row> written = spark.read().parquet(path);
        for (Row r : written.groupBy(col(RISK_BAND)).count().collectAsList()) {
            bands.put(r.isNullAt(0) ? "none" : r.getString(0), r.getLong(1));
        }
        long scored = bands.values().stream().mapToLong(Long::longValue).sum();
        ScoreSummary summary = ScoreSummary.of(task, config.model(), version, asOf, runId, steps, reached, scored,
                bands, path, (System.nanoTime() - started) / 1_000_000L);
        try {
            HadoopFiles.writeString(spark.sparkContext().hadoopConfiguration(),
                    warehouse.scoreSummary(runId, task.name(), config.model()), summary.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the score summary of run " + runId, e);
        }
        summary.attritionLines().forEach(line -> LOG.info("score {} {} {}", task.name(), config.model(), line));
        LOG.info("scored {} open events of {} with {} {} as of {}: {}", scored, task.name(), config.model(),
                version.name(), asOf, bands);
        if (version.recalibrator() != null && !version.recalibrator().recalibrates()) {
            LOG.warn("{} {} {} has no recalibration ({}): its probabilities are the network's raw scores",
                    task.name(), config.model(), version.name(), version.recalibrator().reason());
        }
        return summary;
    }

    /** The promoted version, or the one named; a version from before scoring was possible is refused. */
    private ScoringVersion version(Warehouse warehouse) {
        ModelRegistry registry = warehouse.modelRegistry();
        ModelVersion chosen = config.version() != null
                ? registry.version(config.task(), config.model(), config.version())
                : warehouse.promotedVersion(config.task(), config.model());
        ScoringVersion version = ScoringVersion.load(chosen, "version " + chosen.name() + " of model '"
                + config.model() + "' for task '" + config.task() + "'");
        if (!version.task().name().equals(config.task())) {
            throw new BadInputException("version " + chosen.name() + " was trained for task '" + version.task().name()
                    + "', not '" + config.task() + "'");
        }
        return version;
    }

    /** What explanations of binary scores need on the executors; null when they are off. */
    private record Explaining(int topCodes, int steps, List<String> tokens, Broadcast<Map<String, String>> descriptions)
            implements Serializable {
    }

    private static Dataset<Row> score(Dataset<CohortSample> open, Broadcast<byte[]> network, ScoringVersion version,
                                      String model, RiskBands bands, int topN, Explaining explaining) {
        String taskName = version.task().name();
        String versionName = version.name();
        SequenceFeaturiser featuriser = version.featuriser();
        int batchSize = version.batchSize();
        Recalibrator recalibrator = version.recalibrator();
        List<String> targetTokens = version.targetTokens();
        IntegratedGradients gradients = explaining == null ? null : new IntegratedGradients(featuriser, explaining.steps());
        int gapFeature = featuriser.layout().numericFeatures().indexOf(ContributingCode.GAP_FEATURE);
        return open.mapPartitions((MapPartitionsFunction<CohortSample, Row>) samples -> {
            if (!samples.hasNext()) {
                return List.<Row>of().iterator();
            }
            MultiLayerNetwork net = NetworkScorer.restore(network.value());
            List<Row> out = new ArrayList<>();
            List<CohortSample> batch = new ArrayList<>(batchSize);
            while (samples.hasNext()) {
                batch.add(samples.next());
                if (batch.size() == batchSize || !samples.hasNext()) {
                    List<VisitSequenceExample> examples = batch.stream().map(CohortExamples::toExample).toList();
                    if (targetTokens == null) {
                        double[] raw = NetworkScorer.scoreBatch(net, featuriser, examples);
                        List<SampleAttribution> attributions = gradients == null ? null
                                : gradients.attribute(net, examples);
                        for (int i = 0; i < raw.length; i++) {
                            double probability = recalibrator.apply(raw[i]);
                            List<ContributingCode> explained = attributions == null ? null
                                    : ContributingCode.top(attributions.get(i), examples.get(i), explaining.tokens(),
                                            explaining.descriptions().value(), gapFeature, explaining.topCodes());
                            out.add(row(taskName, model, versionName, batch.get(i), probability,
                                    bands.band(probability).code(), raw[i], null, null, explained));
                        }
                    } else {
                        List<float[]> outputs = NextVisitScorer.lastVisitOutputs(net, featuriser, examples);
                        for (int i = 0; i < outputs.size(); i++) {
                            float[] codes = outputs.get(i);
                            int[] top = RecallAtK.topIds(codes, topN);
                            List<String> predicted = new ArrayList<>(top.length);
                            List<Double> probabilities = new ArrayList<>(top.length);
                            for (int id : top) {
                                predicted.add(targetTokens.get(id));
                                probabilities.add((double) codes[id]);
                            }
                            out.add(row(taskName, model, versionName, batch.get(i), null, null, null,
                                    predicted, probabilities, null));
                        }
                    }
                    batch.clear();
                }
            }
            return out.iterator();
        }, Encoders.row(SCORES));
    }

    private static Row row(String task, String model, String version, CohortSample sample, Double probability,
                           String band, Double raw, List<String> codes, List<Double> codeProbabilities,
                           List<ContributingCode> explained) {
        return RowFactory.create(task, model, version, sample.getSampleId(), sample.getPatientKey(),
                sample.getIndexEncounterKey(), Timestamp.from(sample.getIndexTime()), probability, band, raw,
                seq(codes), seq(codeProbabilities),
                explained == null ? null : seq(explained.stream().map(ContributingCode::token).toList()),
                explained == null ? null : seq(explained.stream().map(ContributingCode::description).toList()),
                explained == null ? null : seq(explained.stream().map(ContributingCode::attribution).toList()),
                explained == null ? null : seq(explained.stream().map(ContributingCode::visitsBefore).toList()),
                explained == null ? null : seq(explained.stream().map(ContributingCode::daysBefore).toList()));
    }

    private static <T> Object seq(List<T> values) {
        return values == null ? null : JavaConverters.asScalaBuffer(values).toSeq();
    }

    private static Dataset<VisitSequence> readSequences(SparkSession spark, Warehouse warehouse) {
        String path = warehouse.table(Warehouse.VISIT_SEQUENCES);
        try {
            if (!new Path(path).getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(new Path(path))) {
                throw new BadInputException("no " + Warehouse.VISIT_SEQUENCES + " table at " + path
                        + " (run `longitude ingest` first)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for " + path, e);
        }
        return spark.read().parquet(path).as(Encoders.bean(VisitSequence.class));
    }
}
