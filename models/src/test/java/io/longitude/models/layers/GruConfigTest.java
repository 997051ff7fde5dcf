package io.longitude.models.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.List;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryUseMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** What the GRU configuration tells DL4J: output type, parameters and their initialisation, memory, regularisation. */
class GruConfigTest {

    private static final int N_IN = 40;
    private static final int HIDDEN = 50;

    private final GRU gru = new GRU.Builder().nIn(N_IN).nOut(HIDDEN).weightInit(WeightInit.XAVIER).biasInit(0.3)
            .updateGateBiasInit(1.5).l2(0.02).build();

    @Test
    void outputTypeIsRecurrentWithHiddenSize() {
        InputType out = gru.getOutputType(0, InputType.recurrent(N_IN, 17));
        assertEquals(InputType.recurrent(HIDDEN, 17), out);
    }

    @Test
    void parametersHaveTheDocumentedShapesAndInitialisation() {
        MultiLayerNetwork net = net();
        assertInstanceOf(GruLayer.class, net.getLayer(0));
        long expected = 3L * HIDDEN * (N_IN + HIDDEN) + 4L * HIDDEN;
        assertEquals(expected, net.getLayer(0).numParams());
        assertEquals(expected, gru.initializer().numParams(gru));

        INDArray w = net.getLayer(0).getParam(GruParamInitializer.INPUT_WEIGHT_KEY);
        INDArray rw = net.getLayer(0).getParam(GruParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray b = net.getLayer(0).getParam(GruParamInitializer.BIAS_KEY);
        assertArrayEquals(new long[] {N_IN, 3 * HIDDEN}, w.shape());
        assertArrayEquals(new long[] {HIDDEN, 3 * HIDDEN}, rw.shape());
        assertArrayEquals(new long[] {1, 4 * HIDDEN}, b.shape());
        // Xavier: standard deviation sqrt(2 / (fanIn + fanOut)).
        assertEquals(Math.sqrt(2.0 / (N_IN + 3 * HIDDEN)), w.stdNumber().doubleValue(), 0.01);
        assertEquals(Math.sqrt(2.0 / (HIDDEN + 3 * HIDDEN)), rw.stdNumber().doubleValue(), 0.01);
        INDArray updateGate = b.get(all(), interval(HIDDEN, 2 * HIDDEN));
        assertEquals(1.5, updateGate.minNumber().doubleValue(), 1e-7);
        assertEquals(1.5, updateGate.maxNumber().doubleValue(), 1e-7);
        for (int[] gate : new int[][] {{0, HIDDEN}, {2 * HIDDEN, 4 * HIDDEN}}) {
            INDArray other = b.get(all(), interval(gate[0], gate[1]));
            assertEquals(0.3, other.minNumber().doubleValue(), 1e-7);
            assertEquals(0.3, other.maxNumber().doubleValue(), 1e-7);
        }
    }

    @Test
    void l2AppliesToWeightsNotBiases() {
        assertEquals(List.of(new L2Regularization(0.02)),
                gru.getRegularizationByParam(GruParamInitializer.INPUT_WEIGHT_KEY));
        assertEquals(List.of(new L2Regularization(0.02)),
                gru.getRegularizationByParam(GruParamInitializer.RECURRENT_WEIGHT_KEY));
        assertEquals(List.of(), gru.getRegularizationByParam(GruParamInitializer.BIAS_KEY));
    }

    @Test
    void memoryReportScalesWithMinibatch() {
        MultiLayerNetwork net = net();
        GRU configured = (GRU) net.getLayerWiseConfigurations().getConf(0).getLayer();
        LayerMemoryReport report = configured.getMemoryReport(InputType.recurrent(N_IN, 30));
        long params = 4L * net.getLayer(0).numParams();
        long one = report.getTotalMemoryBytes(1, MemoryUseMode.TRAINING, CacheMode.NONE, DataType.FLOAT);
        long many = report.getTotalMemoryBytes(65, MemoryUseMode.TRAINING, CacheMode.NONE, DataType.FLOAT);
        assertTrue(one > params, "fixed memory includes the parameters");
        // Per example: input, two [3h] gate buffers and the states for each of 30 steps, in float.
        assertTrue(many - one >= 64L * 4 * 30 * (N_IN + 7 * HIDDEN), "working memory per example, got " + (many - one));
    }

    private MultiLayerNetwork net() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(9).dataType(DataType.FLOAT)
                .list()
                .layer(gru.clone())
                .layer(new RnnOutputLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).nOut(1).build())
                .setInputType(InputType.recurrent(N_IN))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
