package io.longitude.models.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.iter.NdIndexIterator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The layer against a direct transcription of the GRU equations (plain loops over INDArray elements), on random
 * weights and biases: forward outputs, and every gradient against central finite differences of the reference.
 */
class GruReferenceEquivalenceTest {

    private static final int N_IN = 3;
    private static final int HIDDEN = 4;
    private static final int STEPS = 6;
    private static final int[] LENGTHS = {6, 4, 1};

    @Test
    void forwardMatchesReferenceWithAndWithoutMask() {
        Layer gru = gruLayer(Activation.TANH, Activation.SIGMOID);
        INDArray x = Sequences.features(7, N_IN, STEPS, LENGTHS);
        INDArray mask = Sequences.mask(STEPS, LENGTHS);
        Reference ref = new Reference(gru, ScalarActivation.TANH, ScalarActivation.SIGMOID);

        INDArray unmasked = gru.activate(x, false, LayerWorkspaceMgr.noWorkspaces());
        assertClose(ref.forward(x, null), unmasked, 1e-10);

        gru.setMaskArray(mask);
        INDArray masked = gru.activate(x, false, LayerWorkspaceMgr.noWorkspaces());
        assertClose(ref.forward(x, mask), masked, 1e-10);
        assertEquals(0.0, masked.get(point(1), all(), interval(4, STEPS)).amaxNumber().doubleValue(),
                "outputs at padded steps");
    }

    @Test
    void forwardMatchesReferenceWithOtherActivations() {
        Layer gru = gruLayer(Activation.SOFTSIGN, Activation.HARDSIGMOID);
        INDArray x = Sequences.features(8, N_IN, STEPS, LENGTHS);
        Reference ref = new Reference(gru, ScalarActivation.SOFTSIGN, ScalarActivation.HARD_SIGMOID);
        assertClose(ref.forward(x, null), gru.activate(x, false, LayerWorkspaceMgr.noWorkspaces()), 1e-10);
    }

    @Test
    void backwardMatchesFiniteDifferencesOfReference() {
        Layer gru = gruLayer(Activation.TANH, Activation.SIGMOID);
        INDArray x = Sequences.features(9, N_IN, STEPS, LENGTHS);
        INDArray mask = Sequences.mask(STEPS, LENGTHS);
        INDArray upstream = Nd4j.rand(DataType.DOUBLE, LENGTHS.length, HIDDEN, STEPS).subi(0.5);

        gru.setMaskArray(mask);
        gru.activate(x, true, LayerWorkspaceMgr.noWorkspaces());
        Pair<Gradient, INDArray> backprop = gru.backpropGradient(upstream, LayerWorkspaceMgr.noWorkspaces());

        Reference ref = new Reference(gru, ScalarActivation.TANH, ScalarActivation.SIGMOID);
        for (String key : new String[] {"W", "RW", "b"}) {
            INDArray param = gru.getParam(key);
            INDArray numeric = ref.numericGradient(param, x, mask, upstream);
            assertClose(numeric, backprop.getFirst().getGradientFor(key), 1e-7);
        }
        assertClose(ref.numericGradient(x, x, mask, upstream), backprop.getSecond(), 1e-7);

        // Without a training forward pass just before, backprop recomputes it and must agree.
        gru.setInput(x, LayerWorkspaceMgr.noWorkspaces());
        Pair<Gradient, INDArray> recomputed = gru.backpropGradient(upstream, LayerWorkspaceMgr.noWorkspaces());
        assertClose(backprop.getFirst().gradient().dup(), recomputed.getFirst().gradient(), 0.0);
        assertClose(backprop.getSecond(), recomputed.getSecond(), 0.0);
    }

    @Test
    void nwcInputGivesTheSameOutputsAndGradientsAsNcw() {
        Layer ncw = gruLayer(Activation.TANH, Activation.SIGMOID, RNNFormat.NCW);
        Layer nwc = gruLayer(Activation.TANH, Activation.SIGMOID, RNNFormat.NWC);
        nwc.setParams(ncw.params().dup());
        INDArray x = Sequences.features(10, N_IN, STEPS, LENGTHS);
        INDArray mask = Sequences.mask(STEPS, LENGTHS);
        INDArray upstream = Nd4j.rand(DataType.DOUBLE, LENGTHS.length, HIDDEN, STEPS);
        ncw.setMaskArray(mask);
        nwc.setMaskArray(mask);

        INDArray outNcw = ncw.activate(x, true, LayerWorkspaceMgr.noWorkspaces());
        INDArray outNwc = nwc.activate(x.permute(0, 2, 1).dup(), true, LayerWorkspaceMgr.noWorkspaces());
        assertClose(outNcw, outNwc.permute(0, 2, 1), 0.0);

        Pair<Gradient, INDArray> gNcw = ncw.backpropGradient(upstream, LayerWorkspaceMgr.noWorkspaces());
        Pair<Gradient, INDArray> gNwc = nwc.backpropGradient(upstream.permute(0, 2, 1).dup(),
                LayerWorkspaceMgr.noWorkspaces());
        assertClose(gNcw.getFirst().gradient().dup(), gNwc.getFirst().gradient(), 0.0);
        assertClose(gNcw.getSecond(), gNwc.getSecond().permute(0, 2, 1), 0.0);
    }

