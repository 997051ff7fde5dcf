package io.longitude.jobs.train;

import io.longitude.models.registry.ModelRegistry;
import io.longitude.models.registry.ModelVersion;
import io.longitude.models.registry.VersionSummary;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.longitude.config.BadInputException;
import io.longitude.config.InvalidConfigException;
import io.longitude.jobs.CohortMetadataFiles;
import io.longitude.jobs.HadoopFiles;
import io.longitude.warehouse.Warehouse;
import io.longitude.cohort.CohortSample;
import io.longitude.cohort.VisitTokeniser;
import io.longitude.models.config.NetworkConfig;
import io.longitude.models.config.NetworkFactory;
import io.longitude.models.data.FeatureLayout;
import io.longitude.models.data.NumericNormaliser;
import io.longitude.models.data.SequenceFeaturiser;
import io.longitude.models.saved.SavedModel;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Trains a network on a task's cohort with DL4J on Spark, and a baseline beside it on the same split
 * (logistic regression on bag-of-codes for binary tasks; the most frequent next-visit codes for
 * next-visit-dx, as the cohort's metadata says); writes the model version into the
 * registry with its predictions for every split (both models), training curve and sidecar, then
 * publishes it as {@code latest}.
 */
public final class TrainJob {

    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final TrainConfig config;

    public TrainJob(TrainConfig config) {
        this.config = config;
    }

    public TrainSummary run(SparkSession spark) {
        long started = System.nanoTime();
        Warehouse warehouse = new Warehouse(config.warehouse());
        if (!cohortExists(spark, warehouse.cohortSamples(config.task()))) {
            throw new BadInputException("no cohort for task '" + config.task() + "' in " + warehouse.root()
                    + ": run `scripts/longitude cohort --task " + config.task() + "` first");
        }
        boolean nextVisit = !CohortMetadataFiles.read(spark.sparkContext().hadoopConfiguration(), warehouse, config.task())
                .kind().binary();
        NetworkConfig network = loadNetwork(nextVisit);
        Dataset<CohortSample> samples = spark.read().parquet(warehouse.cohortSamples(config.task()))
                .as(Encoders.bean(CohortSample.class));
        Dataset<CohortSample> train = samples.filter(col("split").equalTo("train")).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<CohortSample> validation = samples.filter(col("split").equalTo("validation")).persist(StorageLevel.MEMORY_AND_DISK());

        List<String> vocabulary = tokens(spark, warehouse.cohortVocabulary(config.task()));
        List<String> targetTokens = nextVisit ? tokens(spark, warehouse.cohortTargetVocabulary(config.task())) : null;
        FeatureLayout layout = nextVisit
                ? FeatureLayout.forNextVisit(vocabulary, VisitTokeniser.NUMERIC_FEATURES, targetTokens)
                : FeatureLayout.forSequenceLabels(vocabulary, VisitTokeniser.NUMERIC_FEATURES);
        SequenceFeaturiser featuriser = new SequenceFeaturiser(layout, network.labelLayout(),
                fitNormaliser(train, layout.numericCount()), network.maxVisits());
        String dataHash = trainingDataHash(train, layout);

        ModelRegistry registry = warehouse.modelRegistry();
        ModelVersion version = config.resume()
                ? registry.unfinished(config.task(), network.name()).orElseThrow(() -> new BadInputException(
                        "--resume: no unfinished training of " + network.name() + " for " + config.task()))
                : registry.newVersion(config.task(), network.name());
        MultiLayerNetwork start = NetworkFactory.create(network, layout);
        MostFrequentCodesBaseline.NextVisitRates nextVisitRates = nextVisit
                ? MostFrequentCodesBaseline.rates(train, network.maxVisits(), targetTokens.size()) : null;
        if (nextVisit) {
            NetworkFactory.setOutputBiasToPrior(start, nextVisitRates.rates());
        }
        TrainingProgress progress = new TrainingProgress();
        progress.trainingDataHash = dataHash;
        var checkpoint = new EpochCheckpoints(version.dir()).latest();
        if (config.resume() && checkpoint.isPresent()) {
            progress = EpochCheckpoints.progress(checkpoint.get());
            if (progress.trainingDataHash != null && !progress.trainingDataHash.equals(dataHash)) {
                throw new BadInputException("--resume: the checkpoint of " + network.name() + " for " + config.task()
                        + " was trained on another cohort or vocabulary (the cohort was rebuilt since); train without --resume");
            }
            progress.trainingDataHash = dataHash;
            start = EpochCheckpoints.network(checkpoint.get());
            LOG.info("resuming {} for {} after epoch {}", network.name(), config.task(), progress.epochsDone());
        }

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SparkNetworkTrainer trainer = new SparkNetworkTrainer(jsc, config, network, featuriser, targetTokens);
        LOG.info("training {} on {}: {} training / {} validation samples, {} codes, {} workers", network.name(),
                config.task(), train.count(), validation.count(), vocabulary.size(), trainer.workers());
        SparkNetworkTrainer.Result result = trainer.train(train, validation, start, progress, version.dir());

        String versionName = version.name();
        String predictionsPath = version.predictions();
        Broadcast<byte[]> best = jsc.broadcast(result.bestNetwork());
        double baselineScore = nextVisit
                ? fitNextVisitBaselineAndWritePredictions(jsc, samples, nextVisitRates, best, featuriser, network,
                        targetTokens, versionName, predictionsPath, version)
                : fitBaselineAndWritePredictions(samples, train, best, featuriser, network, vocabulary.size(),
                        versionName, predictionsPath, version);
        best.destroy();

        String metric = result.progress().validationMetric;
        String metricKey = metric.replace("@", "_at_");
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("validation_" + metricKey, result.progress().bestValidationScore);
        metrics.put("baseline_validation_" + metricKey, baselineScore);
        metrics.put("best_epoch", (double) result.progress().bestEpoch);
        long validationPatients = validationPatients(predictionsPath, network.name(), nextVisit);
        metrics.put(VersionSummary.VALIDATION_PATIENTS, (double) validationPatients);
        SavedModel.save(version.dir(), restore(result.bestNetwork()), network, featuriser, dataHash, metrics);
        try {
            JSON.writeValue(version.trainingHistory().toFile(), result.progress().history);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into " + version.dir(), e);
        }
        registry.publish(version);
        train.unpersist();
        validation.unpersist();

        TrainSummary summary = new TrainSummary(config.task(), network.name(), versionName, version.dir().toString(),
                trainer.workers(), result.progress(), baselineScore, validationPatients, (System.nanoTime() - started) / 1e9);
        // The scores themselves are printed by the caller, judged against evaluate.min-positive-patients.
        LOG.info("trained {} for {}: best epoch {} of {}, version {}", network.name(), config.task(),
                result.progress().bestEpoch, result.progress().epochsDone, versionName);
        return summary;
    }

    /**
     * Fits the logistic-regression baseline, writes both models' scores for every split and returns the
     * baseline's validation AUROC.
     */
    private double fitBaselineAndWritePredictions(Dataset<CohortSample> samples, Dataset<CohortSample> train,
                                                  Broadcast<byte[]> best, SequenceFeaturiser featuriser,
                                                  NetworkConfig network, int vocabularySize, String versionName,
                                                  String predictionsPath, ModelVersion version) {
        BaselineTrainer baselineTrainer = new BaselineTrainer(config.baselineRegParam(), config.baselineMaxIter(),
                vocabularySize);
        LogisticRegressionModel baseline = baselineTrainer.fit(train);
        Dataset<Row> keys = samples.select(col("sampleId"), col("patientKey"), col("indexEncounterKey").as("encounterKey"),
                col("indexTime"), col("split"), col("label"), col("sex"), col("ageAtIndex"));
        Dataset<Row> predictions = keys.join(NetworkScorer.score(samples, best, featuriser, network.batchSize()), "sampleId")
                .withColumn("model", lit(network.name())).withColumn("modelVersion", lit(versionName))
                .unionByName(keys.join(baselineTrainer.score(baseline, samples), "sampleId")
                        .withColumn("model", lit(BaselineTrainer.NAME)).withColumn("modelVersion", lit(versionName)))
                .orderBy("model", "sampleId");
        predictions.write().mode(SaveMode.Overwrite).parquet(predictionsPath);
        try {
            baseline.write().overwrite().save(version.baseline().toUri().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into " + version.dir(), e);
        }
        Dataset<Row> written = SparkSession.active().read().parquet(predictionsPath).filter(col("split").equalTo("validation"));
        return DistributedAuroc.of(written.filter(col("model").equalTo(BaselineTrainer.NAME)));
    }

    /**
     * Fits the most-frequent-codes baseline, writes both models' compact next-visit predictions (one row per
     * visit with a next visit, top codes only) for every split and returns the baseline's validation recall@k.
     */
    private double fitNextVisitBaselineAndWritePredictions(JavaSparkContext jsc, Dataset<CohortSample> samples,
                                                           MostFrequentCodesBaseline.NextVisitRates rates,
                                                           Broadcast<byte[]> best, SequenceFeaturiser featuriser,
                                                           NetworkConfig network, List<String> targetTokens,
                                                           String versionName, String predictionsPath,
                                                           ModelVersion version) {
        int predictedCodes = Math.max(config.nextVisitPredictedCodes(), network.recallK());
        MostFrequentCodesBaseline baseline = MostFrequentCodesBaseline.fit(rates, targetTokens, predictedCodes);
        Broadcast<List<String>> tokens = jsc.broadcast(targetTokens);
        Dataset<Row> keys = samples.select(col("sampleId"), col("patientKey"), col("indexEncounterKey").as("encounterKey"),
                col("indexTime"), col("split"), col("sex"), col("ageAtIndex"));
        Dataset<Row> predictions = keys
                .join(NextVisitScorer.score(samples, best, featuriser, network.batchSize(), predictedCodes, tokens), "sampleId")
                .withColumn("model", lit(network.name())).withColumn("modelVersion", lit(versionName))
                .unionByName(keys.join(baseline.score(samples, network.maxVisits(), targetTokens), "sampleId")
                        .withColumn("model", lit(MostFrequentCodesBaseline.NAME)).withColumn("modelVersion", lit(versionName)))
                .orderBy("model", "sampleId", NextVisitScorer.STEP);
        predictions.write().mode(SaveMode.Overwrite).parquet(predictionsPath);
        tokens.destroy();
        try {
            Files.createDirectories(version.baseline());
            JSON.writeValue(version.mostFrequentCodes().toFile(), baseline);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into " + version.dir(), e);
        }
        Dataset<Row> written = SparkSession.active().read().parquet(predictionsPath)
                .filter(col("split").equalTo("validation").and(col("model").equalTo(MostFrequentCodesBaseline.NAME)));
        return NextVisitScorer.recallAtK(written, network.recallK());
    }

    /** The patients the validation score rests on: positive ones (binary), those with a next visit (next-visit-dx). */
    private static long validationPatients(String predictionsPath, String network, boolean nextVisit) {
        Dataset<Row> validation = SparkSession.active().read().parquet(predictionsPath)
                .filter(col("split").equalTo("validation").and(col("model").equalTo(network)));
        return validation.filter(nextVisit ? size(col(NextVisitScorer.TRUE_CODES)).gt(0) : col("label").equalTo(1))
                .select("patientKey").distinct().count();
    }

    private static List<String> tokens(SparkSession spark, String vocabularyPath) {
        return spark.read().parquet(vocabularyPath).orderBy("id").select("token").as(Encoders.STRING()).collectAsList();
    }

    /** The name the model's versions are registered under: its definition's {@code name}, not the file it came from. */
    public String modelName() {
        return readNetwork().name();
    }

    private NetworkConfig readNetwork() {
        try {
            java.nio.file.Path userModels = java.nio.file.Path.of("conf", "models");
            return NetworkConfig.load(config.model(), Files.isDirectory(userModels) ? userModels : null);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }

    private NetworkConfig loadNetwork(boolean nextVisitCohort) {
        NetworkConfig network = readNetwork();
        NetworkConfig.Task needed = nextVisitCohort ? NetworkConfig.Task.NEXT_VISIT : NetworkConfig.Task.BINARY;
        if (network.task() != needed) {
            throw new InvalidConfigException("model " + network.name() + " is a " + label(network.task())
                    + " model; task " + config.task() + " needs a " + label(needed) + " one (task = " + label(needed)
                    + (nextVisitCohort ? ", e.g. seq2seq-gru" : "") + ")");
        }
        return network;
    }

    private static String label(NetworkConfig.Task task) {
        return task.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Means and scales of the numeric visit features over the training split only, computed distributed. */
    private static NumericNormaliser fitNormaliser(Dataset<CohortSample> train, int width) {
        Dataset<Row> values = train.select(explode(col("visits")).as("visit"))
                .select(posexplode(col("visit.numeric")).as(new String[]{"feature", "value"}));
        List<Row> stats = values.groupBy("feature").agg(avg("value"), stddev_pop("value")).orderBy("feature").collectAsList();
        double[] means = new double[width];
        double[] scales = new double[width];
        java.util.Arrays.fill(scales, 1.0);
        for (Row r : stats) {
            int f = r.getInt(0);
            means[f] = r.isNullAt(1) ? 0 : r.getDouble(1);
            double sd = r.isNullAt(2) ? 0 : r.getDouble(2);
            scales[f] = sd > 1e-6 ? 1.0 / sd : 1.0;
        }
        return new NumericNormaliser(means, scales);
    }

    /**
     * An order-independent fingerprint of the training split (sample ids, labels or next-visit targets) and
     * its vocabulary. Null columns do not change the hash, so binary cohorts keep their earlier fingerprint.
     */
    private static String trainingDataHash(Dataset<CohortSample> train, FeatureLayout layout) {
        Row row = train.agg(sum(xxhash64(col("sampleId"), col("label"), col("targets"))).as("h")).first();
        long hash = row.isNullAt(0) ? 0 : row.getLong(0);
        return layout.vocabularyHash() + ":" + Long.toHexString(hash);
    }

    private static MultiLayerNetwork restore(byte[] network) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(network), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean cohortExists(SparkSession spark, String path) {
        try {
            return HadoopFiles.exists(spark.sparkContext().hadoopConfiguration(), path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for " + path, e);
        }
    }
}
