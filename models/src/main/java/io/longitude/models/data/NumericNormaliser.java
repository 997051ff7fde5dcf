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

    public static NumericNormaliser fit(Iterable<VisitSequenceExample> training, int numericCount) {
        double[] sum = new double[numericCount];
        double[] sumSq = new double[numericCount];
        long n = 0;
        for (VisitSequenceExample e : training) {
            if (e.numericWidth() != numericCount) {
                throw new IllegalArgumentException("example has " + e.numericWidth()
                        + " numeric features, layout expects " + numericCount);
            }
            for (int t = 0; t < e.length(); t++) {
                float[] x = e.numeric(t);
                for (int f = 0; f < numericCount; f++) {
                    sum[f] += x[f];
                    sumSq[f] += (double) x[f] * x[f];
                }
            }
            n += e.length();
        }
        double[] means = new double[numericCount];
        double[] scales = new double[numericCount];
        for (int f = 0; f < numericCount; f++) {
            double mean = n == 0 ? 0 : sum[f] / n;
            double var = n == 0 ? 0 : Math.max(0, sumSq[f] / n - mean * mean);
            means[f] = mean;
            scales[f] = var > 1e-12 ? 1.0 / Math.sqrt(var) : 1.0;
        }
        return new NumericNormaliser(means, scales);
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
