package io.longitude.models.train;

import io.longitude.models.data.SequenceFeaturiser;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The outcome of a training run: the network of the best validation epoch, the featuriser it was
 * trained with (layout, fitted normaliser, visit cap), the per-epoch history and why it stopped.
 */
public record TrainingResult(MultiLayerNetwork bestNetwork, SequenceFeaturiser featuriser, String metricName,
                             int bestEpoch, double bestMetric, List<EpochStats> history, boolean stoppedEarly,
                             String trainingDataHash) {

    public TrainingResult {
        history = List.copyOf(history);
    }
}
