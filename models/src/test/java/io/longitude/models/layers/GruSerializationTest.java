package io.longitude.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationHardSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftSign;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * ModelSerializer round trips keep every GRU setting, the parameters, the updater state and the outputs, alone and
 * inside Bidirectional; DL4J's LSTM and SimpleRnn pass the same round trip.
 */
class GruSerializationTest {

    @TempDir
    Path dir;

    @Test
    void gruConfigAndOutputsSurviveSaveAndLoad() throws IOException {
        GRU gru = new GRU.Builder().nIn(5).nOut(7)
                .activation(Activation.SOFTSIGN).gateActivationFunction(Activation.HARDSIGMOID)
                .weightInit(WeightInit.LECUN_NORMAL).weightInitRecurrent(WeightInit.XAVIER_UNIFORM)
                .dropOut(0.8).l2(0.01).biasInit(0.25).updateGateBiasInit(1.25).dataFormat(RNNFormat.NCW)
                .build();
        MultiLayerNetwork loaded = roundTrip(net(gru, 7));

        GRU restored = (GRU) loaded.getLayerWiseConfigurations().getConf(0).getLayer();
        assertEquals(gru, restored);
        assertInstanceOf(ActivationSoftSign.class, restored.getActivationFn());
        assertInstanceOf(ActivationHardSigmoid.class, restored.getGateActivationFn());
        assertEquals(WeightInit.XAVIER_UNIFORM.getWeightInitFunction(), restored.getWeightInitFnRecurrent());
        assertEquals(new Dropout(0.8), restored.getIDropout());
        assertEquals(0.25, restored.getBiasInit());
        assertEquals(1.25, restored.getUpdateGateBiasInit());
        assertEquals(RNNFormat.NCW, restored.getRnnDataFormat());
        List<Regularization> weightReg = restored.getRegularizationByParam(GruParamInitializer.INPUT_WEIGHT_KEY);
        assertEquals(List.of(new L2Regularization(0.01)), weightReg);
        assertEquals(weightReg, restored.getRegularizationByParam(GruParamInitializer.RECURRENT_WEIGHT_KEY));
        assertEquals(List.of(), restored.getRegularizationByParam(GruParamInitializer.BIAS_KEY));
        assertInstanceOf(GruLayer.class, loaded.getLayer(0));
    }

    @Test
    void bidirectionalGruSurvivesSaveAndLoad() throws IOException {
        Bidirectional bi = new Bidirectional(Bidirectional.Mode.CONCAT,
                new GRU.Builder().nIn(5).nOut(6).gateActivationFunction(Activation.HARDSIGMOID).build());
        MultiLayerNetwork loaded = roundTrip(net(bi, 12));
        Bidirectional restored = (Bidirectional) loaded.getLayerWiseConfigurations().getConf(0).getLayer();
        assertEquals(bi.getFwd(), restored.getFwd());
        assertEquals(bi.getBwd(), restored.getBwd());
    }

    @Test
    void dl4jLstmAndSimpleRnnSurviveSaveAndLoad() throws IOException {
        roundTrip(net(new LSTM.Builder().nIn(5).nOut(6).activation(Activation.TANH).l2(0.01).dropOut(0.9).build(), 6));
        roundTrip(net(new SimpleRnn.Builder().nIn(5).nOut(6).activation(Activation.TANH).l2(0.01).build(), 6));
    }

    private MultiLayerNetwork roundTrip(MultiLayerNetwork net) throws IOException {
        INDArray x = Sequences.features(41, 5, 8, 8, 5, 3).castTo(DataType.FLOAT);
        INDArray mask = Sequences.mask(8, 8, 5, 3).castTo(DataType.FLOAT);
        INDArray before = net.output(x, false, mask, null);

        File file = dir.resolve("net.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork loaded = ModelSerializer.restoreMultiLayerNetwork(file, true);

        assertEquals(net.getLayerWiseConfigurations(), loaded.getLayerWiseConfigurations());
        assertEquals(net.params(), loaded.params());
        assertEquals(net.getUpdater().getStateViewArray(), loaded.getUpdater().getStateViewArray());
        assertEquals(0.0, loaded.output(x, false, mask, null).sub(before).amaxNumber().doubleValue(), 0.0);
        return loaded;
    }

    private static MultiLayerNetwork net(org.deeplearning4j.nn.conf.layers.Layer recurrent, int recurrentOut) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(5).updater(new Adam(0.01))
                .list()
                .layer(recurrent)
                .layer(new RnnOutputLayer.Builder(LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(recurrentOut).nOut(3).build())
                .setInputType(InputType.recurrent(5))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = Sequences.features(40, 5, 8, 8, 5, 3).castTo(DataType.FLOAT);
        INDArray y = Sequences.stepLabels(40, 3, 8, 8, 5, 3).castTo(DataType.FLOAT);
        net.fit(x, y);
        return net;
    }
}
