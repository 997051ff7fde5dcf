package io.longitude.cohort.aces;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A parsed, validated ACES task config. {@code steps} places every window point from the trigger in an order
 * where each parent comes first; {@code derivedOrder} evaluates derived predicates after their inputs;
 * {@code demographics} are the static predicates every subject must satisfy.
 */
public record AcesTask(String source, Map<String, AcesPredicate> predicates, List<String> derivedOrder,
                       List<String> demographics, String trigger, Map<String, AcesWindow> windows,
                       List<NodeStep> steps, String labelWindow, String indexWindow) implements Serializable {

    public static final String TRIGGER = "trigger";
    public static final String ANY_EVENT = "_ANY_EVENT";
    public static final String RECORD_START = "_RECORD_START";
    public static final String RECORD_END = "_RECORD_END";

    public AcesWindow label() {
        return windows.get(labelWindow);
    }

    public AcesWindow index() {
        return windows.get(indexWindow);
    }

    /** The window point that is the prediction time. */
    public String predictionNode() {
        AcesWindow index = index();
        return index.indexTimestamp().equals("start") ? index.startNode() : index.endNode();
    }

    static boolean isSpecial(String predicate) {
        return predicate.equals(ANY_EVENT) || predicate.equals(RECORD_START) || predicate.equals(RECORD_END);
    }
}
