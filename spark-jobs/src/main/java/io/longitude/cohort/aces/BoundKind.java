package io.longitude.cohort.aces;

/** How a window bound is placed from the point it references. */
public enum BoundKind {
    /** {@code ref}: the referenced point itself. */
    AT,
    /** {@code ref + 24h} / {@code ref - 24h}. */
    OFFSET,
    /** {@code ref -> predicate}: the nearest later event satisfying the predicate. */
    NEXT_EVENT,
    /** {@code ref <- predicate}: the nearest earlier event satisfying the predicate. */
    PREVIOUS_EVENT
}
