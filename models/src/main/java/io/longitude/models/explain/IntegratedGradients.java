package io.longitude.models.explain;

import io.longitude.models.data.LabelLayout;
import io.longitude.models.data.SequenceFeaturiser;
import io.longitude.models.data.VisitSequenceExample;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Integrated gradients (Sundararajan et al. 2017) of a binary network's output probability, before any
 * recalibration, with respect to each present code input (visit, code id).
 *
 * <p><b>Baseline:</b> the same sequence with every code input set to 0 and the numeric features (gap since the
 * previous visit, age, class flags …) kept as they are; the mask and length are unchanged. The attribution of code
 * {@code c} at visit {@code t} is {@code x[c,t] · mean_k ∂f/∂x[c,t](α_k x)} over the midpoints
 * {@code α_k = (k + ½)/m}, k = 0…m−1 (midpoint Riemann sum), so absent codes get exactly 0 and the
 * attributions of a sample sum to about {@code f(x) − f(baseline)} (completeness; the error shrinks as m grows).
 *
 * <p>Gradients come from DL4J's {@code calculateGradients} with the label 0: with a sigmoid output and binary
 * cross-entropy the loss gradient at the pre-activation z is {@code p}, so the input gradient is
 * {@code p ∂z/∂x} and {@code ∂p/∂x = (1 − p)} times it. The m interpolated inputs of several samples of the same
 * length travel as one minibatch (at most {@value #MAX_ELEMENTS} input values per pass) without a mask: DL4J
 * 1.0.0-M2.1's {@code calculateGradients} hands the feature mask to the output layer as its label mask (its
 * {@code calculateGradientsHelper} passes {@code fMask} where the label mask belongs), which a last-step or
 * pooled head refuses and a per-step head misreads, so rows are never padded there. A per-step head's earlier
 * outputs are given themselves as labels, which makes their loss gradient 0 and leaves the last step's.
 *
 * <p>Stateless apart from its settings and Serializable, so it can be shipped to Spark executors.
 */
public final class IntegratedGradients implements Serializable {
    private static final long serialVersionUID = 1L;

    static final int MAX_ELEMENTS = 1 << 22;

    private final SequenceFeaturiser featuriser;
    private final int steps;

    /**
     * @param steps the number m of interpolation points between the baseline and the input
     */
    public IntegratedGradients(SequenceFeaturiser featuriser, int steps) {
        Objects.requireNonNull(featuriser, "featuriser");
        if (featuriser.labelLayout() == LabelLayout.NEXT_VISIT) {
            throw new IllegalArgumentException("integrated gradients explain binary outputs only, not next-visit ones");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be positive, got " + steps);
        }
        this.featuriser = featuriser;
        this.steps = steps;
    }

    public SequenceFeaturiser featuriser() {
        return featuriser;
    }

    /** The attributions of every example, in order. */
    public List<SampleAttribution> attribute(MultiLayerNetwork net, List<VisitSequenceExample> examples) {
        Map<Integer, List<Integer>> byLength = new TreeMap<>();
        for (int i = 0; i < examples.size(); i++) {
            byLength.computeIfAbsent(featuriser.effectiveLength(examples.get(i)), l -> new ArrayList<>()).add(i);
        }
        SampleAttribution[] out = new SampleAttribution[examples.size()];
        for (Map.Entry<Integer, List<Integer>> group : byLength.entrySet()) {
            List<Integer> indices = group.getValue();
            int perPass = (int) Math.max(1, MAX_ELEMENTS / ((long) steps * featuriser.layout().inputSize() * group.getKey()));
            for (int from = 0; from < indices.size(); from += perPass) {
                List<Integer> chunk = indices.subList(from, Math.min(indices.size(), from + perPass));
                List<SampleAttribution> attributed = attributeChunk(net, chunk.stream().map(examples::get).toList());
                for (int i = 0; i < chunk.size(); i++) {
                    out[chunk.get(i)] = attributed.get(i);
                }
            }
        }
        return List.of(out);
    }

    /** The network's output probability for each example (at its last visit), before recalibration. */
    public double[] scores(MultiLayerNetwork net, List<VisitSequenceExample> examples) {
        DataSet ds = featuriser.featurise(examples);
        INDArray out = net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
        double[] p = new double[examples.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = sequenceLayout() ? out.getDouble(i, 0)
                    : out.getDouble(i, 0, featuriser.effectiveLength(examples.get(i)) - 1);
        }
        return p;
    }

    /** Examples of one effective length, so that no row is padded and no mask is needed (see the class comment). */
    private List<SampleAttribution> attributeChunk(MultiLayerNetwork net, List<VisitSequenceExample> chunk) {
        int b = chunk.size();
        DataSet ds = featuriser.featurise(chunk);
        int nIn = featuriser.layout().inputSize();
        int vocab = featuriser.layout().vocabularySize();
        int length = (int) ds.getFeatures().size(2);
        int rowSize = nIn * length;
        float[] x = ds.getFeatures().castTo(DataType.FLOAT).dup('c').data().asFloat();

        // Rows: the m interpolated inputs of each sample, then each baseline, then each input.
        int interpolated = b * steps;
        int rows = interpolated + 2 * b;
        float[] inputs = new float[rows * rowSize];
        for (int r = 0; r < rows; r++) {
            int sample = r < interpolated ? r / steps : (r - interpolated) % b;
            float alpha = r < interpolated ? (float) ((r % steps + 0.5) / steps) : r < interpolated + b ? 0f : 1f;
            int src = sample * rowSize;
            int dst = r * rowSize;
            int codeValues = vocab * length;
            for (int i = 0; i < codeValues; i++) {
                inputs[dst + i] = alpha * x[src + i];
            }
            System.arraycopy(x, src + codeValues, inputs, dst + codeValues, rowSize - codeValues);
        }
        INDArray all = net.output(Nd4j.create(inputs, new long[] {rows, nIn, length}, 'c'), false);
        double[] p = new double[rows];
        for (int r = 0; r < rows; r++) {
            p[r] = sequenceLayout() ? all.getDouble(r, 0) : all.getDouble(r, 0, length - 1);
        }

        INDArray path = Nd4j.create(Arrays.copyOf(inputs, interpolated * rowSize), new long[] {interpolated, nIn, length}, 'c');
        INDArray labels;
        if (sequenceLayout()) {
            labels = Nd4j.zeros(DataType.FLOAT, interpolated, 1);
        } else {
            // Every earlier step's output is its own label, so its loss gradient p − y is 0 and only the last step,
            // labelled 0, sends a gradient back.
            labels = all.get(NDArrayIndex.interval(0, interpolated), NDArrayIndex.all(), NDArrayIndex.all())
                    .castTo(DataType.FLOAT).dup('c');
            labels.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(length - 1)).assign(0);
        }
        INDArray gradient = net.calculateGradients(path, labels, null, null).getSecond();
        float[] g = gradient.castTo(DataType.FLOAT).dup('c').data().asFloat();

        List<SampleAttribution> out = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            VisitSequenceExample example = chunk.get(i);
            int first = example.length() - length;
            List<CodeAttribution> codes = new ArrayList<>();
            for (int t = 0; t < length; t++) {
                for (int code : IntStream.of(example.codes(first + t)).distinct().toArray()) {
                    int at = code * length + t;
                    double sum = 0;
                    for (int k = 0; k < steps; k++) {
                        int r = i * steps + k;
                        sum += (1 - p[r]) * g[r * rowSize + at];
                    }
                    codes.add(new CodeAttribution(first + t, code, x[i * rowSize + at] * sum / steps));
                }
            }
            out.add(new SampleAttribution(example.id(), p[interpolated + b + i], p[interpolated + i], codes));
        }
        return out;
    }

    private boolean sequenceLayout() {
        return featuriser.labelLayout() == LabelLayout.SEQUENCE;
    }
}
