package io.longitude.models.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * What a {@link TrainingLoop} needs from where the training runs (this JVM, or Spark): fitting one epoch and
 * scoring the validation split.
 */
public interface EpochTrainer {

    /** The network after an epoch, its mean training loss and how many sequences it was fitted on. */
    record FittedEpoch(MultiLayerNetwork network, double trainLoss, long sequences) {
    }

    /** Work done once per run before its first epoch (e.g. writing minibatches); timed as preparation. */
    default void prepare() {
    }

    /**
     * Fits {@code network} for epoch {@code epoch} (counted from 1). The epoch's data order and random streams
     * must depend on the seed and the epoch alone, so that a resumed run repeats what an uninterrupted one does.
     */
    FittedEpoch fit(MultiLayerNetwork network, int epoch);

    /** The early-stopping metric of {@code network} on the validation split; higher is better. */
    double validate(MultiLayerNetwork network);
}
