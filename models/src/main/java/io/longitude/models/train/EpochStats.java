package io.longitude.models.train;

/**
 * One training epoch: mean training loss (per sequence, weighted by batch size), the validation
 * metric, throughput and wall time.
 */
public record EpochStats(int epoch, double trainLoss, double validationMetric, double sequencesPerSecond,
                         double seconds) {
}
