package io.longitude.jobs.train;

import io.longitude.config.InvalidConfigException;
import io.longitude.cohort.CohortSample;
import io.longitude.models.config.NetworkConfig;
import io.longitude.models.data.SequenceFeaturiser;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.data.BatchAndExportDataSetsFunction;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Distributed training with DL4J's parameter averaging: the training split is featurised into minibatches on
 * the executors (with the export approach once, written as DataSet files whose order each epoch shuffles; with
 * the direct approach each epoch, in a new seeded order) and fitted by {@link SparkDl4jMultiLayer};
 * the validation score — AUROC, or recall@k for next-visit models — is computed distributed; every epoch
 * is checkpointed, and training stops early when the validation score has not improved for the model's
 * patience. The best epoch's network is returned.
 */
final class SparkNetworkTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(SparkNetworkTrainer.class);

    private final JavaSparkContext jsc;
    private final TrainConfig config;
    private final NetworkConfig network;
    private final SequenceFeaturiser featuriser;
    private final int workers;
    private final int featurisingPartitions;
    private final RDDTrainingApproach approach;
    private final List<String> targetTokens;

    /**
     * @param targetTokens the next-visit target vocabulary in id order; null for a binary model
     */
    SparkNetworkTrainer(JavaSparkContext jsc, TrainConfig config, NetworkConfig network, SequenceFeaturiser featuriser,
                        List<String> targetTokens) {
        this.jsc = jsc;
        this.config = config;
        this.network = network;
        this.featuriser = featuriser;
        this.targetTokens = targetTokens;
        this.workers = config.workers() > 0 ? config.workers() : jsc.defaultParallelism();
        this.featurisingPartitions = Math.max(workers, jsc.defaultParallelism());
        this.approach = approach(config.approach(), jsc);
    }

    /** DL4J refuses EXPORT on a cluster whose default file system is the local one (executors would not share it). */
    private static RDDTrainingApproach approach(TrainConfig.Approach configured, JavaSparkContext jsc) {
        boolean exportWorks = jsc.master().startsWith("local")
                || !jsc.hadoopConfiguration().get("fs.defaultFS", "file:///").startsWith("file:");
        return switch (configured) {
            case DIRECT -> RDDTrainingApproach.Direct;
            case EXPORT -> {
                if (!exportWorks) {
                    throw new InvalidConfigException("train.approach = export needs a shared default file system "
                            + "(HDFS) on a cluster; use auto or direct");
                }
                yield RDDTrainingApproach.Export;
            }
            case AUTO -> exportWorks ? RDDTrainingApproach.Export : RDDTrainingApproach.Direct;
        };
    }

    int workers() {
        return workers;
    }

    /** The early-stopping metric: "auroc", or "recall@k" with the model's k for next-visit models. */
    String metric() {
        return targetTokens == null ? "auroc" : "recall@" + network.recallK();
    }

    /** Trains from {@code start} (fresh or a checkpoint) and returns the best epoch's network. */
    Result train(Dataset<CohortSample> train, Dataset<CohortSample> validation, MultiLayerNetwork start,
                 TrainingProgress progress, Path versionDir) {
        EpochCheckpoints checkpoints = new EpochCheckpoints(versionDir);
        int epochs = config.epochsOverride() > 0 ? config.epochsOverride() : network.epochs();
        long trainCount = train.count();
        byte[] best = progress.epochsDone() > 0 && progress.bestEpoch > 0
                ? NetworkScorer.serialise(EpochCheckpoints.network(versionDir.resolve("checkpoints")
                        .resolve(String.format("epoch-%03d", progress.bestEpoch))))
                : null;
        MultiLayerNetwork current = start;
        long trainingStarted = System.nanoTime();
        progress.validationMetric = metric();
        int epochsThisRun = 0;
        String exportDirectory = versionDir.resolve("scratch").resolve("minibatches").toUri().toString();
        // Export: the minibatches are featurised and written once, and each epoch fits them in a new order (the
        // epoch's training master splits the paths at random by its seed): featurising and writing them every
        // epoch cost as much as fitting them. A resumed run writes the same minibatches again.
        long exportStarted = System.nanoTime();
        List<String> exported = approach == RDDTrainingApproach.Export ? exportMinibatches(train, exportDirectory) : null;
        progress.minibatchExportSeconds += (System.nanoTime() - exportStarted) / 1e9;
        try {
            while (progress.epochsDone < epochs && progress.epochsWithoutImprovement < network.earlyStoppingPatience()) {
                int epoch = progress.epochsDone + 1;
                long t0 = System.nanoTime();
                // A training master per epoch, seeded by the epoch: its data split and shuffles then depend only on
                // the epoch, so a run resumed from a checkpoint repeats exactly what an uninterrupted run does.
                ParameterAveragingTrainingMaster master = trainingMaster(epoch, versionDir);
                SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(jsc, current, master);
                MultiLayerNetwork fitted = exported != null
                        ? sparkNet.fitPaths(jsc.parallelize(exported, featurisingPartitions))
                        : sparkNet.fit(minibatches(train, epoch));
                master.deleteTempFiles(jsc);
                current = fitted;
                double seconds = (System.nanoTime() - t0) / 1e9;
                byte[] snapshot = NetworkScorer.serialise(fitted);
                double score = validationScore(validation, snapshot);

                TrainingProgress.Epoch record = new TrainingProgress.Epoch();
                record.epoch = epoch;
                record.trainLoss = sparkNet.getScore();
                record.validationMetric = metric();
                record.validationScore = score;
                record.seconds = seconds;
                record.sequencesPerSecond = trainCount / seconds;
                progress.history.add(record);
                progress.epochsDone = epoch;
                if (score > progress.bestValidationScore) {
                    progress.bestValidationScore = score;
                    progress.bestEpoch = epoch;
                    progress.epochsWithoutImprovement = 0;
                    best = snapshot;
                } else {
                    progress.epochsWithoutImprovement++;
                }
                checkpoints.save(fitted, progress);
                epochsThisRun++;
                double perEpoch = (System.nanoTime() - trainingStarted) / 1e9 / epochsThisRun;
                LOG.info("epoch {}/{}: loss {} validation {} {} ({} seq/s, {} s; ETA {} s){}", epoch, epochs,
                        String.format("%.4f", record.trainLoss), metric(), String.format("%.4f", score),
                        String.format("%.0f", record.sequencesPerSecond), String.format("%.1f", seconds),
                        String.format("%.0f", perEpoch * (epochs - epoch)),
                        progress.epochsWithoutImprovement >= network.earlyStoppingPatience() ? " — early stop" : "");
            }
        } finally {
            if (exported != null) {
                deleteRecursively(exportDirectory);
            }
        }
        return new Result(best != null ? best : NetworkScorer.serialise(current), progress);
    }

    /**
     * The training split featurised into minibatches in a seeded order: hashed into a fixed number of partitions
     * and sorted within them, not sorted globally (adaptive execution coalesced a small sorted cohort into one
     * partition, and one task then featurised every minibatch).
     */
    private JavaRDD<DataSet> minibatches(Dataset<CohortSample> train, int epoch) {
        Column order = xxhash64(col("sampleId"), lit(network.seed()), lit(epoch));
        return train.repartition(featurisingPartitions, order)
                .sortWithinPartitions(order)
                .toJavaRDD()
                .mapPartitions(CohortExamples.minibatches(featuriser, network.batchSize()));
    }

    /**
     * Writes the minibatches (in the order of epoch 0) as DataSet files under {@code directory} on the executors;
     * returns their paths (one per minibatch: the driver holds file names, never the data).
     */
    private List<String> exportMinibatches(Dataset<CohortSample> train, String directory) {
        deleteRecursively(directory);
        return minibatches(train, 0)
                .mapPartitionsWithIndex(new BatchAndExportDataSetsFunction(network.batchSize(), directory), false)
                .collect();
    }

    private void deleteRecursively(String directory) {
        try {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(directory);
            path.getFileSystem(jsc.hadoopConfiguration()).delete(path, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the exported minibatches in " + directory, e);
        }
    }

    private ParameterAveragingTrainingMaster trainingMaster(int epoch, Path versionDir) {
        return new ParameterAveragingTrainingMaster.Builder(workers, network.batchSize())
                .batchSizePerWorker(network.batchSize())
                .averagingFrequency(config.averagingFrequency())
                .workerPrefetchNumBatches(2)
                .rddTrainingApproach(approach)
                .exportDirectory(versionDir.resolve("scratch").resolve("epoch-" + epoch).toUri().toString())
                .saveUpdater(true)
                .rngSeed(network.seed() + epoch)
                .build();
    }

    private double validationScore(Dataset<CohortSample> validation, byte[] snapshot) {
        Broadcast<byte[]> broadcast = jsc.broadcast(snapshot);
        Broadcast<List<String>> tokens = targetTokens == null ? null : jsc.broadcast(targetTokens);
        try {
            if (tokens != null) {
                return NextVisitScorer.recallAtK(NextVisitScorer.score(validation, broadcast, featuriser,
                        network.batchSize(), network.recallK(), tokens), network.recallK());
            }
            Dataset<Row> scores = NetworkScorer.score(validation, broadcast, featuriser, network.batchSize());
            return DistributedAuroc.of(scores.join(validation.select(col("sampleId"), col("label")), "sampleId"));
        } finally {
            broadcast.destroy();
            if (tokens != null) {
                tokens.destroy();
            }
        }
    }

    record Result(byte[] bestNetwork, TrainingProgress progress) {
    }
}
