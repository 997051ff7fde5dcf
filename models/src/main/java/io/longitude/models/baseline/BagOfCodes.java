package io.longitude.models.baseline;

import io.longitude.models.data.VisitSequenceExample;
import java.util.TreeMap;

/**
 * The binary tasks' baseline sees a sample flattened: how often each vocabulary code occurs over its visits,
 * then the numeric features of its last visit, as one sparse vector of {@code vocabularySize + numeric} entries
 * (indices ascending).
 */
public final class BagOfCodes {

    private final int size;
    private final int[] indices;
    private final double[] values;

    private BagOfCodes(int size, int[] indices, double[] values) {
        this.size = size;
        this.indices = indices;
        this.values = values;
    }

    public static BagOfCodes of(VisitSequenceExample example, int vocabularySize) {
        TreeMap<Integer, Double> counts = new TreeMap<>();
        for (int t = 0; t < example.length(); t++) {
            for (int code : example.codes(t)) {
                counts.merge(code, 1.0, Double::sum);
            }
        }
        float[] last = example.length() == 0 ? new float[0] : example.numeric(example.length() - 1);
        int[] indices = new int[counts.size() + last.length];
        double[] values = new double[indices.length];
        int i = 0;
        for (var entry : counts.entrySet()) {
            indices[i] = entry.getKey();
            values[i++] = entry.getValue();
        }
        for (int f = 0; f < last.length; f++) {
            indices[i] = vocabularySize + f;
            values[i++] = last[f];
        }
        return new BagOfCodes(vocabularySize + last.length, indices, values);
    }

    public int size() {
        return size;
    }

    public int[] indices() {
        return indices.clone();
    }

    public double[] values() {
        return values.clone();
    }
}
