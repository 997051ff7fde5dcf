package io.longitude.cohort.aces;

import java.io.Serializable;
import java.time.Duration;

/**
 * One parsed {@code start}/{@code end} expression of a window: the point it references ({@code trigger},
 * {@code start}, {@code end} or {@code <window>.start|end}), how it is placed from it, the offset of an
 * {@link BoundKind#OFFSET} bound and the predicate of an event bound.
 */
public record WindowBound(String reference, BoundKind kind, Duration offset, String predicate) implements Serializable {

    /** How far before (negative) or after (positive) the referenced point this bound may lie, in microseconds. */
    double earliestMicros() {
        return switch (kind) {
            case AT, NEXT_EVENT -> 0;
            case OFFSET -> micros(offset);
            case PREVIOUS_EVENT -> Double.NEGATIVE_INFINITY;
        };
    }

    double latestMicros() {
        return switch (kind) {
            case AT, PREVIOUS_EVENT -> 0;
            case OFFSET -> micros(offset);
            case NEXT_EVENT -> Double.POSITIVE_INFINITY;
        };
    }

    static long micros(Duration d) {
        return d.getSeconds() * 1_000_000L + d.getNano() / 1_000;
    }
}
