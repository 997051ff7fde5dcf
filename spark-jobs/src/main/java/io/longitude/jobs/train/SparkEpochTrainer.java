package io.longitude.jobs.train;

import io.longitude.jobs.DistributedAuroc;
import io.longitude.jobs.NextVisitScorer;
import io.longitude.jobs.CohortExamples;
import io.longitude.jobs.NetworkScorer;
import io.longitude.cohort.CohortSample;
import io.longitude.config.InvalidConfigException;
import io.longitude.jobs.NextVisitRecall;
import io.longitude.models.config.NetworkConfig;
import io.longitude.models.data.SequenceFeaturiser;
import io.longitude.models.registry.ModelVersion;
import io.longitude.models.train.EpochTrainer;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * The epochs of the {@link io.longitude.models.train.TrainingLoop} on Spark, with DL4J's parameter averaging: the
 * training split is featurised into minibatches on the executors (with the export approach once, before the first
 * epoch, written as DataSet files whose order each epoch shuffles; with the direct approach each epoch, in a new
 * seeded order) and fitted by {@link SparkDl4jMultiLayer}; the validation score — AUROC, or recall@k for
 * next-visit models — is computed distributed. Closing it deletes the exported minibatches.
 */
final class SparkEpochTrainer implements EpochTrainer, AutoCloseable {

    private final JavaSparkContext jsc;
    private final TrainConfig config;
    private final NetworkConfig network;
    private final SequenceFeaturiser featuriser;
    private final TrainingCohort cohort;
    private final ModelVersion version;
    private final int workers;
    private final int featurisingPartitions;
    private final RDDTrainingApproach approach;
    private final long trainingSequences;
    private List<String> exported;

    SparkEpochTrainer(JavaSparkContext jsc, TrainConfig config, NetworkConfig network, SequenceFeaturiser featuriser,
                      TrainingCohort cohort, ModelVersion version) {
        this.jsc = jsc;
        this.config = config;
        this.network = network;
        this.featuriser = featuriser;
        this.cohort = cohort;
        this.version = version;
        this.workers = config.workers() > 0 ? config.workers() : jsc.defaultParallelism();
        this.featurisingPartitions = Math.max(workers, jsc.defaultParallelism());
        this.approach = approach(config.approach(), jsc);
        this.trainingSequences = cohort.train().count();
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

    /**
     * Export: the minibatches are featurised and written once, and each epoch fits them in a new order (the
     * epoch's training master splits the paths at random by its seed): featurising and writing them every epoch
     * cost as much as fitting them. A resumed run writes the same minibatches again.
     */
    @Override
    public void prepare() {
        if (approach == RDDTrainingApproach.Export) {
            deleteRecursively(exportDirectory());
            exported = minibatches(0)
                    .mapPartitionsWithIndex(new BatchAndExportDataSetsFunction(network.batchSize(), exportDirectory()),
                            false)
                    .collect();
        }
    }

    /**
     * A training master per epoch, seeded by the epoch: its data split and shuffles then depend only on the epoch,
     * so a run resumed from a checkpoint repeats exactly what an uninterrupted run does.
     */
    @Override
    public FittedEpoch fit(MultiLayerNetwork start, int epoch) {
        ParameterAveragingTrainingMaster master = trainingMaster(epoch);
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(jsc, start, master);
        MultiLayerNetwork fitted = exported != null
                ? sparkNet.fitPaths(jsc.parallelize(exported, featurisingPartitions))
                : sparkNet.fit(minibatches(epoch));
        master.deleteTempFiles(jsc);
        return new FittedEpoch(fitted, sparkNet.getScore(), trainingSequences);
    }

    @Override
    public double validate(MultiLayerNetwork candidate) {
        Dataset<CohortSample> validation = cohort.validation();
        Broadcast<byte[]> broadcast = jsc.broadcast(NetworkScorer.serialise(candidate));
        Broadcast<List<String>> tokens = cohort.nextVisit() ? jsc.broadcast(cohort.targetTokens()) : null;
        try {
            if (tokens != null) {
                return NextVisitRecall.mean(NextVisitScorer.score(validation, broadcast, featuriser,
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

    @Override
    public void close() {
        if (exported != null) {
            deleteRecursively(exportDirectory());
        }
    }

    /**
     * The training split featurised into minibatches in a seeded order: hashed into a fixed number of partitions
     * and sorted within them, not sorted globally (adaptive execution coalesced a small sorted cohort into one
     * partition, and one task then featurised every minibatch).
     */
    private JavaRDD<DataSet> minibatches(int epoch) {
        Column order = xxhash64(col("sampleId"), lit(network.seed()), lit(epoch));
        return cohort.train().repartition(featurisingPartitions, order)
                .sortWithinPartitions(order)
                .toJavaRDD()
                .mapPartitions(CohortExamples.minibatches(featuriser, network.batchSize()));
    }

    private String exportDirectory() {
        return version.scratch().resolve("minibatches").toUri().toString();
    }

    private void deleteRecursively(String directory) {
        try {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(directory);
            path.getFileSystem(jsc.hadoopConfiguration()).delete(path, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the exported minibatches in " + directory, e);
        }
    }

    private ParameterAveragingTrainingMaster trainingMaster(int epoch) {
        return new ParameterAveragingTrainingMaster.Builder(workers, network.batchSize())
                .batchSizePerWorker(network.batchSize())
                .averagingFrequency(config.averagingFrequency())
                .workerPrefetchNumBatches(2)
                .rddTrainingApproach(approach)
                .exportDirectory(version.scratch().resolve("epoch-" + epoch).toUri().toString())
                .saveUpdater(true)
                .rngSeed(network.seed() + epoch)
                .build();
    }
}
