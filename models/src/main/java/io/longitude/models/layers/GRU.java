package io.longitude.models.layers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.api.layers.LayerConstraint;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Configuration of a gated recurrent unit layer (Cho et al. 2014), for DL4J networks, which have none.
 *
 * <p>For input {@code x_t} and previous state {@code h_{t-1}}:
 * <pre>
 * r_t = gate(W_r x_t + U_r h_{t-1} + b_r)
 * z_t = gate(W_z x_t + U_z h_{t-1} + b_z)
 * n_t = act(W_n x_t + b_in + r_t * (U_n h_{t-1} + b_hn))
 * h_t = (1 - z_t) * n_t + z_t * h_{t-1}
 * </pre>
 * The reset gate is applied after the recurrent matrix product ("linear before reset"), as cuDNN and PyTorch
 * do, not to {@code h_{t-1}} before it as in the paper; it lets all three recurrent products be one matrix
 * multiply per step, and weights transfer to and from those libraries. {@code gate} defaults to sigmoid and
 * {@code act} to tanh. Parameters and gate order: see {@link GruParamInitializer}.
 *
 * <p>Masked time steps (feature mask 0) leave the state unchanged and output zeros, so a sequence gives the same
 * outputs whether or not it is padded. Supports {@code rnnTimeStep}, truncated BPTT, {@code Bidirectional} and
 * {@code LastTimeStep}. The implementation is {@link GruLayer}.
 */
public class GRU extends BaseRecurrentLayer {

    @JsonProperty
    private IActivation gateActivationFn = new ActivationSigmoid();

    @JsonProperty
    private double updateGateBiasInit;

    /** For JSON deserialisation; use {@link Builder}. */
    public GRU() {
    }

    private GRU(Builder builder) {
        super(builder);
        this.gateActivationFn = builder.gateActivationFn;
        this.updateGateBiasInit = builder.updateGateBiasInit;
        ScalarActivation.of(gateActivationFn);
        if (activationFn != null) {
            ScalarActivation.of(activationFn);
        }
        initializeConstraints(builder);
    }

    public IActivation getGateActivationFn() {
        return gateActivationFn;
    }

    public void setGateActivationFn(IActivation gateActivationFn) {
        this.gateActivationFn = gateActivationFn;
    }

    public double getUpdateGateBiasInit() {
        return updateGateBiasInit;
    }

    public void setUpdateGateBiasInit(double updateGateBiasInit) {
        this.updateGateBiasInit = updateGateBiasInit;
    }

    @Override
    protected void initializeConstraints(org.deeplearning4j.nn.conf.layers.Layer.Builder<?> builder) {
        super.initializeConstraints(builder);
        Builder b = (Builder) builder;
        addConstraints(b.getRecurrentConstraints(), GruParamInitializer.RECURRENT_WEIGHT_KEY);
        addConstraints(b.getInputWeightConstraints(), GruParamInitializer.INPUT_WEIGHT_KEY);
    }

    private void addConstraints(List<LayerConstraint> source, String paramKey) {
        if (source == null) {
            return;
        }
        if (constraints == null) {
            constraints = new ArrayList<>();
        }
        for (LayerConstraint c : source) {
            LayerConstraint copy = c.clone();
            copy.setParams(Collections.singleton(paramKey));
            constraints.add(copy);
        }
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("GRU", getLayerName(), layerIndex, getNIn(), getNOut());
        GruLayer layer = new GruLayer(conf, networkDataType);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return GruParamInitializer.getInstance();
    }

    /**
     * Per example and time step, the layer keeps its input ({@code nIn}), the gate pre-activations and their
     * recurrent parts (two of {@code 3h}) and the states ({@code h}), in training and in inference alike.
     */
    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType outputType = getOutputType(-1, inputType);
        long steps = ((InputType.InputTypeRecurrent) inputType).getTimeSeriesLength();
        steps = steps > 0 ? steps : 1;
        long numParams = initializer().numParams(this);
        long updaterStateSize = getIUpdater() == null ? 0 : getIUpdater().stateSize(numParams);
        long h = getNOut();
        long perExample = steps * (getNIn() + 7 * h) + h;
        return new LayerMemoryReport.Builder(getLayerName(), GRU.class, inputType, outputType)
                .standardMemory(numParams, updaterStateSize)
                .workingMemory(0, perExample, 0, perExample + steps * getNIn())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GRU) || !super.equals(o)) {
            return false;
        }
        GRU other = (GRU) o;
        return Objects.equals(gateActivationFn, other.gateActivationFn)
                && Double.compare(updateGateBiasInit, other.updateGateBiasInit) == 0;
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof GRU;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), gateActivationFn, updateGateBiasInit);
    }

    @Override
    public String toString() {
        return "GRU(gateActivationFn=" + gateActivationFn + ", updateGateBiasInit=" + updateGateBiasInit + ", "
                + super.toString() + ")";
    }

    /**
     * Builds a {@link GRU}; the same surface as DL4J's {@code LSTM.Builder}, with the update gate's initial bias
     * in place of the forget gate's. The candidate activation defaults to tanh (not the network-wide default,
     * sigmoid).
     */
    public static class Builder extends BaseRecurrentLayer.Builder<Builder> {

        private IActivation gateActivationFn = new ActivationSigmoid();
        private double updateGateBiasInit;

        public Builder() {
            this.activationFn = new ActivationTanH();
        }

        public Builder gateActivationFunction(String gateActivationFn) {
            return gateActivationFunction(Activation.fromString(gateActivationFn));
        }

        public Builder gateActivationFunction(Activation gateActivationFn) {
            return gateActivationFunction(gateActivationFn.getActivationFunction());
        }

        public Builder gateActivationFunction(IActivation gateActivationFn) {
            this.gateActivationFn = gateActivationFn;
            return this;
        }

        /**
         * Initial bias of the update gate {@code z} (default 0; {@code biasInit} sets the other biases). A
         * positive value, like LSTM's forget-gate bias of 1, makes each step keep more of the previous state at
         * the start of training, which helps gradients over long sequences.
         */
        public Builder updateGateBiasInit(double updateGateBiasInit) {
            this.updateGateBiasInit = updateGateBiasInit;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public GRU build() {
            return new GRU(this);
        }
    }
}
