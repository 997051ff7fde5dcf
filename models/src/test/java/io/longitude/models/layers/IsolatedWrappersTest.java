package io.longitude.models.layers;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/**
 * Cloning a configuration (what every SparkDl4jMultiLayer worker does) gives wrapped layers of their own,
 * so parallel workers never share a Dropout object; with DL4J's own wrappers they do.
 */
class IsolatedWrappersTest {

    private static MultiLayerConfiguration configuration() {
        return new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new IsolatedLastTimeStep(new IsolatedBidirectional(Bidirectional.Mode.CONCAT,
                        new GRU.Builder().nOut(4).dropOut(0.8).build())))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(1).activation(Activation.SIGMOID).build())
                .setInputType(InputType.recurrent(3))
                .build();
    }

    private static GRU forward(MultiLayerConfiguration conf) {
        LastTimeStep last = assertInstanceOf(LastTimeStep.class, conf.getConf(0).getLayer());
        Bidirectional bidirectional = assertInstanceOf(Bidirectional.class, last.getUnderlying());
        return assertInstanceOf(GRU.class, bidirectional.getFwd());
    }

    @Test
    void aClonedConfigurationOwnsItsWrappedLayersAndTheirDropout() {
        MultiLayerConfiguration original = configuration();
        MultiLayerConfiguration copy = original.clone();
        Layer wrapped = ((LastTimeStep) copy.getConf(0).getLayer()).getUnderlying();
        assertNotSame(((LastTimeStep) original.getConf(0).getLayer()).getUnderlying(), wrapped);
        assertNotSame(forward(original), forward(copy));
        assertNotNull(forward(copy).getIDropout());
        assertNotSame(forward(original).getIDropout(), forward(copy).getIDropout());
        assertNotSame(((Bidirectional) wrapped).getBwd(),
                ((Bidirectional) ((LastTimeStep) original.getConf(0).getLayer()).getUnderlying()).getBwd());
    }

    @Test
    void theWrappersSurviveJsonLikeDl4jsOwn() {
        MultiLayerConfiguration original = configuration();
        MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(original.toJson());
        assertInstanceOf(IsolatedLastTimeStep.class, restored.getConf(0).getLayer());
        assertInstanceOf(IsolatedBidirectional.class, ((LastTimeStep) restored.getConf(0).getLayer()).getUnderlying());
        assertNotNull(forward(restored).getIDropout());
    }
}
