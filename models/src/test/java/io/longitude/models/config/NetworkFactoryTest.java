package io.longitude.models.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longitude.models.SyntheticSequences;
import io.longitude.models.data.FeatureLayout;
import io.longitude.models.data.NumericNormaliser;
import io.longitude.models.data.SequenceFeaturiser;
import io.longitude.models.data.VisitSequenceExample;
import java.util.List;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.regularization.L2Regularization;

class NetworkFactoryTest {

    private static final FeatureLayout LAYOUT = SyntheticSequences.memoryLayout();

    private static NetworkConfig config(String body) {
        return NetworkConfig.parse("name = f\n" + body, "factory-test");
    }

    @Test
    void layersFollowTheConfig() {
        NetworkConfig c = config("""
                type = lstm
                layers = 2
                bidirectional = true
                hidden-size = 7
                embedding-size = 5
                head = last
                dropout = 0.25
                l2 = 0.001
                gradient-clip = 0.5
                """);
        MultiLayerConfiguration conf = NetworkFactory.configuration(c, LAYOUT);
        assertEquals(4, conf.getConfs().size());
        DenseLayer embedding = assertInstanceOf(DenseLayer.class, conf.getConf(0).getLayer());
        assertEquals(LAYOUT.inputSize(), embedding.getNIn());
        assertEquals(5, embedding.getNOut());
        assertInstanceOf(ActivationIdentity.class, embedding.getActivationFn());
        assertEquals(Boolean.FALSE, embedding.hasBias());
        Bidirectional first = assertInstanceOf(Bidirectional.class, conf.getConf(1).getLayer());
        LSTM firstForward = assertInstanceOf(LSTM.class, first.getFwd());
        assertEquals(5, firstForward.getNIn());
        assertEquals(7, firstForward.getNOut());
        assertEquals(0.75, ((Dropout) firstForward.getIDropout()).getP(), 1e-12, "DL4J takes the retain probability");
        L2Regularization l2 = assertInstanceOf(L2Regularization.class, firstForward.getRegularization().get(0));
        assertEquals(0.001, l2.getL2().valueAt(0, 0), 1e-12);
        assertEquals(GradientNormalization.ClipElementWiseAbsoluteValue, firstForward.getGradientNormalization());
        assertEquals(0.5, firstForward.getGradientNormalizationThreshold(), 1e-12);
        LastTimeStep last = assertInstanceOf(LastTimeStep.class, conf.getConf(2).getLayer());
        Bidirectional second = assertInstanceOf(Bidirectional.class, last.getUnderlying());
        assertEquals(14, ((LSTM) second.getFwd()).getNIn(), "stacked on both directions");
        OutputLayer out = assertInstanceOf(OutputLayer.class, conf.getConf(3).getLayer());
        assertEquals(1, out.getNOut());
        assertEquals(BackpropType.Standard, conf.getBackpropType());
    }

    @Test
    void meanHeadPoolsAndPerStepHeadUsesTruncatedBptt() {
        MultiLayerConfiguration mean = NetworkFactory.configuration(config("type = rnn\nhead = mean"), LAYOUT);
        assertInstanceOf(GlobalPoolingLayer.class, mean.getConf(2).getLayer());
        MultiLayerConfiguration perStep = NetworkFactory.configuration(
                config("type = gru\nhead = per-step\ntbptt-length = 25\nembedding-size = 0"), LAYOUT);
        assertEquals(2, perStep.getConfs().size(), "no embedding layer when embedding-size = 0");
        assertInstanceOf(RnnOutputLayer.class, perStep.getConf(1).getLayer());
        assertEquals(BackpropType.TruncatedBPTT, perStep.getBackpropType());
        assertEquals(25, perStep.getTbpttFwdLength());
        assertEquals(25, perStep.getTbpttBackLength());
        assertNull(((BaseLayer) perStep.getConf(0).getLayer()).getIDropout(), "no dropout configured, none applied");
    }

