package io.longitude.cohort.aces;

import java.io.Serializable;
import java.util.Map;

/**
 * A window of a task config. Exactly one of its bounds references the other (its "inner" bound, e.g.
 * {@code end: start + 24h}); the other (its "root") references the trigger or another window's start or end.
 * {@code has} maps a predicate to the range its count in the window must fall in; {@code label} names the
 * predicate counted as the label; {@code indexTimestamp} is {@code start} or {@code end} (the prediction time).
 */
public record AcesWindow(String name, WindowBound start, WindowBound end, boolean startInclusive,
                         boolean endInclusive, Map<String, CountRange> has, String label, String indexTimestamp)
        implements Serializable {

    /** True when the end is placed from the start ({@code end: start …}), false when the start is placed from the end. */
    public boolean rootIsStart() {
        return end.reference().equals("start");
    }

    public String startNode() {
        return name + ".start";
    }

    public String endNode() {
        return name + ".end";
    }

    String rootNode() {
        return rootIsStart() ? startNode() : endNode();
    }

    String innerNode() {
        return rootIsStart() ? endNode() : startNode();
    }

    WindowBound rootBound() {
        return rootIsStart() ? start : end;
    }

    WindowBound innerBound() {
        return rootIsStart() ? end : start;
    }

    /**
     * Whether the event found by the inner bound may be the root point itself: only when the window includes the
     * bound's side (ACES aggregate.py, {@code boolean_expr_bound_sum}: a boundary row coincides with the row only
     * for {@code closed} including that side).
     */
    boolean innerBoundMayCoincide() {
        return rootIsStart() ? endInclusive : startInclusive;
    }
}
