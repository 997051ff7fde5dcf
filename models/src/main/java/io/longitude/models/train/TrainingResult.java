package io.longitude.models.train;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The outcome of a training run: the network of the best validation epoch, where training stood when it ended
 * and whether early stopping ended it.
 */
public record TrainingResult(MultiLayerNetwork bestNetwork, TrainingProgress progress, boolean stoppedEarly) {

    /** The best epoch, counted from 1. */
    public int bestEpoch() {
        return progress.bestEpoch;
    }

    public double bestMetric() {
        return progress.bestValidationScore;
    }

    public String metricName() {
        return progress.validationMetric;
    }

    public List<TrainingProgress.Epoch> history() {
        return List.copyOf(progress.history);
    }

    public String trainingDataHash() {
        return progress.trainingDataHash;
    }
}
