package io.longitude.jobs;

import io.longitude.cohort.CohortSample;
import io.longitude.models.data.LabelLayout;
import io.longitude.models.data.SequenceFeaturiser;
import io.longitude.models.data.VisitSequenceExample;
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

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static io.longitude.models.registry.PredictionTable.SAMPLE_ID;
import static io.longitude.models.registry.PredictionTable.SCORE;

/**
 * Scores cohort samples with a network on the executors: the network travels once per executor as a
 * broadcast ModelSerializer zip and is rebuilt once per partition; only (sampleId, score) rows come back.
 */
public final class NetworkScorer {

    public static final StructType SCORES = new StructType()
            .add(SAMPLE_ID, DataTypes.StringType, false)
            .add(SCORE, DataTypes.DoubleType, false);

    private NetworkScorer() {
    }

    public static byte[] serialise(MultiLayerNetwork network) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ModelSerializer.writeModel(network, out, false);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the network", e);
        }
    }

    public static Dataset<Row> score(Dataset<CohortSample> samples, Broadcast<byte[]> network, SequenceFeaturiser featuriser,
                              int batchSize) {
        return samples.mapPartitions((MapPartitionsFunction<CohortSample, Row>) rows -> {
            MultiLayerNetwork net = restore(network.value());
            List<Row> scored = new ArrayList<>();
            List<VisitSequenceExample> batch = new ArrayList<>(batchSize);
            while (rows.hasNext()) {
                batch.add(CohortExamples.toExample(rows.next()));
                if (batch.size() == batchSize || !rows.hasNext()) {
                    double[] scores = scoreBatch(net, featuriser, batch);
                    for (int i = 0; i < scores.length; i++) {
                        scored.add(RowFactory.create(batch.get(i).id(), scores[i]));
                    }
                    batch.clear();
                }
            }
            return scored.iterator();
        }, Encoders.row(SCORES));
    }

    /** A network from its ModelSerializer zip (what {@link #serialise} or a saved version's network file holds). */
    public static MultiLayerNetwork restore(byte[] zip) throws IOException {
        try (ByteArrayInputStream in = new ByteArrayInputStream(zip)) {
            return ModelSerializer.restoreMultiLayerNetwork(in, false);
        }
    }

    /** The network's output for each example of a batch, at its last visit. */
    public static double[] scoreBatch(MultiLayerNetwork net, SequenceFeaturiser featuriser,
                                      List<VisitSequenceExample> batch) {
        DataSet ds = featuriser.featurise(batch);
        INDArray out = net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
        double[] scores = new double[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            double score;
            if (featuriser.labelLayout() == LabelLayout.SEQUENCE) {
                score = out.getDouble(i, 0);
            } else {
                int last = featuriser.effectiveLength(batch.get(i)) - 1;
                score = out.getDouble(i, 0, last);
            }
            scores[i] = score;
        }
        return scores;
    }
}
