package io.longitude.models.train;

import io.longitude.models.data.NumericNormaliser;
import java.util.List;

/**
 * What a checkpoint records besides the network and its optimizer state. Epochs are 0-based;
 * {@code epochsCompleted} is the next epoch to run. The random state needs no recording: the trainer
 * reseeds ND4J's generator and the batch order from the seed and the epoch number at each epoch start.
 */
public record TrainingState(String modelName, String trainingDataHash, NumericNormaliser normaliser,
                            int epochsCompleted, int bestEpoch, double bestMetric, int epochsWithoutImprovement,
                            List<EpochStats> history) {

    public TrainingState {
        history = List.copyOf(history);
    }
}
