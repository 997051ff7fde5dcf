package io.longitude.models.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Random variable-length sequence minibatches for the layer tests: NCW features, zero padded, with a mask. */
final class Sequences {

    private Sequences() {
    }

    /** Features [lengths.length, nIn, steps], standard normal up to each sequence's length, zeros after. */
    static INDArray features(long seed, int nIn, int steps, int... lengths) {
        INDArray f = Nd4j.create(DataType.DOUBLE, lengths.length, nIn, steps);
        org.nd4j.linalg.api.rng.Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                for (int i = 0; i < nIn; i++) {
                    f.putScalar(b, i, t, rng.nextGaussian());
                }
            }
        }
        return f;
    }

    /** Mask [lengths.length, steps]: 1 up to each sequence's length. */
    static INDArray mask(int steps, int... lengths) {
        INDArray m = Nd4j.create(DataType.DOUBLE, lengths.length, steps);
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                m.putScalar(b, t, 1.0);
            }
        }
        return m;
    }

    /** One-hot per-step labels [lengths.length, classes, steps] (zero on padded steps). */
    static INDArray stepLabels(long seed, int classes, int steps, int... lengths) {
        INDArray l = Nd4j.create(DataType.DOUBLE, lengths.length, classes, steps);
        java.util.Random rng = new java.util.Random(seed);
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                l.putScalar(b, rng.nextInt(classes), t, 1.0);
            }
        }
        return l;
    }

    /** One-hot labels [batch, classes]. */
    static INDArray labels(long seed, int classes, int batch) {
        INDArray l = Nd4j.create(DataType.DOUBLE, batch, classes);
        java.util.Random rng = new java.util.Random(seed);
        for (int b = 0; b < batch; b++) {
            l.putScalar(b, rng.nextInt(classes), 1.0);
        }
        return l;
    }
}
