package io.longitude.cohort;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attrition table of a cohort or of a scoring's open events: for each step, how many candidates remain
 * after it, from how many candidates stopped at each step ({@link CandidateOutcome#getReachedStep()}).
 */
public final class Attrition {

    private Attrition() {
    }

    /**
     * @param reached per step, the candidates whose last step reached is that one
     * @return one {@code {step, remaining}} entry per step, in step order
     */
    public static List<Map<String, Object>> of(List<String> steps, long[] reached) {
        long[] remainingAt = new long[steps.size()];
        long remaining = 0;
        for (int i = steps.size() - 1; i >= 0; i--) {
            remaining += reached[i];
            remainingAt[i] = remaining;
        }
        List<Map<String, Object>> attrition = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("step", steps.get(i));
            step.put("remaining", remainingAt[i]);
            attrition.add(step);
        }
        return attrition;
    }

    /** The candidates remaining after the last step: the samples (or open events). */
    public static long remaining(List<Map<String, Object>> attrition) {
        return attrition.isEmpty() ? 0 : (Long) attrition.get(attrition.size() - 1).get("remaining");
    }
}
