package io.longitude.cohort.aces;

import io.longitude.config.InvalidConfigException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses a task that could see its own future. The input window is the window carrying
 * {@code index_timestamp}; its end must never come after the prediction time, and the label window must lie
 * wholly after the input window (sharing at most an instant that one of them excludes). Both are decided from
 * the config alone, by how far each window point can lie from the nearest point both descend from: an offset
 * moves a point by exactly its duration, {@code -> p} by zero or more, {@code <- p} by zero or less. A relation
 * that cannot be proven for every timeline is refused.
 */
final class LeakageGuard {

    private LeakageGuard() {
    }

    static void check(AcesTask task) {
        Map<String, NodeStep> steps = new HashMap<>();
        task.steps().forEach(s -> steps.put(s.node(), s));
        AcesWindow input = task.index();
        AcesWindow label = task.label();
        String prediction = task.predictionNode();
        if (!(margin(steps, input.endNode(), prediction) >= 0)) {
            throw leak(task, "input window '" + input.name() + "' may end after its prediction time ("
                    + input.name() + "." + input.indexTimestamp() + ")");
        }
        if (label == input) {
            throw leak(task, "label window '" + label.name() + "' is the input window");
        }
        double margin = margin(steps, input.endNode(), label.startNode());
        if (!(margin >= 0) || (margin == 0 && input.endInclusive() && label.startInclusive())) {
            throw leak(task, "label window '" + label.name() + "' may overlap input window '" + input.name() + "'");
        }
    }

    private static InvalidConfigException leak(AcesTask task, String problem) {
        return new InvalidConfigException(task.source() + ": windows: leakage: " + problem);
    }

    /**
     * The least time point {@code b} can lie after point {@code a} in any timeline, in microseconds: negative or
     * NaN when {@code a} may come after {@code b}.
     */
    static double margin(Map<String, NodeStep> steps, String a, String b) {
        List<String> pathA = path(steps, a);
        List<String> pathB = path(steps, b);
        String common = pathA.stream().filter(pathB::contains).findFirst().orElseThrow();
        double latestA = 0;
        for (String node = a; !node.equals(common); node = steps.get(node).parent()) {
            latestA += steps.get(node).bound().latestMicros();
        }
        double earliestB = 0;
        for (String node = b; !node.equals(common); node = steps.get(node).parent()) {
            earliestB += steps.get(node).bound().earliestMicros();
        }
        return earliestB - latestA;
    }

    /** The point and its ancestors up to the trigger. */
    private static List<String> path(Map<String, NodeStep> steps, String node) {
        List<String> path = new ArrayList<>();
        for (String n = node; n != null; n = steps.containsKey(n) ? steps.get(n).parent() : null) {
            path.add(n);
        }
        return path;
    }
}
