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

    /** {step → remaining} in step order, from the entries {@link #of} made. */
    public static Map<String, Long> remainingByStep(List<Map<String, Object>> attrition) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map<String, Object> step : attrition) {
            out.put((String) step.get("step"), (Long) step.get("remaining"));
        }
        return out;
    }

    /** One line per step, the step's name padded to {@code width}: remaining, and how many that step removed. */
    public static List<String> lines(Map<String, Long> remainingByStep, int width) {
        List<String> lines = new ArrayList<>();
        long previous = -1;
        for (Map.Entry<String, Long> step : remainingByStep.entrySet()) {
            lines.add(String.format("%-" + width + "s %10d%s", step.getKey(), step.getValue(),
                    previous < 0 ? "" : String.format("  (-%d)", previous - step.getValue())));
            previous = step.getValue();
        }
        return lines;
    }

    /** The candidates remaining after the last step: the samples (or open events). */
    public static long remaining(List<Map<String, Object>> attrition) {
        return attrition.isEmpty() ? 0 : (Long) attrition.get(attrition.size() - 1).get("remaining");
    }
}
