package io.longitude.models.config;

import io.longitude.models.data.FeatureLayout;
import io.longitude.models.layers.GRU;
import io.longitude.models.layers.IsolatedBidirectional;
import io.longitude.models.layers.IsolatedLastTimeStep;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the DL4J network a {@link NetworkConfig} describes for a given {@link FeatureLayout}:
 *
 * <pre>
 * input [batch, vocab + numeric, T]
 *   → embedding: dense, identity activation, no bias, applied per step (the "embedding bag" of
 *     Doctor AI / RETAIN; it projects the numeric features along with the multi-hot codes)
 *   → N recurrent layers (rnn | lstm | gru, optionally bidirectional, outputs concatenated)
 *   → head: last real step | masked mean over steps | per step
 *   → sigmoid output with binary cross-entropy: 1 unit (binary) or one per target code (next-visit)
 * </pre>
 *
 * The result is a {@link MultiLayerNetwork} so the Spark trainer can wrap it in
 * {@code SparkDl4jMultiLayer}.
 *
 * <p>Padding (zeros after the last real visit) does not change any prediction, with one exception
 * measured in DL4J 1.0.0-M2.1: in stacked bidirectional LSTMs the feature mask does not reach the
 * second {@code Bidirectional(LSTM)} layer, whose backward direction then starts on the padded steps
 * (difference ~3e-4 in a mean-pooled output). Length bucketing keeps that padding small; GRU and
 * single-layer bidirectional LSTM are exact.
 */
public final class NetworkFactory {

    private static final double GRU_UPDATE_GATE_BIAS = 1.0;

    private NetworkFactory() {
    }

    /**
     * The network's configuration; {@link #create} builds and initialises the network from it.
     */
    public static MultiLayerConfiguration configuration(NetworkConfig config, FeatureLayout layout) {
        if (config.task() == NetworkConfig.Task.NEXT_VISIT && layout.targetVocabularySize() == 0) {
            throw new IllegalArgumentException("model " + config.name()
                    + " predicts the next visit but the feature layout has no target vocabulary");
        }
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(config.learningRate()));
        if (config.l2() > 0) {
            base.l2(config.l2());
        }
        if (config.gradientClip() > 0) {
            base.gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                    .gradientNormalizationThreshold(config.gradientClip());
        }
        NeuralNetConfiguration.ListBuilder list = base.list();
        if (config.embeddingSize() > 0) {
            list.layer(new DenseLayer.Builder()
                    .nOut(config.embeddingSize())
                    .activation(Activation.IDENTITY)
                    .hasBias(false)
                    .build());
        }
        for (int i = 0; i < config.layers(); i++) {
            Layer layer = recurrentLayer(config);
            if (config.bidirectional()) {
                layer = new IsolatedBidirectional(Bidirectional.Mode.CONCAT, layer);
            }
            if (config.head() == NetworkConfig.Head.LAST && i == config.layers() - 1) {
                layer = new IsolatedLastTimeStep(layer);
            }
            list.layer(layer);
        }
        if (config.head() == NetworkConfig.Head.MEAN) {
            list.layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build());
        }
        int nOut = config.task() == NetworkConfig.Task.NEXT_VISIT ? layout.targetVocabularySize() : 1;
        BaseOutputLayer.Builder<?> output = config.head() == NetworkConfig.Head.PER_STEP
                ? new RnnOutputLayer.Builder(LossFunctions.LossFunction.XENT)
                : new OutputLayer.Builder(LossFunctions.LossFunction.XENT);
        output.nOut(nOut).activation(Activation.SIGMOID);
        applyDropout(output, config);
        list.layer(output.build());
        list.setInputType(InputType.recurrent(layout.inputSize()));
        if (config.tbpttLength() > 0) {
            list.backpropType(BackpropType.TruncatedBPTT)
                    .tBPTTForwardLength(config.tbpttLength())
                    .tBPTTBackwardLength(config.tbpttLength());
        }
        return list.build();
    }

    /** A freshly initialised network (parameters drawn from the config's seed). */
    public static MultiLayerNetwork create(NetworkConfig config, FeatureLayout layout) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(config, layout));
        net.init();
        return net;
    }

    /**
     * Sets the output layer's biases to the log-odds of each output's positive rate in the training data, so
     * that an untrained network already ranks outputs as their frequencies do. With hundreds of sparse
     * next-visit targets this matters: Adam moves every bias at about the same speed, so from a zero bias the
     * early updates push all outputs down alike and the ranking is left to weight noise for many epochs.
     * Rates are clipped to [1e-4, 1 - 1e-4].
     */
    public static void setOutputBiasToPrior(MultiLayerNetwork net, double[] positiveRates) {
        INDArray bias = net.getLayer(net.getnLayers() - 1).getParam("b");
        if (bias.length() != positiveRates.length) {
            throw new IllegalArgumentException("output layer has " + bias.length() + " units, got "
                    + positiveRates.length + " rates");
        }
        for (int i = 0; i < positiveRates.length; i++) {
            double p = Math.min(1 - 1e-4, Math.max(1e-4, positiveRates[i]));
            bias.putScalar(i, Math.log(p / (1 - p)));
        }
    }

    private static BaseRecurrentLayer recurrentLayer(NetworkConfig config) {
        BaseRecurrentLayer.Builder<?> builder = switch (config.type()) {
            case RNN -> new SimpleRnn.Builder().activation(Activation.TANH);
            case LSTM -> new LSTM.Builder().activation(Activation.TANH).gateActivationFunction(Activation.SIGMOID);
            // The counterpart of the forget-gate bias of 1 DL4J gives its LSTM: with the update-gate bias at 0
            // each step keeps only half of the state, the gradient over 15+ steps vanishes, and a GRU failed
            // to learn the 15–30-visit memory task in 4 epochs (it learns it in 3 with this bias).
            case GRU -> new GRU.Builder().activation(Activation.TANH).gateActivationFunction(Activation.SIGMOID)
                    .updateGateBiasInit(GRU_UPDATE_GATE_BIAS);
        };
        builder.nOut(config.hiddenSize());
        applyDropout(builder, config);
        return builder.build();
    }

    /**
     * DL4J's {@code dropOut} takes the probability of keeping an activation. Without dropout nothing is
     * set, so no random numbers are drawn in training.
     */
    private static void applyDropout(BaseLayer.Builder<?> builder, NetworkConfig config) {
        if (config.dropout() > 0) {
            builder.dropOut(1.0 - config.dropout());
        }
    }
}
