package io.longitude.models.data;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns a batch of {@link VisitSequenceExample}s into a DL4J {@link DataSet}: features
 * {@code [batch, vocab + numeric, T]} (multi-hot codes, then normalised numeric features), feature
 * mask {@code [batch, T]}, labels and label mask as given by the {@link LabelLayout}. Sequences are
 * left-aligned and zero-padded to the longest sequence in the batch. With a visit cap only the most
 * recent {@code maxVisits} visits of each sequence are used.
 *
 * <p>Stateless and Serializable, so one instance can be shipped to Spark executors and used per
 * partition.
 */
public final class SequenceFeaturiser implements Serializable {
    private static final long serialVersionUID = 1L;

    private final FeatureLayout layout;
    private final LabelLayout labelLayout;
    private final NumericNormaliser normaliser;
    private final int maxVisits;

    /**
     * @param maxVisits keep at most this many most recent visits; 0 keeps all
     */
    public SequenceFeaturiser(FeatureLayout layout, LabelLayout labelLayout, NumericNormaliser normaliser,
                              int maxVisits) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(labelLayout, "labelLayout");
        Objects.requireNonNull(normaliser, "normaliser");
        if (normaliser.width() != layout.numericCount()) {
            throw new IllegalArgumentException("normaliser covers " + normaliser.width()
                    + " numeric features, layout has " + layout.numericCount());
        }
        if (maxVisits < 0) {
            throw new IllegalArgumentException("maxVisits must be >= 0 (0 = all), got " + maxVisits);
        }
        if (labelLayout == LabelLayout.NEXT_VISIT && layout.targetVocabularySize() == 0) {
            throw new IllegalArgumentException("next-visit labels need a layout with a target vocabulary");
        }
        this.layout = layout;
        this.labelLayout = labelLayout;
        this.normaliser = normaliser;
        this.maxVisits = maxVisits;
    }

    public FeatureLayout layout() {
        return layout;
    }

    public LabelLayout labelLayout() {
        return labelLayout;
    }

    public NumericNormaliser normaliser() {
        return normaliser;
    }

    public int maxVisits() {
        return maxVisits;
    }

    /** Number of time steps this featuriser uses for {@code example} (after the cap). */
    public int effectiveLength(VisitSequenceExample example) {
        return maxVisits == 0 ? example.length() : Math.min(maxVisits, example.length());
    }

    public DataSet featurise(List<VisitSequenceExample> batch) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("cannot featurise an empty batch");
        }
        int b = batch.size();
        int steps = 0;
        for (VisitSequenceExample e : batch) {
            steps = Math.max(steps, effectiveLength(e));
        }
        int vocab = layout.vocabularySize();
        int nIn = layout.inputSize();
        int nOut = labelLayout == LabelLayout.NEXT_VISIT ? layout.targetVocabularySize() : 1;

        float[] features = new float[b * nIn * steps];
        float[] featureMask = new float[b * steps];
        float[] labels = new float[labelLayout == LabelLayout.SEQUENCE ? b : b * nOut * steps];
        float[] labelMask = labelLayout == LabelLayout.SEQUENCE ? null : new float[b * steps];

        for (int i = 0; i < b; i++) {
            VisitSequenceExample e = batch.get(i);
            checkExampleFits(e);
            int length = effectiveLength(e);
            int first = e.length() - length;
            int featureBase = i * nIn * steps;
            for (int t = 0; t < length; t++) {
                int visit = first + t;
                for (int code : e.codes(visit)) {
                    if (code < 0 || code >= vocab) {
                        throw new IllegalArgumentException("code id " + code + " at visit " + visit
                                + " is outside the vocabulary of size " + vocab);
                    }
                    features[featureBase + code * steps + t] = 1f;
                }
                float[] numeric = e.numeric(visit);
                for (int f = 0; f < numeric.length; f++) {
                    features[featureBase + (vocab + f) * steps + t] = normaliser.apply(f, numeric[f]);
                }
                featureMask[i * steps + t] = 1f;
            }
            switch (labelLayout) {
                case SEQUENCE -> labels[i] = e.label();
                case LAST_STEP -> {
                    labels[i * steps + length - 1] = e.label();
                    labelMask[i * steps + length - 1] = 1f;
                }
                case NEXT_VISIT -> {
                    int labelBase = i * nOut * steps;
                    for (int t = 0; t < length - 1; t++) {
                        for (int target : e.targets(first + t + 1)) {
                            if (target < 0 || target >= nOut) {
                                throw new IllegalArgumentException("target id " + target + " at visit "
                                        + (first + t + 1) + " is outside the target vocabulary of size " + nOut);
                            }
                            labels[labelBase + target * steps + t] = 1f;
                        }
                        labelMask[i * steps + t] = 1f;
                    }
                }
            }
        }
        INDArray f = Nd4j.create(features, new long[] {b, nIn, steps}, 'c');
        INDArray fm = Nd4j.create(featureMask, new long[] {b, steps}, 'c');
        INDArray l = labelLayout == LabelLayout.SEQUENCE
                ? Nd4j.create(labels, new long[] {b, 1}, 'c')
                : Nd4j.create(labels, new long[] {b, nOut, steps}, 'c');
        INDArray lm = labelMask == null ? null : Nd4j.create(labelMask, new long[] {b, steps}, 'c');
        return new DataSet(f, l, fm, lm);
    }

    /**
     * Next-visit: the share of predicted visits (every visit but the first within the visit cap) that carry
     * each target code, index = target id; what {@code NetworkFactory.setOutputBiasToPrior} starts from.
     */
    public double[] targetRates(List<VisitSequenceExample> examples) {
        if (labelLayout != LabelLayout.NEXT_VISIT) {
            throw new IllegalStateException("target rates exist for next-visit labels only");
        }
        return TargetRates.of(examples, layout.targetVocabularySize(), maxVisits).rates();
    }

    private void checkExampleFits(VisitSequenceExample e) {
        if (e.numericWidth() != layout.numericCount()) {
            throw new IllegalArgumentException("example has " + e.numericWidth()
                    + " numeric features, layout " + layout.numericFeatures() + " has " + layout.numericCount());
        }
        if (labelLayout == LabelLayout.NEXT_VISIT ? !e.hasVisitTargets() : !e.hasLabel()) {
            throw new IllegalArgumentException(labelLayout == LabelLayout.NEXT_VISIT
                    ? "next-visit labels need examples with per-visit targets"
                    : "sequence labels need examples with a binary label");
        }
    }
}
