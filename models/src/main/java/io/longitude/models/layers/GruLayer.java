package io.longitude.models.layers;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.base.Preconditions;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@link GRU} layer: its own forward and backward passes over time.
 *
 * <p>Work layout, for a minibatch of {@code mb} sequences of {@code T} steps, {@code nIn} inputs, {@code h} units
 * (all buffers row-major, row {@code t*mb + b} for example {@code b} at step {@code t}):
 * <ul>
 * <li>{@code x} [T*mb, nIn]: the input, copied once into this layout;</li>
 * <li>{@code gates} [T*mb, 3h]: the input part of all gates for all steps, one matrix multiply; the time loop
 * replaces each step's rows by the gate activations {@code r|z|n}, the backward pass by their gradients;</li>
 * <li>{@code rec} [T*mb, 3h]: each step's recurrent part {@code h_{t-1} RW}, one matrix multiply per step; the
 * backward pass replaces it by the gradient of the recurrent pre-activations;</li>
 * <li>{@code states} [(T+1)*mb, h]: the initial state then {@code h_t} for each step.</li>
 * </ul>
 * The elementwise work of a step is one fused loop over host memory. After the backward time loop each weight
 * gradient is one matrix multiply over all steps: {@code dW = x^T dGates}, {@code dRW = states[0..T-1]^T dRec}.
 * The buffers ({@link GruBuffers}) belong to the layer, outside any workspace, and are reused from call to call
 * (grown when a larger minibatch or longer sequence comes); the forward pass of a training step is kept for its backward pass
 * (one forward per training step, not two, unless the input or mask changed in between).
 */
public class GruLayer extends BaseRecurrentLayer<GRU> {

    /** Key of the last hidden state in the state maps ({@code rnnGetPreviousState}, TBPTT state). */
    public static final String STATE_KEY_PREV_ACTIVATION = "prevAct";

    private final GruBuffers buffers;
    private double[] passMask;

    /** The input (after dropout) and mask of the training forward pass still held in the buffers, if any. */
    private INDArray forwardInput;
    private INDArray forwardMask;

    /** Hidden state at the start of the current truncated-BPTT segment (null: zeros). */
    private INDArray segmentStartState;

