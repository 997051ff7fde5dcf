package io.longitude.cohort;

import java.time.Instant;
import java.util.List;

/**
 * One candidate of a task (a stay, or a patient for next-visit-dx): how far it went through the
 * attrition steps and, when it passed them all, what its sample is made of.
 *
 * @param reachedStep    index of the last attrition step that still counts it
 * @param indexKey       encounter that names the sample (the stay's first encounter, or the last visit)
 * @param indexTime      prediction time
 * @param ageAtIndex     whole years at the stay's start (the last visit's start for next-visit-dx)
 * @param label          1/0 for binary tasks, null for next-visit-dx
 * @param window         what the sample's features may see
 * @param withTargets    whether each visit carries its condition codes as targets (next-visit-dx)
 * @param plannedOnly    readmission tasks: every readmission in the window was a planned stay (null if none)
 */
record Candidate(int reachedStep, String indexKey, Instant indexTime, int ageAtIndex, Integer label,
                 FeatureWindow window, boolean withTargets, Boolean plannedOnly) {

    static Candidate dropped(int reachedStep) {
        return new Candidate(reachedStep, null, null, -1, null, null, false, null);
    }

    boolean kept(List<String> steps) {
        return reachedStep == steps.size() - 1;
    }
}
