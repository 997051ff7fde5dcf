package io.longitude.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import java.util.List;
import java.util.stream.Stream;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * A sequence gives the same outputs alone as zero padded, with a mask, in a minibatch of longer sequences: for
 * our GRU and for DL4J's recurrent layers, each followed by a per-step output layer (double precision). Biases
 * are non-zero, as after training: with zero biases a zero-padded step leaves a zero state unchanged and the
 * test would pass without any masking.
 */
class PaddingInvarianceTest {

    private static final int N_IN = 5;
    private static final int HIDDEN = 6;
    private static final int SHORT = 4;
    private static final int LONG = 9;
    private static final double BIAS = 0.4;

    static Stream<Arguments> layers() {
        return Stream.of(
                Arguments.of("GRU", gru(), 1e-12),
                Arguments.of("bidirectional GRU", new Bidirectional(Bidirectional.Mode.CONCAT, gru()), 1e-12),
                Arguments.of("LSTM", lstm(), 1e-12),
                Arguments.of("SimpleRnn", new SimpleRnn.Builder().nIn(N_IN).nOut(HIDDEN)
                        .activation(Activation.TANH).biasInit(BIAS).build(), 1e-12),
                Arguments.of("bidirectional LSTM", new Bidirectional(Bidirectional.Mode.CONCAT, lstm()), 1e-12));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void paddedSequenceGivesTheSameOutputs(String name, Layer recurrent, double tolerance) {
        for (int layer = 1; layer <= 2; layer++) {
            assertEquals(0.0, realStepDifference(recurrent, layer), tolerance,
                    name + ": max abs difference on the real steps, layer " + layer);
        }
    }

    /** Max abs difference, on the real steps, of layer {@code layer}'s activations alone versus padded. */
    private static double realStepDifference(Layer recurrent, int layer) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(3).dataType(DataType.DOUBLE).biasInit(BIAS)
                .list()
                .layer(recurrent)
                .layer(new RnnOutputLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).nOut(3).build())
                .setInputType(InputType.recurrent(N_IN))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();

        INDArray batch = Sequences.features(21, N_IN, LONG, LONG, SHORT, LONG - 2);
        INDArray mask = Sequences.mask(LONG, LONG, SHORT, LONG - 2);
        INDArray alone = batch.get(interval(1, 2), all(), interval(0, SHORT)).dup();

        List<INDArray> expected = net.feedForward(alone, null, null);
        List<INDArray> padded = net.feedForward(batch, mask, null);

        return padded.get(layer).get(interval(1, 2), all(), interval(0, SHORT)).sub(expected.get(layer))
                .amaxNumber().doubleValue();
    }

    @Test
    void gruOutputsZerosOnPaddedSteps() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(4).dataType(DataType.DOUBLE)
                .list().layer(gru())
                .layer(new RnnOutputLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).nOut(3).build())
                .setInputType(InputType.recurrent(N_IN)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray gruOut = net.feedForward(Sequences.features(22, N_IN, LONG, LONG, SHORT),
                Sequences.mask(LONG, LONG, SHORT), null).get(1);
        assertEquals(0.0, gruOut.get(point(1), all(), interval(SHORT, LONG)).amaxNumber().doubleValue(), 0.0);
        assertTrue(gruOut.get(point(1), all(), interval(0, SHORT)).amaxNumber().doubleValue() > 0.0);
    }

    private static GRU gru() {
        return new GRU.Builder().nIn(N_IN).nOut(HIDDEN).biasInit(BIAS).build();
    }

    private static LSTM lstm() {
        return new LSTM.Builder().nIn(N_IN).nOut(HIDDEN).activation(Activation.TANH).biasInit(BIAS).build();
    }
}
