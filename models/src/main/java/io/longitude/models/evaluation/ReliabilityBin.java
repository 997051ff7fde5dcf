package io.longitude.models.evaluation;

/** One equal-width bin of a reliability curve: how many samples, mean predicted risk, observed rate. */
public record ReliabilityBin(double lower, double upper, long count, double meanPredicted, double observedRate) {
}
