package io.longitude.models.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Standardises numeric visit features to zero mean and unit variance with statistics fitted on the
 * training split only (over all visits of all training sequences) and saved with the model.
 * Features that are constant in training are only centred.
 */
public record NumericNormaliser(double[] means, double[] scales) implements Serializable {

    public NumericNormaliser {
        if (means.length != scales.length) {
            throw new IllegalArgumentException("means has " + means.length + " entries, scales " + scales.length);
        }
        means = means.clone();
        scales = scales.clone();
    }

    /** Fitted over all visits of {@code training}: see {@link NumericMoments#normaliser()}. */
    public static NumericNormaliser fit(Iterable<VisitSequenceExample> training, int numericCount) {
        return NumericMoments.of(training, numericCount).normaliser();
    }

    public int width() {
        return means.length;
    }

    public float apply(int feature, float value) {
        return (float) ((value - means[feature]) * scales[feature]);
    }

    @Override
    public double[] means() {
        return means.clone();
    }

    @Override
    public double[] scales() {
        return scales.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NumericNormaliser other
                && Arrays.equals(means, other.means) && Arrays.equals(scales, other.scales);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(means) + Arrays.hashCode(scales);
    }

    @Override
    public String toString() {
        return "NumericNormaliser[means=" + Arrays.toString(means) + ", scales=" + Arrays.toString(scales) + "]";
    }
}
