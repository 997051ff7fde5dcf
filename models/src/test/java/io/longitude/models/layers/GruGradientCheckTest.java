package io.longitude.models.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * DL4J's numerical gradient check (double precision, central differences) on networks built around the GRU,
 * with variable-length sequences and masks. Tolerances are those of DL4J's own recurrent gradient checks.
 */
class GruGradientCheckTest {

    private static final double EPSILON = 1e-6;
    private static final double MAX_REL_ERROR = 1e-3;
    private static final double MIN_ABS_ERROR = 1e-8;

    private static final int N_IN = 3;
    private static final int HIDDEN = 4;
    private static final int CLASSES = 2;
    private static final int STEPS = 5;
    private static final int[] LENGTHS = {5, 3, 1};

    private static DataType previousDefault;

    private final INDArray features = Sequences.features(11, N_IN, STEPS, LENGTHS);
    private final INDArray mask = Sequences.mask(STEPS, LENGTHS);

    @BeforeAll
    static void useDoublePrecision() {
        // GradientCheckUtil insists on the global default type, not only the network's.
        previousDefault = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restorePrecision() {
        Nd4j.setDefaultDataTypes(previousDefault, previousDefault);
    }

    @Test
    void gruAloneWithPerStepOutput() {
        MultiLayerNetwork net = net(new NeuralNetConfiguration.ListBuilder(base())
                .layer(gru(N_IN, HIDDEN))
                .layer(rnnSoftmax(HIDDEN)));
        check(net, Sequences.stepLabels(1, CLASSES, STEPS, LENGTHS), mask);
    }

    @Test
    void stackedGrus() {
        MultiLayerNetwork net = net(new NeuralNetConfiguration.ListBuilder(base())
                .layer(gru(N_IN, HIDDEN))
                .layer(gru(HIDDEN, 3))
                .layer(rnnSoftmax(3)));
        check(net, Sequences.stepLabels(2, CLASSES, STEPS, LENGTHS), mask);
    }

    @Test
    void bidirectionalGru() {
        MultiLayerNetwork net = net(new NeuralNetConfiguration.ListBuilder(base())
                .layer(new Bidirectional(Bidirectional.Mode.CONCAT, gru(N_IN, HIDDEN)))
                .layer(rnnSoftmax(2 * HIDDEN)));
        check(net, Sequences.stepLabels(3, CLASSES, STEPS, LENGTHS), mask);
    }

    @Test
    void lastTimeStepHead() {
        MultiLayerNetwork net = net(new NeuralNetConfiguration.ListBuilder(base())
                .layer(new LastTimeStep(gru(N_IN, HIDDEN)))
                .layer(softmax(HIDDEN)));
        check(net, Sequences.labels(4, CLASSES, LENGTHS.length), null);
    }

    @Test
    void bidirectionalLastTimeStepHead() {
        MultiLayerNetwork net = net(new NeuralNetConfiguration.ListBuilder(base())
                .layer(new LastTimeStep(new Bidirectional(Bidirectional.Mode.ADD, gru(N_IN, HIDDEN))))
                .layer(softmax(HIDDEN)));
        check(net, Sequences.labels(5, CLASSES, LENGTHS.length), null);
    }

    @Test
    void maskedMeanHead() {
        MultiLayerNetwork net = net(new NeuralNetConfiguration.ListBuilder(base())
                .layer(gru(N_IN, HIDDEN))
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(softmax(HIDDEN)));
        check(net, Sequences.labels(6, CLASSES, LENGTHS.length), null);
    }

    /** Next-step prediction style: multi-label sigmoid output, label mask on every real step but the last. */
    @Test
    void perStepSigmoidHeadWithLabelMask() {
        MultiLayerNetwork net = net(new NeuralNetConfiguration.ListBuilder(base())
                .layer(gru(N_IN, HIDDEN))
                .layer(new RnnOutputLayer.Builder(LossFunction.XENT).activation(Activation.SIGMOID)
                        .nIn(HIDDEN).nOut(3).build()));
        INDArray labels = Sequences.stepLabels(7, 3, STEPS, LENGTHS);
        check(net, labels, Sequences.mask(STEPS, 4, 2, 0));
    }

    @Test
    void otherActivationsAndL2() {
        MultiLayerNetwork net = net(new NeuralNetConfiguration.ListBuilder(base().l2(0.3))
                .layer(new GRU.Builder().nIn(N_IN).nOut(HIDDEN).activation(Activation.SOFTSIGN)
                        .gateActivationFunction(Activation.SIGMOID).build())
                .layer(rnnSoftmax(HIDDEN)));
        check(net, Sequences.stepLabels(8, CLASSES, STEPS, LENGTHS), mask);
    }

    private NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder()
                .seed(12345).dataType(DataType.DOUBLE).updater(new NoOp())
                .weightInit(new NormalDistribution(0, 1));
    }

    private static GRU gru(int nIn, int nOut) {
        return new GRU.Builder().nIn(nIn).nOut(nOut).activation(Activation.TANH)
                .gateActivationFunction(Activation.SIGMOID).biasInit(0.1).build();
    }

    private static RnnOutputLayer rnnSoftmax(int nIn) {
        return new RnnOutputLayer.Builder(LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .nIn(nIn).nOut(CLASSES).build();
    }

    private static OutputLayer softmax(int nIn) {
        return new OutputLayer.Builder(LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .nIn(nIn).nOut(CLASSES).build();
    }

    private static MultiLayerNetwork net(NeuralNetConfiguration.ListBuilder list) {
        // Without an input type DL4J leaves the output layer's RNN format unset after a wrapper layer.
        MultiLayerConfiguration conf = list.setInputType(InputType.recurrent(N_IN, STEPS)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private void check(MultiLayerNetwork net, INDArray labels, INDArray labelMask) {
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                .input(features).labels(labels).inputMask(mask).labelMask(labelMask)
                .epsilon(EPSILON).maxRelError(MAX_REL_ERROR).minAbsoluteError(MIN_ABS_ERROR)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false));
        assertTrue(ok, "gradient check failed, see the log for the failing parameters");
    }
}
