package io.longitude.jobs.train;

import io.longitude.jobs.DistributedAuroc;
import io.longitude.jobs.NetworkScorer;
import io.longitude.models.config.NetworkConfig;
import io.longitude.models.data.SequenceFeaturiser;
import io.longitude.models.registry.ModelVersion;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;

import static io.longitude.models.registry.PredictionTable.LOGISTIC_BASELINE;
import static io.longitude.models.registry.PredictionTable.MODEL;
import static io.longitude.models.registry.PredictionTable.SAMPLE_ID;
import static io.longitude.models.registry.PredictionTable.SPLIT;
import static org.apache.spark.sql.functions.col;

/**
 * A binary task's version predictions: fits the logistic-regression baseline on the training split, writes the
 * network's and the baseline's score for every sample of every split, and saves the baseline in the version.
 */
final class BinaryPredictions {

    private final TrainConfig config;
    private final TrainingCohort cohort;
    private final NetworkConfig network;
    private final SequenceFeaturiser featuriser;

    BinaryPredictions(TrainConfig config, TrainingCohort cohort, NetworkConfig network, SequenceFeaturiser featuriser) {
        this.config = config;
        this.cohort = cohort;
        this.network = network;
        this.featuriser = featuriser;
    }

    /** Writes the predictions of both models and returns the baseline's validation AUROC. */
    double write(Broadcast<byte[]> bestNetwork, ModelVersion version) {
        LogisticBaseline baseline = new LogisticBaseline(config.baselineRegParam(), config.baselineMaxIter(),
                cohort.vocabulary().size());
        LogisticRegressionModel fitted = baseline.fit(cohort.train());
        Dataset<Row> networkScores = NetworkScorer.score(cohort.samples(), bestNetwork, featuriser, network.batchSize());
        cohort.predictionRows(networkScores, network.name(), version.name())
                .unionByName(cohort.predictionRows(baseline.score(fitted, cohort.samples()), LOGISTIC_BASELINE,
                        version.name()))
                .orderBy(MODEL, SAMPLE_ID)
                .write().mode(SaveMode.Overwrite).parquet(version.predictions());
        try {
            fitted.write().overwrite().save(version.baseline().toUri().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into " + version.dir(), e);
        }
        return DistributedAuroc.of(SparkSession.active().read().parquet(version.predictions())
                .filter(col(SPLIT).equalTo("validation").and(col(MODEL).equalTo(LOGISTIC_BASELINE))));
    }
}
