package io.longitude.jobs;

import io.longitude.jobs.testing.LocalSpark;
import io.longitude.models.evaluation.RecallAtK;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import scala.collection.JavaConverters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.longitude.models.registry.PredictionTable.PREDICTED_CODES;
import static io.longitude.models.registry.PredictionTable.SAMPLE_ID;
import static io.longitude.models.registry.PredictionTable.TRUE_CODES;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark expressions over prediction rows count what {@link RecallAtK} defines: rows cut from random scores
 * with many ties, true codes with repeats and empty next visits; per row and as a mean, for several k.
 */
@ExtendWith(LocalSpark.class)
class NextVisitRecallTest {

    private static final int CODES = 15;
    private static final int KEPT = 8;
    private static final StructType ROWS = new StructType()
            .add(SAMPLE_ID, DataTypes.StringType, false)
            .add(PREDICTED_CODES, DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add(TRUE_CODES, DataTypes.createArrayType(DataTypes.StringType, false), false);

    @Test
    void sparkHitsAndMeanRecallEqualTheJavaDefinition(SparkSession spark) {
        Random random = new Random(8);
        List<float[]> scores = new ArrayList<>();
        List<int[]> truths = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (int v = 0; v < 300; v++) {
            float[] s = new float[CODES];
            for (int c = 0; c < CODES; c++) {
                s[c] = random.nextInt(5) / 4f;
            }
            int[] truth = random.ints(random.nextInt(5), 0, CODES).toArray();
            scores.add(s);
            truths.add(truth);
            rows.add(RowFactory.create("v" + v, seq(tokens(RecallAtK.topIds(s, KEPT))), seq(tokens(truth))));
        }
        Dataset<Row> predictions = spark.createDataFrame(rows, ROWS);

        for (int k : new int[] {1, 3, KEPT}) {
            List<Row> hits = predictions.select(col(SAMPLE_ID), NextVisitRecall.hits(k), NextVisitRecall.trueCodes())
                    .orderBy(col(SAMPLE_ID)).collectAsList();
            double sum = 0;
            int visits = 0;
            for (Row r : hits) {
                int v = Integer.parseInt(r.getString(0).substring(1));
                List<String> ranked = tokens(RecallAtK.topIds(scores.get(v), KEPT));
                List<String> truth = tokens(truths.get(v));
                assertEquals(RecallAtK.hits(ranked, truth, k), r.getInt(1), "hits@" + k + " of visit " + v);
                assertEquals(RecallAtK.distinct(truth), r.getInt(2), "true codes of visit " + v);
                if (truth.isEmpty()) {
                    continue;
                }
                double recall = RecallAtK.of(scores.get(v), truths.get(v), k);
                assertEquals(recall, RecallAtK.recall(r.getInt(1), r.getInt(2)), 1e-12, "recall@" + k + " of visit " + v);
                sum += recall;
                visits++;
            }
            assertTrue(visits > 200 && visits < 300, "some next visits are empty: " + visits);
            assertEquals(sum / visits, NextVisitRecall.mean(predictions, k), 1e-12, "mean recall@" + k);
        }
    }

    private static List<String> tokens(int[] ids) {
        return Arrays.stream(ids).mapToObj(id -> "code|" + id).toList();
    }

    private static scala.collection.Seq<String> seq(List<String> values) {
        return JavaConverters.asScalaBuffer(new ArrayList<>(values)).toSeq();
    }
}
