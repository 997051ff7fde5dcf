package io.longitude.models.evaluation;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Isotonic regression of the label on the score by pool-adjacent-violators: a non-decreasing step
 * function. A new score takes the value of the block whose score range contains it, or lies between two
 * blocks and is interpolated linearly between their boundary values; beyond the fitted range it is clamped.
 */
public final class IsotonicRecalibration implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Lowest and highest fitted score of each block, and its fitted value. */
    private final double[] blockLow;
    private final double[] blockHigh;
    private final double[] blockValue;

    IsotonicRecalibration(double[] blockLow, double[] blockHigh, double[] blockValue) {
        this.blockLow = blockLow;
        this.blockHigh = blockHigh;
        this.blockValue = blockValue;
    }

    public static IsotonicRecalibration fit(double[] scores, int[] labels) {
        if (scores.length == 0) {
            throw new IllegalArgumentException("isotonic regression needs at least one sample");
        }
        int[] order = IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble(i -> scores[i])).mapToInt(Integer::intValue).toArray();
        int n = order.length;
        double[] low = new double[n];
        double[] high = new double[n];
        double[] sum = new double[n];
        double[] weight = new double[n];
        int blocks = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            // Equal scores must share one fitted value: merge a tie into the open block first.
            if (blocks > 0 && high[blocks - 1] == scores[i]) {
                sum[blocks - 1] += labels[i];
                weight[blocks - 1]++;
            } else {
                low[blocks] = scores[i];
                high[blocks] = scores[i];
                sum[blocks] = labels[i];
                weight[blocks] = 1;
                blocks++;
            }
            while (blocks > 1 && sum[blocks - 2] / weight[blocks - 2] >= sum[blocks - 1] / weight[blocks - 1]) {
                sum[blocks - 2] += sum[blocks - 1];
                weight[blocks - 2] += weight[blocks - 1];
                high[blocks - 2] = high[blocks - 1];
                blocks--;
            }
        }
        double[] value = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            value[b] = sum[b] / weight[b];
        }
        return new IsotonicRecalibration(Arrays.copyOf(low, blocks), Arrays.copyOf(high, blocks), value);
    }

    public double apply(double score) {
        if (score <= blockHigh[0]) {
            return blockValue[0];
        }
        int last = blockValue.length - 1;
        if (score >= blockLow[last]) {
            return blockValue[last];
        }
        for (int b = 0; b < last; b++) {
            if (score <= blockHigh[b]) {
                return blockValue[b];
            }
            if (score < blockLow[b + 1]) {
                double t = (score - blockHigh[b]) / (blockLow[b + 1] - blockHigh[b]);
                return blockValue[b] + t * (blockValue[b + 1] - blockValue[b]);
            }
        }
        return blockValue[last];
    }

    double[] blockLow() {
        return blockLow.clone();
    }

    double[] blockHigh() {
        return blockHigh.clone();
    }

    double[] blockValue() {
        return blockValue.clone();
    }

    public int blocks() {
        return blockValue.length;
    }
}
