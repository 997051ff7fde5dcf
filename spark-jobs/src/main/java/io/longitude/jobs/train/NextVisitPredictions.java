package io.longitude.jobs.train;

import io.longitude.jobs.NextVisitScorer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.longitude.cohort.CohortSample;
import io.longitude.jobs.NextVisitRecall;
import io.longitude.models.baseline.MostFrequentCodesBaseline;
import io.longitude.models.config.NetworkConfig;
import io.longitude.models.data.SequenceFeaturiser;
import io.longitude.models.data.TargetRates;
import io.longitude.models.registry.ModelVersion;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static io.longitude.models.registry.PredictionTable.MODEL;
import static io.longitude.models.registry.PredictionTable.MOST_FREQUENT_BASELINE;
import static io.longitude.models.registry.PredictionTable.SAMPLE_ID;
import static io.longitude.models.registry.PredictionTable.SPLIT;
import static io.longitude.models.registry.PredictionTable.STEP;
import static org.apache.spark.sql.functions.col;

/**
 * next-visit-dx's version predictions: ranks the most frequent next-visit codes of the training split (the
 * baseline), writes the network's and the baseline's compact predictions (one row per visit with a next visit,
 * top codes only) for every split, and saves the baseline's ranking in the version.
 */
final class NextVisitPredictions {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final TrainConfig config;
    private final TrainingCohort cohort;
    private final NetworkConfig network;
    private final SequenceFeaturiser featuriser;
    private final TargetRates trainingRates;

    NextVisitPredictions(TrainConfig config, TrainingCohort cohort, NetworkConfig network,
                         SequenceFeaturiser featuriser, TargetRates trainingRates) {
        this.config = config;
        this.cohort = cohort;
        this.network = network;
        this.featuriser = featuriser;
        this.trainingRates = trainingRates;
    }

    /** Writes the predictions of both models and returns the baseline's validation recall@k (the network's k). */
    double write(Broadcast<byte[]> bestNetwork, ModelVersion version) {
        int predictedCodes = Math.max(config.nextVisitPredictedCodes(), network.recallK());
        List<String> targetTokens = cohort.targetTokens();
        MostFrequentCodesBaseline baseline = MostFrequentCodesBaseline.fit(trainingRates, targetTokens, predictedCodes);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkSession.active().sparkContext());
        Broadcast<List<String>> tokens = jsc.broadcast(targetTokens);
        Dataset<Row> networkRows = NextVisitScorer.score(cohort.samples(), bestNetwork, featuriser, network.batchSize(),
                predictedCodes, tokens);
        cohort.predictionRows(networkRows, network.name(), version.name())
                .unionByName(cohort.predictionRows(baselineRows(baseline, targetTokens), MOST_FREQUENT_BASELINE,
                        version.name()))
                .orderBy(MODEL, SAMPLE_ID, STEP)
                .write().mode(SaveMode.Overwrite).parquet(version.predictions());
        tokens.destroy();
        try {
            Files.createDirectories(version.baseline());
            JSON.writeValue(version.mostFrequentCodes().toFile(), baseline);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into " + version.dir(), e);
        }
        return NextVisitRecall.mean(SparkSession.active().read().parquet(version.predictions())
                .filter(col(SPLIT).equalTo("validation").and(col(MODEL).equalTo(MOST_FREQUENT_BASELINE))),
                network.recallK());
    }

    /** The baseline's prediction rows, on the same (sample, step) grid as {@link NextVisitScorer}'s. */
    private Dataset<Row> baselineRows(MostFrequentCodesBaseline baseline, List<String> targetTokens) {
        List<String> tokens = new ArrayList<>(targetTokens);
        List<String> ranked = baseline.codes();
        List<Double> scores = baseline.frequencies();
        int maxVisits = network.maxVisits();
        return cohort.samples().mapPartitions((MapPartitionsFunction<CohortSample, Row>) rows -> {
            List<Row> out = new ArrayList<>();
            while (rows.hasNext()) {
                CohortSample sample = rows.next();
                List<List<Integer>> targets = sample.getTargets();
                int n = targets.size();
                int first = maxVisits > 0 ? Math.max(0, n - maxVisits) : 0;
                for (int t = first; t < n - 1; t++) {
                    int[] truth = targets.get(t + 1).stream().mapToInt(Integer::intValue).toArray();
                    out.add(NextVisitScorer.row(sample.getSampleId(), t, ranked, scores,
                            NextVisitScorer.tokensOf(truth, tokens)));
                }
            }
            return out.iterator();
        }, Encoders.row(NextVisitScorer.PREDICTIONS));
    }
}