    public GruLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        this.buffers = new GruBuffers(dataType);
    }

    @Override
    public Type type() {
        return Type.RECURRENT;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
            int minibatchSize) {
        // Keep the mask: MultiLayerNetwork hands the feature mask to a recurrent layer only through this call.
        // (DL4J 1.0.0-M2.1's LSTM does not keep it, so there its outputs at padded steps are not zeroed.)
        // Pass it on unchanged for the layers above.
        this.maskArray = maskArray;
        this.maskState = currentMaskState;
        return new Pair<>(maskArray, MaskState.Passthrough);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return forward(null, training, workspaceMgr);
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        INDArray out = forward(stateMap.get(STATE_KEY_PREV_ACTIVATION), false, workspaceMgr);
        stateMap.put(STATE_KEY_PREV_ACTIVATION, buffers.lastState());
        return out;
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
            LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        segmentStartState = tBpttStateMap.get(STATE_KEY_PREV_ACTIVATION);
        INDArray out = forward(segmentStartState, training, workspaceMgr);
        if (storeLastForTBPTT) {
            tBpttStateMap.put(STATE_KEY_PREV_ACTIVATION, buffers.lastState());
        }
        return out;
    }

    @Override
    public void rnnClearPreviousState() {
        super.rnnClearPreviousState();
        segmentStartState = null;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        return backward(epsilon, -1, null, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength,
            LayerWorkspaceMgr workspaceMgr) {
        return backward(epsilon, tbpttBackLength, segmentStartState, workspaceMgr);
    }

    @Override
    public void clear() {
        super.clear();
        forwardInput = null;
        forwardMask = null;
    }

    private INDArray forward(INDArray initialState, boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        Preconditions.checkState(input.rank() == 3, "GRU %s expects rank 3 input, got shape %s", layerId(),
                input.shape());
        applyDropOutIfNecessary(training, workspaceMgr);
        forwardInput = null;
        INDArray in = permuteIfNWC(input);
        if (in.dataType() != dataType) {
            in = in.castTo(dataType);
        }
        int mb = (int) in.size(0);
        int nIn = (int) in.size(1);
        int steps = (int) in.size(2);
        int h = (int) layerConf().getNOut();
        Preconditions.checkState(nIn == layerConf().getNIn(), "GRU %s has nIn=%s but input has %s features",
                layerId(), layerConf().getNIn(), nIn);
        ScalarActivation gate = ScalarActivation.of(layerConf().getGateActivationFn());
        ScalarActivation act = ScalarActivation.of(layerConf().getActivationFn());

        INDArray w = getParamWithNoise(GruParamInitializer.INPUT_WEIGHT_KEY, training, workspaceMgr);
        INDArray rw = getParamWithNoise(GruParamInitializer.RECURRENT_WEIGHT_KEY, training, workspaceMgr);
        double[] bias = getParamWithNoise(GruParamInitializer.BIAS_KEY, training, workspaceMgr).toDoubleVector();

        buffers.prepare(mb, steps, nIn, h);
        passMask = hostMask(mb, steps);
        buffers.x3.assign(in.permute(2, 0, 1));
        Nd4j.gemm(buffers.x, w, buffers.gates, false, false, 1.0, 0.0);
        INDArray initial = buffers.rows(buffers.states, 0);
        if (initialState == null) {
            initial.assign(0);
        } else {
            Preconditions.checkState(initialState.size(0) == mb && initialState.size(1) == h,
                    "GRU %s: stored state has shape %s but the minibatch is %s x %s", layerId(),
                    initialState.shape(), mb, h);
            initial.assign(initialState);
        }

        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {mb, h, steps},
                'f');
        HostArray g = HostArray.of(buffers.gates);
        HostArray r = HostArray.of(buffers.rec);
        HostArray s = HostArray.of(buffers.states);
        HostArray o = HostArray.of(out);
        for (int t = 0; t < steps; t++) {
            Nd4j.gemm(buffers.rows(buffers.states, t), rw, buffers.rows(buffers.rec, t), false, false, 1.0, 0.0);
            forwardStep(t, mb, h, bias, gate, act, g, r, s, o);
        }
        if (training) {
            forwardInput = input;
            forwardMask = maskArray;
        }
        return permuteIfNWC(out);
    }

    /** Gates, new state and output of step {@code t}; keeps {@code r|z|n} and {@code U_n h + b_hn} for backprop. */
    private void forwardStep(int t, int mb, int h, double[] bias, ScalarActivation gate, ScalarActivation act,
            HostArray g, HostArray r, HostArray s, HostArray o) {
        int h2 = 2 * h;
        int h3 = 3 * h;
        int outStep = mb * h * t;
        for (int b = 0; b < mb; b++) {
            int row = t * mb + b;
            int gateBase = row * h3;
            int prevBase = row * h;
            int nextBase = prevBase + mb * h;
            if (passMask != null && passMask[row] == 0.0) {
                for (int j = 0; j < h; j++) {
                    s.set(nextBase + j, s.get(prevBase + j));
                    o.set(outStep + b + mb * j, 0.0);
                }
                continue;
            }
            for (int j = 0; j < h; j++) {
                double reset = gate.apply(g.get(gateBase + j) + r.get(gateBase + j) + bias[j]);
                double update = gate.apply(g.get(gateBase + h + j) + r.get(gateBase + h + j) + bias[h + j]);
                double recCandidate = r.get(gateBase + h2 + j) + bias[h3 + j];
                double candidate = act.apply(g.get(gateBase + h2 + j) + bias[h2 + j] + reset * recCandidate);
                double prev = s.get(prevBase + j);
                double next = candidate + update * (prev - candidate);
                g.set(gateBase + j, reset);
                g.set(gateBase + h + j, update);
                g.set(gateBase + h2 + j, candidate);
                r.set(gateBase + h2 + j, recCandidate);
                s.set(nextBase + j, next);
                o.set(outStep + b + mb * j, next);
            }
        }
    }

    private Pair<Gradient, INDArray> backward(INDArray epsilon, int tbpttBackLength, INDArray initialState,
            LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (forwardInput == null || forwardInput != input || forwardMask != maskArray) {
            forward(initialState, true, workspaceMgr);
        }
        forwardInput = null;
        forwardMask = null;

        int mb = buffers.mb;
        int steps = buffers.steps;
        int nIn = (int) layerConf().getNIn();
        int h = (int) layerConf().getNOut();
        INDArray eps = permuteIfNWC(epsilon);
        if (eps.dataType() != dataType) {
            eps = eps.castTo(dataType);
        }
        eps = eps.dup('f');
        Preconditions.checkState(eps.size(0) == mb && eps.size(1) == h && eps.size(2) == steps,
                "GRU %s: epsilon shape %s does not match the forward pass [%s, %s, %s]", layerId(), eps.shape(), mb,
                h, steps);

        INDArray w = getParamWithNoise(GruParamInitializer.INPUT_WEIGHT_KEY, true, workspaceMgr);
        INDArray rw = getParamWithNoise(GruParamInitializer.RECURRENT_WEIGHT_KEY, true, workspaceMgr);
        ScalarActivation gate = ScalarActivation.of(layerConf().getGateActivationFn());
        ScalarActivation act = ScalarActivation.of(layerConf().getActivationFn());

        int end = tbpttBackLength > 0 ? Math.max(0, steps - tbpttBackLength) : 0;
        buffers.carry.assign(0);
        HostArray g = HostArray.of(buffers.gates);
        HostArray r = HostArray.of(buffers.rec);
        HostArray s = HostArray.of(buffers.states);
        HostArray e = HostArray.of(eps);
        HostArray c = HostArray.of(buffers.carry);
        HostArray rg = HostArray.of(buffers.recGrad);
        double[] biasGrad = new double[4 * h];
        for (int t = steps - 1; t >= end; t--) {
            backwardStep(t, mb, h, t < steps - 1, gate, act, g, r, s, e, c, rg, biasGrad);
            if (t > end) {
                Nd4j.gemm(buffers.rows(buffers.rec, t), rw, buffers.recGrad, false, true, 1.0, 0.0);
            }
        }
        if (end > 0) {
            buffers.firstRows(buffers.gates, end).assign(0);
            buffers.firstRows(buffers.rec, end).assign(0);
        }

        INDArray wGrad = gradientViews.get(GruParamInitializer.INPUT_WEIGHT_KEY);
        INDArray rwGrad = gradientViews.get(GruParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray bGrad = gradientViews.get(GruParamInitializer.BIAS_KEY);
        Nd4j.gemm(buffers.x, buffers.gates, wGrad, true, false, 1.0, 0.0);
        Nd4j.gemm(buffers.firstRows(buffers.states, steps), buffers.rec, rwGrad, true, false, 1.0, 0.0);
        bGrad.assign(Nd4j.createFromArray(biasGrad).reshape(1, 4L * h));

        // x is no longer needed: it receives dL/dx, in the same row layout.
        Nd4j.gemm(buffers.gates, w, buffers.x, false, true, 1.0, 0.0);
        INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                new long[] {mb, nIn, steps}, 'f');
        epsOut.assign(buffers.x3.permute(1, 2, 0));

        Gradient gradient = new DefaultGradient(gradientsFlattened);
        gradient.gradientForVariable().put(GruParamInitializer.INPUT_WEIGHT_KEY, wGrad);
        gradient.gradientForVariable().put(GruParamInitializer.RECURRENT_WEIGHT_KEY, rwGrad);
        gradient.gradientForVariable().put(GruParamInitializer.BIAS_KEY, bGrad);
        weightNoiseParams.clear();
        epsOut = backpropDropOutIfPresent(epsOut);
        return new Pair<>(gradient, permuteIfNWC(epsOut));
    }

    /**
     * Step {@code t} backwards: {@code carry} holds dL/dh_t from the path through the update gate, {@code recGrad}
     * (when {@code hasRecGrad}) the part through the recurrent matrix product of step t+1. Overwrites the step's
     * rows of {@code gates} with the gradient of the input pre-activations and of {@code rec} with that of the
     * recurrent ones, and leaves dL/dh_{t-1} less its recurrent-product part in {@code carry}.
     */
    private void backwardStep(int t, int mb, int h, boolean hasRecGrad, ScalarActivation gate,
            ScalarActivation act, HostArray g, HostArray r, HostArray s, HostArray e, HostArray c, HostArray rg,
            double[] biasGrad) {
        int h2 = 2 * h;
        int h3 = 3 * h;
        int epsStep = mb * h * t;
        for (int b = 0; b < mb; b++) {
            int row = t * mb + b;
            int gateBase = row * h3;
            int prevBase = row * h;
            int carryBase = b * h;
            boolean live = passMask == null || passMask[row] != 0.0;
            for (int j = 0; j < h; j++) {
                double dh = c.get(carryBase + j);
                if (hasRecGrad) {
                    dh += rg.get(carryBase + j);
                }
                if (!live) {
                    c.set(carryBase + j, dh);
                    continue;
                }
                dh += e.get(epsStep + b + mb * j);
                double reset = g.get(gateBase + j);
                double update = g.get(gateBase + h + j);
                double candidate = g.get(gateBase + h2 + j);
                double recCandidate = r.get(gateBase + h2 + j);
                double prev = s.get(prevBase + j);
                double dCandidate = dh * (1.0 - update) * act.derivativeAt(candidate);
                double dUpdate = dh * (prev - candidate) * gate.derivativeAt(update);
                double dReset = dCandidate * recCandidate * gate.derivativeAt(reset);
                double dRecCandidate = dCandidate * reset;
                g.set(gateBase + j, dReset);
                g.set(gateBase + h + j, dUpdate);
                g.set(gateBase + h2 + j, dCandidate);
                r.set(gateBase + j, dReset);
                r.set(gateBase + h + j, dUpdate);
                r.set(gateBase + h2 + j, dRecCandidate);
                c.set(carryBase + j, dh * update);
                biasGrad[j] += dReset;
                biasGrad[h + j] += dUpdate;
                biasGrad[h2 + j] += dCandidate;
                biasGrad[h3 + j] += dRecCandidate;
            }
            if (!live) {
                for (int k = 0; k < h3; k++) {
                    g.set(gateBase + k, 0.0);
                    r.set(gateBase + k, 0.0);
                }
            }
        }
    }

    /** The feature mask as a host array indexed {@code t*mb + b}, or null when there is none. */
    private double[] hostMask(int mb, int steps) {
        if (maskArray == null) {
            return null;
        }
        Preconditions.checkState(maskArray.rank() == 2 && maskArray.size(0) == mb && maskArray.size(1) == steps,
                "GRU %s: mask of shape %s does not match minibatch %s and length %s", layerId(), maskArray.shape(),
                mb, steps);
        return maskArray.castTo(DataType.DOUBLE).dup('f').data().asDouble();
    }
}