    @Test
    void gruUpdateGatesStartOpenInEveryDirection() {
        MultiLayerNetwork net = NetworkFactory.create(config("type = gru\nbidirectional = true\nhidden-size = 4"), LAYOUT);
        for (String key : List.of("1_fb", "1_bb")) {
            INDArray bias = net.getParam(key);
            assertEquals(16, bias.length());
            assertEquals(4.0, bias.get(NDArrayIndex.all(), NDArrayIndex.interval(4, 8)).sumNumber().doubleValue(), 1e-6);
            assertEquals(0.0, bias.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4)).sumNumber().doubleValue(), 1e-6);
            assertEquals(0.0, bias.get(NDArrayIndex.all(), NDArrayIndex.interval(8, 16)).sumNumber().doubleValue(), 1e-6);
        }
    }

    /**
     * A sequence's prediction must not depend on how much padding its batch adds after it. Stacked
     * bidirectional LSTMs are left out: DL4J's mask does not reach the second Bidirectional(LSTM) layer
     * and zero padding then leaks ~3e-4 into a mean-pooled output (see {@link NetworkFactory}).
     */
    @ParameterizedTest(name = "{0} bidirectional={1} head={2} layers={3}")
    @CsvSource({
        "rnn, false, last, 2", "rnn, false, mean, 2", "rnn, false, per-step, 2",
        "lstm, false, last, 2", "lstm, false, mean, 2", "lstm, false, per-step, 2",
        "gru, false, last, 2", "gru, false, mean, 2", "gru, false, per-step, 2",
        "rnn, true, mean, 2", "lstm, true, last, 1", "lstm, true, mean, 1",
        "gru, true, last, 2", "gru, true, mean, 2", "gru, true, per-step, 2"})
    void predictionsDoNotDependOnPadding(String type, boolean bidirectional, String head, int layers) {
        NetworkConfig c = config("type = %s\nbidirectional = %s\nhead = %s\nhidden-size = 8\nembedding-size = 6\nlayers = %d"
                .formatted(type, bidirectional, head, layers));
        MultiLayerNetwork net = NetworkFactory.create(c, LAYOUT);
        List<VisitSequenceExample> examples = SyntheticSequences.memoryTask(40, 51);
        VisitSequenceExample shortest = examples.stream().min((a, b) -> a.length() - b.length()).orElseThrow();
        VisitSequenceExample longest = examples.stream().max((a, b) -> a.length() - b.length()).orElseThrow();
        assertTrue(longest.length() - shortest.length() >= 4);
        SequenceFeaturiser f = new SequenceFeaturiser(LAYOUT, c.labelLayout(), NumericNormaliser.fit(examples, 1), 0);
        INDArray alone = predictionFor(net, f.featurise(List.of(shortest)), 0, shortest.length());
        INDArray padded = predictionFor(net, f.featurise(List.of(longest, shortest)), 1, shortest.length());
        assertTrue(alone.sub(padded).amaxNumber().doubleValue() < 1e-6,
                "max difference " + alone.sub(padded).amaxNumber() + " alone " + alone + " padded " + padded);
    }

    private static INDArray predictionFor(MultiLayerNetwork net, DataSet ds, int row, int length) {
        INDArray out = net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
        if (out.rank() == 2) {
            return out.getRow(row).dup();
        }
        return out.get(NDArrayIndex.point(row), NDArrayIndex.all(), NDArrayIndex.interval(0, length)).dup();
    }

    @Test
    void outputBiasStartsAtTheLogOddsOfEachTargetsRate() {
        FeatureLayout layout = FeatureLayout.forNextVisit(List.of("a", "b"), List.of(), List.of("x", "y", "z"));
        MultiLayerNetwork net = NetworkFactory.create(config("""
                type = gru
                task = next-visit
                head = per-step
                hidden-size = 4
                """), layout);
        NetworkFactory.setOutputBiasToPrior(net, new double[] {0.5, 0.1, 0.0});
        INDArray bias = net.getLayer(net.getnLayers() - 1).getParam("b");
        assertEquals(0.0, bias.getDouble(0), 1e-6);
        assertEquals(Math.log(0.1 / 0.9), bias.getDouble(1), 1e-6);
        assertEquals(Math.log(1e-4 / (1 - 1e-4)), bias.getDouble(2), 1e-5, "a rate of 0 is clipped");
        // With nothing in the input the output is the sigmoid of the bias alone (no embedding bias, zero state).
        INDArray out = net.output(org.nd4j.linalg.factory.Nd4j.zeros(1, layout.inputSize(), 1));
        assertEquals(0.1, out.getDouble(0, 1, 0), 0.05);
    }
}
