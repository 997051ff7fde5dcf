package io.longitude.cohort.aces;

import java.io.Serializable;

/**
 * One candidate (a trigger time) of a subject: the index of the last attrition step it passed
 * ({@link AcesExtractor#attritionSteps()}) and, when it passed them all, its row (else null).
 */
public record AcesOutcome(int reachedStep, AcesSample sample) implements Serializable {
}
