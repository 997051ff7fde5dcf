package io.longitude.jobs.run;

import io.longitude.cohort.CohortSample;
import io.longitude.cohort.SampleVisit;
import io.longitude.cohort.Vocabulary;
import io.longitude.config.BadInputException;
import io.longitude.jobs.CohortExamples;
import io.longitude.jobs.NetworkScorer;
import io.longitude.models.data.SequenceFeaturiser;
import io.longitude.models.data.VisitSequenceExample;
import io.longitude.models.evaluation.RankedScores;
import io.longitude.models.registry.ModelRegistry;
import io.longitude.models.registry.ModelVersion;
import io.longitude.scoring.ScoringVersion;
import io.longitude.warehouse.Warehouse;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;

/**
 * {@code run.promotion}: a version trained by the run replaces the promoted one only if its test AUROC is not more
 * than {@code max-auroc-drop} below the promoted version's on the same (new) test split. The promoted version scores
 * the new cohort's test samples with its own vocabulary (codes mapped back to tokens and through it), normaliser and
 * network, on the executors; only (score, label) pairs of the test split reach the driver for the AUROC.
 */
public final class PromotionGate {

    static final String PROMOTED_BY = "longitude run";
    private static final StructType SCORED = new StructType()
            .add("score", DataTypes.DoubleType, false).add("label", DataTypes.IntegerType, false);

    /**
     * @param promoted      whether the new version now scores
     * @param scoredBy      the version that scores after the decision
     * @param promotedAuroc the previously promoted version's test AUROC on the new split; null when not compared
     */
    public record Decision(boolean promoted, String scoredBy, String reason, Double promotedAuroc) {
    }

    private final double maxAurocDrop;

    public PromotionGate(double maxAurocDrop) {
        this.maxAurocDrop = maxAurocDrop;
    }

    /** Decides for a binary task's new version whose test AUROC evaluate measured, and promotes it when it passes. */
    public Decision decide(SparkSession spark, Warehouse warehouse, String task, String model, String newVersion,
                    double newAuroc) {
        ModelRegistry registry = warehouse.modelRegistry();
        Optional<ModelVersion> current = registry.promoted(task, model);
        if (current.isEmpty() || current.get().name().equals(newVersion)) {
            return new Decision(true, newVersion, "first trained version, promoted automatically", null);
        }
        String previous = current.get().name();
        ScoringVersion old;
        try {
            old = ScoringVersion.load(current.get(), "promoted version " + previous);
        } catch (BadInputException e) {
            return promote(registry, task, model, newVersion, previous, "the promoted version " + previous
                    + " cannot score (" + e.getMessage() + ")", null);
        }
        double oldAuroc = aurocOnTestSplit(spark, warehouse, task, old);
        String figures = String.format("test AUROC %.3f against promoted %s's %.3f on the same test split", newAuroc,
                previous, oldAuroc);
        if (!Double.isFinite(newAuroc) || !Double.isFinite(oldAuroc)) {
            return new Decision(false, previous, "kept " + previous + ": " + figures + " cannot be compared", oldAuroc);
        }
        if (newAuroc < oldAuroc - maxAurocDrop) {
            return new Decision(false, previous, String.format("kept %s: %s, a drop of more than %.2f", previous,
                    figures, maxAurocDrop), oldAuroc);
        }
        return promote(registry, task, model, newVersion, previous, String.format("%s: %s, within %.2f", newVersion,
                figures, maxAurocDrop), oldAuroc);
    }

    private static Decision promote(ModelRegistry registry, String task, String model, String newVersion,
                                    String previous, String reason, Double oldAuroc) {
        registry.promote(task, model, newVersion, PROMOTED_BY, reason);
        return new Decision(true, newVersion, "promoted " + reason, oldAuroc);
    }

    private static double aurocOnTestSplit(SparkSession spark, Warehouse warehouse, String task, ScoringVersion old) {
        List<String> cohortTokens = spark.read().parquet(warehouse.cohortVocabulary(task)).orderBy("id")
                .select("token").as(Encoders.STRING()).collectAsList();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<List<String>> tokens = jsc.broadcast(cohortTokens);
        Broadcast<Vocabulary> vocabulary = jsc.broadcast(old.vocabulary());
        Broadcast<byte[]> network = jsc.broadcast(old.network());
        SequenceFeaturiser featuriser = old.featuriser();
        int batchSize = old.batchSize();
        List<Row> scored = spark.read().parquet(warehouse.cohortSamples(task)).as(Encoders.bean(CohortSample.class))
                .filter(col("split").equalTo("test"))
                .mapPartitions((MapPartitionsFunction<CohortSample, Row>) samples -> {
                    List<Row> out = new ArrayList<>();
                    if (!samples.hasNext()) {
                        return out.iterator();
                    }
                    MultiLayerNetwork net = NetworkScorer.restore(network.value());
                    List<CohortSample> batch = new ArrayList<>(batchSize);
                    while (samples.hasNext()) {
                        batch.add(remapped(samples.next(), tokens.value(), vocabulary.value()));
                        if (batch.size() == batchSize || !samples.hasNext()) {
                            List<VisitSequenceExample> examples = batch.stream().map(CohortExamples::toExample).toList();
                            double[] scores = NetworkScorer.scoreBatch(net, featuriser, examples);
                            for (int i = 0; i < scores.length; i++) {
                                out.add(RowFactory.create(scores[i], batch.get(i).getLabel()));
                            }
                            batch.clear();
                        }
                    }
                    return out.iterator();
                }, Encoders.row(SCORED)).collectAsList();
        tokens.destroy();
        vocabulary.destroy();
        network.destroy();
        double[] scores = new double[scored.size()];
        int[] labels = new int[scored.size()];
        for (int i = 0; i < scored.size(); i++) {
            scores[i] = scored.get(i).getDouble(0);
            labels[i] = scored.get(i).getInt(1);
        }
        return scores.length == 0 ? Double.NaN : RankedScores.auroc(scores, labels);
    }

    /** A sample of the new cohort with its codes in another vocabulary: id → token → that vocabulary's id. */
    private static CohortSample remapped(CohortSample sample, List<String> tokens, Vocabulary vocabulary) {
        for (SampleVisit visit : sample.getVisits()) {
            TreeSet<Integer> ids = new TreeSet<>();
            for (int id : visit.getCodes()) {
                int mapped = vocabulary.id(tokens.get(id));
                if (mapped >= 0) {
                    ids.add(mapped);
                }
            }
            visit.setCodes(List.copyOf(ids));
        }
        return sample;
    }
}
