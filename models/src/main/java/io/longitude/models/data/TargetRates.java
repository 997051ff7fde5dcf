package io.longitude.models.data;

import java.io.Serializable;

/**
 * Next-visit: over the visits a next-visit network is trained to predict (every visit but the first within the
 * visit cap), how many carry each target code. Mergeable, so the partitions of a training split can be counted
 * apart. The rates start a network's output biases ({@code NetworkFactory.setOutputBiasToPrior}) and rank the
 * most-frequent-codes baseline. A class, not a record: Spark's Kryo cannot serialise records.
 */
public final class TargetRates implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] counts;
    private final int maxVisits;
    private long predictedVisits;

    /**
     * @param maxVisits the visit cap (0 = all visits)
     */
    public TargetRates(int targetCodes, int maxVisits) {
        this.counts = new long[targetCodes];
        this.maxVisits = maxVisits;
    }

    public static TargetRates of(Iterable<VisitSequenceExample> examples, int targetCodes, int maxVisits) {
        TargetRates rates = new TargetRates(targetCodes, maxVisits);
        examples.forEach(rates::add);
        return rates;
    }

    public TargetRates add(VisitSequenceExample example) {
        int length = maxVisits == 0 ? example.length() : Math.min(maxVisits, example.length());
        for (int visit = example.length() - length + 1; visit < example.length(); visit++) {
            for (int target : example.targets(visit)) {
                counts[target]++;
            }
            predictedVisits++;
        }
        return this;
    }

    public TargetRates merge(TargetRates other) {
        if (other.counts.length != counts.length || other.maxVisits != maxVisits) {
            throw new IllegalArgumentException("cannot merge target counts of another vocabulary or visit cap");
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        predictedVisits += other.predictedVisits;
        return this;
    }

    /** How many predicted visits were counted. */
    public long predictedVisits() {
        return predictedVisits;
    }

    /** The share of predicted visits carrying each target code, index = target id (zeros when none were counted). */
    public double[] rates() {
        double[] rates = new double[counts.length];
        for (int i = 0; i < counts.length && predictedVisits > 0; i++) {
            rates[i] = counts[i] / (double) predictedVisits;
        }
        return rates;
    }
}
