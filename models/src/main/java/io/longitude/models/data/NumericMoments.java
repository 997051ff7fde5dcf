package io.longitude.models.data;

import java.io.Serializable;

/**
 * Count, mean and sum of squared deviations of each numeric visit feature over the visits added, the
 * statistics a {@link NumericNormaliser} is fitted from. Mergeable (Chan et al.'s pairwise update), so the
 * partitions of a training split can be summarised apart and merged; merged in the same order, the same
 * partitions give the same bits. A class, not a record: Spark's Kryo cannot serialise records.
 */
public final class NumericMoments implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] mean;
    private final double[] squaredDeviations;
    private long visits;

    public NumericMoments(int width) {
        this.mean = new double[width];
        this.squaredDeviations = new double[width];
    }

    public static NumericMoments of(Iterable<VisitSequenceExample> examples, int width) {
        NumericMoments moments = new NumericMoments(width);
        examples.forEach(moments::add);
        return moments;
    }

    /** Adds every visit of {@code example} (Welford's update). */
    public NumericMoments add(VisitSequenceExample example) {
        if (example.numericWidth() != mean.length) {
            throw new IllegalArgumentException("example has " + example.numericWidth()
                    + " numeric features, layout expects " + mean.length);
        }
        for (int t = 0; t < example.length(); t++) {
            float[] x = example.numeric(t);
            visits++;
            for (int f = 0; f < mean.length; f++) {
                double delta = x[f] - mean[f];
                mean[f] += delta / visits;
                squaredDeviations[f] += delta * (x[f] - mean[f]);
            }
        }
        return this;
    }

    public NumericMoments merge(NumericMoments other) {
        if (other.mean.length != mean.length) {
            throw new IllegalArgumentException("cannot merge moments of " + other.mean.length + " features into "
                    + mean.length);
        }
        long total = visits + other.visits;
        if (other.visits == 0) {
            return this;
        }
        for (int f = 0; f < mean.length; f++) {
            double delta = other.mean[f] - mean[f];
            squaredDeviations[f] += other.squaredDeviations[f] + delta * delta * visits * other.visits / total;
            mean[f] += delta * other.visits / total;
        }
        visits = total;
        return this;
    }

    public long visits() {
        return visits;
    }

    /**
     * Standardises to zero mean and unit (population) variance; a feature whose standard deviation is at most
     * 1e-6 is only centred.
     */
    public NumericNormaliser normaliser() {
        double[] scales = new double[mean.length];
        for (int f = 0; f < mean.length; f++) {
            double sd = visits == 0 ? 0 : Math.sqrt(squaredDeviations[f] / visits);
            scales[f] = sd > 1e-6 ? 1.0 / sd : 1.0;
        }
        return new NumericNormaliser(mean, scales);
    }
}
