package io.longitude.jobs.train;

import io.longitude.jobs.NetworkScorer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.longitude.config.BadInputException;
import io.longitude.config.InvalidConfigException;
import io.longitude.models.config.NetworkConfig;
import io.longitude.models.config.NetworkFactory;
import io.longitude.models.data.SequenceFeaturiser;
import io.longitude.models.registry.ModelRegistry;
import io.longitude.models.registry.ModelVersion;
import io.longitude.models.registry.VersionSummary;
import io.longitude.models.saved.SavedModel;
import io.longitude.models.train.EpochCheckpoints;
import io.longitude.models.train.ResumeRefusedException;
import io.longitude.models.train.TrainingLoop;
import io.longitude.models.train.TrainingResult;
import io.longitude.warehouse.Warehouse;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static io.longitude.models.registry.PredictionTable.LABEL;
import static io.longitude.models.registry.PredictionTable.MODEL;
import static io.longitude.models.registry.PredictionTable.PATIENT_KEY;
import static io.longitude.models.registry.PredictionTable.SPLIT;
import static io.longitude.models.registry.PredictionTable.TRUE_CODES;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;

/**
 * Trains a network on a task's cohort with DL4J on Spark ({@link TrainingLoop} over {@link SparkEpochTrainer}),
 * and a baseline beside it on the same split (logistic regression on bag-of-codes for binary tasks; the most
 * frequent next-visit codes for next-visit-dx); writes the model version into the registry with both models'
 * predictions for every split, the training curve and the saved network, then publishes it as {@code latest}.
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
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        try (TrainingCohort cohort = TrainingCohort.read(spark, warehouse, config.task())) {
            NetworkConfig network = network(cohort.nextVisit());
            TrainingSplitStatistics statistics = TrainingSplitStatistics.of(cohort.train(), cohort.layout(),
                    network.maxVisits());
            SequenceFeaturiser featuriser = new SequenceFeaturiser(cohort.layout(), network.labelLayout(),
                    statistics.normaliser(), network.maxVisits());
            ModelRegistry registry = warehouse.modelRegistry();
            ModelVersion version = versionToTrain(registry, network);

            TrainingResult result;
            int workers;
            try (SparkEpochTrainer epochs = new SparkEpochTrainer(jsc, config, network, featuriser, cohort, version)) {
                workers = epochs.workers();
                LOG.info("training {} on {}: {} training / {} validation samples, {} codes, {} workers",
                        network.name(), config.task(), cohort.train().count(), cohort.validation().count(),
                        cohort.vocabulary().size(), workers);
                result = train(epochs, network, cohort, statistics, version);
            }
            double baselineScore = writePredictions(jsc, cohort, network, featuriser, statistics, result, version);
            long validationPatients = validationPatients(spark, version, network, cohort.nextVisit());
            saveVersion(version, network, featuriser, statistics, result, baselineScore, validationPatients);
            saveScoringInputs(version, cohort);
            registry.publish(version);

            TrainSummary summary = new TrainSummary(config.task(), network.name(), version.name(),
                    version.dir().toString(), workers, result.progress(), baselineScore, validationPatients,
                    (System.nanoTime() - started) / 1e9);
            // The scores themselves are printed by the caller, judged against evaluate.min-positive-patients.
            LOG.info("trained {} for {}: best epoch {} of {}, version {}", network.name(), config.task(),
                    result.bestEpoch(), result.progress().epochsDone, version.name());
            return summary;
        }
    }

    /** The network definition named by {@code --model}, refused when it does not fit the cohort's task. */
    private NetworkConfig network(boolean nextVisitCohort) {
        NetworkConfig network = config.network();
        NetworkConfig.Task needed = nextVisitCohort ? NetworkConfig.Task.NEXT_VISIT : NetworkConfig.Task.BINARY;
        if (network.task() != needed) {
            throw new InvalidConfigException("model " + network.name() + " is a " + label(network.task())
                    + " model; task " + config.task() + " needs a " + label(needed) + " one (task = " + label(needed)
                    + (nextVisitCohort ? ", e.g. seq2seq-gru" : "") + ")");
        }
        return network;
    }

    private static String label(NetworkConfig.Task task) {
        return task.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A new version, or with {@code --resume} the newest unfinished one. */
    private ModelVersion versionToTrain(ModelRegistry registry, NetworkConfig network) {
        if (!config.resume()) {
            return registry.newVersion(config.task(), network.name());
        }
        return registry.unfinished(config.task(), network.name()).orElseThrow(() -> new BadInputException(
                "--resume: no unfinished training of " + network.name() + " for " + config.task()));
    }

    private TrainingResult train(SparkEpochTrainer epochs, NetworkConfig network, TrainingCohort cohort,
                                 TrainingSplitStatistics statistics, ModelVersion version) {
        int maxEpochs = config.epochsOverride() > 0 ? config.epochsOverride() : network.epochs();
        TrainingLoop loop = new TrainingLoop(network, maxEpochs, new EpochCheckpoints(version.checkpoints()));
        try {
            return loop.run(epochs, () -> {
                MultiLayerNetwork fresh = NetworkFactory.create(network, cohort.layout());
                if (cohort.nextVisit()) {
                    NetworkFactory.setOutputBiasToPrior(fresh, statistics.targetRates().rates());
                }
                return fresh;
            }, statistics.trainingDataHash(), config.resume());
        } catch (ResumeRefusedException e) {
            throw new BadInputException("--resume: the checkpoint of " + network.name() + " for " + config.task()
                    + " was trained on another cohort or vocabulary (the cohort was rebuilt since); train without "
                    + "--resume");
        }
    }

    /** Writes both models' predictions for every split; returns the baseline's validation score. */
    private double writePredictions(JavaSparkContext jsc, TrainingCohort cohort, NetworkConfig network,
                                    SequenceFeaturiser featuriser, TrainingSplitStatistics statistics,
                                    TrainingResult result, ModelVersion version) {
        Broadcast<byte[]> best = jsc.broadcast(NetworkScorer.serialise(result.bestNetwork()));
        try {
            return cohort.nextVisit()
                    ? new NextVisitPredictions(config, cohort, network, featuriser, statistics.targetRates())
                            .write(best, version)
                    : new BinaryPredictions(config, cohort, network, featuriser).write(best, version);
        } finally {
            best.destroy();
        }
    }

    /** The patients the validation score rests on: positive ones (binary), those with a next visit (next-visit-dx). */
    private static long validationPatients(SparkSession spark, ModelVersion version, NetworkConfig network,
                                           boolean nextVisit) {
        return spark.read().parquet(version.predictions())
                .filter(col(SPLIT).equalTo("validation").and(col(MODEL).equalTo(network.name()))
                        .and(nextVisit ? size(col(TRUE_CODES)).gt(0) : col(LABEL).equalTo(1)))
                .select(PATIENT_KEY).distinct().count();
    }

    /**
     * What scoring needs besides the network and its sidecar: the vocabulary tokens in id order (the sidecar keeps
     * only their hash, and the next cohort run rewrites the cohort's table) with the value bins its value tokens were
     * made with, and the task definition.
     */
    private static void saveScoringInputs(ModelVersion version, TrainingCohort cohort) {
        Map<String, Object> vocabulary = new LinkedHashMap<>();
        vocabulary.put("tokens", cohort.vocabulary());
        vocabulary.put("targetTokens", cohort.targetTokens());
        try {
            vocabulary.put("valueBins", JSON.readTree(cohort.valueBins().toJson()));
            JSON.writeValue(version.vocabulary().toFile(), vocabulary);
            if (cohort.taskDefinition() != null) {
                Files.writeString(version.taskDefinition(), cohort.taskDefinition() + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into " + version.dir(), e);
        }
    }

    /** The saved network with its sidecar (featuriser, data hash, metrics) and the training curve. */
    private static void saveVersion(ModelVersion version, NetworkConfig network, SequenceFeaturiser featuriser,
                                    TrainingSplitStatistics statistics, TrainingResult result, double baselineScore,
                                    long validationPatients) {
        String metricKey = result.metricName().replace("@", "_at_");
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("validation_" + metricKey, result.bestMetric());
        metrics.put("baseline_validation_" + metricKey, baselineScore);
        metrics.put("best_epoch", (double) result.bestEpoch());
        metrics.put(VersionSummary.VALIDATION_PATIENTS, (double) validationPatients);
        SavedModel.save(version.model(), result.bestNetwork(), network, featuriser, statistics.trainingDataHash(),
                metrics);
        try {
            JSON.writeValue(version.trainingHistory().toFile(), result.progress().history);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into " + version.dir(), e);
        }
    }
}
