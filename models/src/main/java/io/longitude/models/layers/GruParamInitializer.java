package io.longitude.models.layers;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameters of a {@link GRU} layer with {@code nIn} inputs and {@code h} units, laid out in the flattened
 * parameter vector as {@code W}, {@code RW}, {@code b}:
 * <ul>
 * <li>{@code W} [nIn, 3h]: input weights, column blocks in gate order reset, update, candidate ({@code r|z|n});</li>
 * <li>{@code RW} [h, 3h]: recurrent weights, same gate order;</li>
 * <li>{@code b} [1, 4h]: {@code b_r | b_z | b_in | b_hn}. The reset and update gates need one bias each; the
 * candidate has an input bias and a recurrent bias (the latter is scaled by the reset gate), as in cuDNN.
 * Initialised to {@code biasInit}, except {@code b_z}: {@code updateGateBiasInit}.</li>
 * </ul>
 * Weights and recurrent weights are regularised, biases are not.
 */
public final class GruParamInitializer implements ParamInitializer {

    public static final String INPUT_WEIGHT_KEY = "W";
    public static final String RECURRENT_WEIGHT_KEY = "RW";
    public static final String BIAS_KEY = "b";

    private static final GruParamInitializer INSTANCE = new GruParamInitializer();
    private static final List<String> PARAM_KEYS = List.of(INPUT_WEIGHT_KEY, RECURRENT_WEIGHT_KEY, BIAS_KEY);
    private static final List<String> WEIGHT_KEYS = List.of(INPUT_WEIGHT_KEY, RECURRENT_WEIGHT_KEY);
    private static final List<String> BIAS_KEYS = Collections.singletonList(BIAS_KEY);

    private GruParamInitializer() {
    }

    public static GruParamInitializer getInstance() {
        return INSTANCE;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        GRU gru = (GRU) layer;
        long nIn = gru.getNIn();
        long h = gru.getNOut();
        return nIn * 3 * h + h * 3 * h + 4 * h;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return PARAM_KEYS;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return WEIGHT_KEYS;
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return BIAS_KEYS;
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WEIGHT_KEYS.contains(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BIAS_KEY.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        GRU gru = (GRU) conf.getLayer();
        Map<String, INDArray> params = split(gru, paramsView);
        // DL4J finds a layer's parameters (setParams, the updater) through the variables of its configuration.
        PARAM_KEYS.forEach(conf::addVariable);
        if (initializeParams) {
            long nIn = gru.getNIn();
            long h = gru.getNOut();
            IWeightInit inputInit = gru.getWeightInitFn();
            IWeightInit recurrentInit = gru.getWeightInitFnRecurrent() != null ? gru.getWeightInitFnRecurrent() : inputInit;
            INDArray w = params.get(INPUT_WEIGHT_KEY);
            INDArray rw = params.get(RECURRENT_WEIGHT_KEY);
            inputInit.init(nIn, 3 * h, w.shape(), IWeightInit.DEFAULT_WEIGHT_INIT_ORDER, w);
            recurrentInit.init(h, 3 * h, rw.shape(), IWeightInit.DEFAULT_WEIGHT_INIT_ORDER, rw);
            INDArray bias = params.get(BIAS_KEY);
            bias.assign(gru.getBiasInit());
            bias.get(NDArrayIndex.all(), NDArrayIndex.interval(h, 2 * h)).assign(gru.getUpdateGateBiasInit());
        }
        return params;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return split((GRU) conf.getLayer(), gradientView);
    }

    private Map<String, INDArray> split(GRU gru, INDArray flat) {
        long nIn = gru.getNIn();
        long h = gru.getNOut();
        long expected = numParams(gru);
        if (flat.length() != expected) {
            throw new IllegalStateException("GRU expects " + expected + " parameters (nIn=" + nIn + ", nOut=" + h
                    + "), got a view of length " + flat.length() + " " + Arrays.toString(flat.shape()));
        }
        INDArray vector = flat.reshape(flat.length());
        long wEnd = nIn * 3 * h;
        long rwEnd = wEnd + h * 3 * h;
        Map<String, INDArray> out = new LinkedHashMap<>();
        out.put(INPUT_WEIGHT_KEY, vector.get(NDArrayIndex.interval(0, wEnd)).reshape('f', nIn, 3 * h));
        out.put(RECURRENT_WEIGHT_KEY, vector.get(NDArrayIndex.interval(wEnd, rwEnd)).reshape('f', h, 3 * h));
        out.put(BIAS_KEY, vector.get(NDArrayIndex.interval(rwEnd, expected)).reshape(1, 4 * h));
        return out;
    }
}