    private static Layer gruLayer(Activation activation, Activation gate) {
        return gruLayer(activation, gate, RNNFormat.NCW);
    }

    private static Layer gruLayer(Activation activation, Activation gate, RNNFormat format) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(42).dataType(DataType.DOUBLE).updater(new NoOp())
                .weightInit(new NormalDistribution(0, 0.7))
                .list()
                .layer(new GRU.Builder().nIn(N_IN).nOut(HIDDEN).activation(activation)
                        .gateActivationFunction(gate).biasInit(0.0).dataFormat(format).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nIn(HIDDEN).nOut(1).dataFormat(format).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.initGradientsView();
        INDArray b = net.getLayer(0).getParam("b");
        b.assign(Nd4j.rand(DataType.DOUBLE, b.shape()).subi(0.5));
        return net.getLayer(0);
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance) {
        assertArrayEquals(expected.shape(), actual.shape());
        double maxDiff = expected.sub(actual).amaxNumber().doubleValue();
        assertEquals(0.0, maxDiff, tolerance, "max abs difference");
    }

    /** The GRU equations, step by step and unit by unit, from the layer's parameters. */
    private static final class Reference {
        private final INDArray w;
        private final INDArray rw;
        private final INDArray b;
        private final ScalarActivation act;
        private final ScalarActivation gate;

        Reference(Layer layer, ScalarActivation act, ScalarActivation gate) {
            this.w = layer.getParam("W");
            this.rw = layer.getParam("RW");
            this.b = layer.getParam("b");
            this.act = act;
            this.gate = gate;
        }

        INDArray forward(INDArray x, INDArray mask) {
            int mb = (int) x.size(0);
            int steps = (int) x.size(2);
            INDArray out = Nd4j.create(DataType.DOUBLE, mb, HIDDEN, steps);
            for (int e = 0; e < mb; e++) {
                double[] h = new double[HIDDEN];
                for (int t = 0; t < steps; t++) {
                    if (mask != null && mask.getDouble(e, t) == 0.0) {
                        continue;
                    }
                    double[] next = new double[HIDDEN];
                    for (int j = 0; j < HIDDEN; j++) {
                        double r = gate.apply(input(x, e, t, j) + recurrent(h, j) + b.getDouble(0, j));
                        double z = gate.apply(input(x, e, t, HIDDEN + j) + recurrent(h, HIDDEN + j)
                                + b.getDouble(0, HIDDEN + j));
                        double n = act.apply(input(x, e, t, 2 * HIDDEN + j) + b.getDouble(0, 2 * HIDDEN + j)
                                + r * (recurrent(h, 2 * HIDDEN + j) + b.getDouble(0, 3 * HIDDEN + j)));
                        next[j] = (1 - z) * n + z * h[j];
                    }
                    h = next;
                    for (int j = 0; j < HIDDEN; j++) {
                        out.putScalar(e, j, t, h[j]);
                    }
                }
            }
            return out;
        }

        private double input(INDArray x, int e, int t, int column) {
            double sum = 0;
            for (int i = 0; i < x.size(1); i++) {
                sum += x.getDouble(e, i, t) * w.getDouble(i, column);
            }
            return sum;
        }

        private double recurrent(double[] h, int column) {
            double sum = 0;
            for (int k = 0; k < HIDDEN; k++) {
                sum += h[k] * rw.getDouble(k, column);
            }
            return sum;
        }

        /** d(sum(upstream * forward))/d(target), by central differences on each element of {@code target}. */
        INDArray numericGradient(INDArray target, INDArray x, INDArray mask, INDArray upstream) {
            INDArray grad = Nd4j.create(DataType.DOUBLE, target.shape());
            double step = 1e-6;
            NdIndexIterator positions = new NdIndexIterator(target.shape());
            while (positions.hasNext()) {
                long[] at = positions.next();
                double original = target.getDouble(at);
                target.putScalar(at, original + step);
                double plus = forward(x, mask).mul(upstream).sumNumber().doubleValue();
                target.putScalar(at, original - step);
                double minus = forward(x, mask).mul(upstream).sumNumber().doubleValue();
                target.putScalar(at, original);
                grad.putScalar(at, (plus - minus) / (2 * step));
            }
            return grad;
        }
    }
}
