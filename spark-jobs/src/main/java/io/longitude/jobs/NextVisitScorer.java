package io.longitude.jobs;

import io.longitude.cohort.CohortSample;
import io.longitude.models.data.SequenceFeaturiser;
import io.longitude.models.data.VisitSequenceExample;
import io.longitude.models.evaluation.RecallAtK;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import scala.collection.JavaConverters;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.longitude.models.registry.PredictionTable.PREDICTED_CODES;
import static io.longitude.models.registry.PredictionTable.PREDICTED_SCORES;
import static io.longitude.models.registry.PredictionTable.SAMPLE_ID;
import static io.longitude.models.registry.PredictionTable.STEP;
import static io.longitude.models.registry.PredictionTable.TRUE_CODES;

/**
 * Next-visit-dx predictions on the executors, in a compact form: one row per visit that has a next visit
 * (sample id, the visit's position in the sample, the top-N target codes by descending score with their
 * scores, and the codes the next visit really has). A vocabulary-sized score vector never leaves the
 * partition that computed it.
 */
public final class NextVisitScorer {

    public static final StructType PREDICTIONS = new StructType()
            .add(SAMPLE_ID, DataTypes.StringType, false)
            .add(STEP, DataTypes.IntegerType, false)
            .add(PREDICTED_CODES, DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add(PREDICTED_SCORES, DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add(TRUE_CODES, DataTypes.createArrayType(DataTypes.StringType, false), false);

    private NextVisitScorer() {
    }

    /** The network's top {@code topN} codes at every visit of every sample that has a next visit. */
    public static Dataset<Row> score(Dataset<CohortSample> samples, Broadcast<byte[]> network, SequenceFeaturiser featuriser,
                              int batchSize, int topN, Broadcast<List<String>> targetTokens) {
        return samples.mapPartitions((MapPartitionsFunction<CohortSample, Row>) rows -> {
            MultiLayerNetwork net;
            try (ByteArrayInputStream in = new ByteArrayInputStream(network.value())) {
                net = ModelSerializer.restoreMultiLayerNetwork(in, false);
            }
            List<String> tokens = targetTokens.value();
            List<Row> scored = new ArrayList<>();
            List<VisitSequenceExample> batch = new ArrayList<>(batchSize);
            while (rows.hasNext()) {
                batch.add(CohortExamples.toExample(rows.next()));
                if (batch.size() == batchSize || !rows.hasNext()) {
                    scoreBatch(net, featuriser, batch, topN, tokens, scored);
                    batch.clear();
                }
            }
            return scored.iterator();
        }, Encoders.row(PREDICTIONS));
    }

    private static void scoreBatch(MultiLayerNetwork net, SequenceFeaturiser featuriser, List<VisitSequenceExample> batch,
                                   int topN, List<String> tokens, List<Row> scored) {
        DataSet ds = featuriser.featurise(batch);
        INDArray out = net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
        int codes = (int) out.size(1);
        int steps = (int) out.size(2);
        float[] flat = out.dup('c').data().asFloat();
        float[] row = new float[codes];
        for (int i = 0; i < batch.size(); i++) {
            VisitSequenceExample e = batch.get(i);
            int length = featuriser.effectiveLength(e);
            int first = e.length() - length;
            for (int t = 0; t < length - 1; t++) {
                for (int c = 0; c < codes; c++) {
                    row[c] = flat[(i * codes + c) * steps + t];
                }
                int[] top = RecallAtK.topIds(row, topN);
                String[] predicted = new String[top.length];
                Double[] scores = new Double[top.length];
                for (int j = 0; j < top.length; j++) {
                    predicted[j] = tokens.get(top[j]);
                    scores[j] = (double) row[top[j]];
                }
                scored.add(row(e.id(), first + t, Arrays.asList(predicted), Arrays.asList(scores),
                        tokensOf(e.targets(first + t + 1), tokens)));
            }
        }
    }

    /** Each example's output (one probability per target code) at its last visit: the prediction for the visit to come. */
    public static List<float[]> lastVisitOutputs(MultiLayerNetwork net, SequenceFeaturiser featuriser,
                                                 List<VisitSequenceExample> batch) {
        DataSet ds = featuriser.featurise(batch);
        INDArray out = net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
        int codes = (int) out.size(1);
        int steps = (int) out.size(2);
        float[] flat = out.dup('c').data().asFloat();
        List<float[]> outputs = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            int last = featuriser.effectiveLength(batch.get(i)) - 1;
            float[] row = new float[codes];
            for (int c = 0; c < codes; c++) {
                row[c] = flat[(i * codes + c) * steps + last];
            }
            outputs.add(row);
        }
        return outputs;
    }

    /** A prediction row; Spark's row encoder wants Scala sequences for array columns. */
    public static Row row(String sampleId, int step, List<String> codes, List<Double> scores, List<String> trueCodes) {
        return RowFactory.create(sampleId, step, JavaConverters.asScalaBuffer(codes).toSeq(),
                JavaConverters.asScalaBuffer(scores).toSeq(), JavaConverters.asScalaBuffer(trueCodes).toSeq());
    }

    public static List<String> tokensOf(int[] ids, List<String> tokens) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            out.add(tokens.get(id));
        }
        return out;
    }
}
