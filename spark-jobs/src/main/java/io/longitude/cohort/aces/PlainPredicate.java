package io.longitude.cohort.aces;

/**
 * An event whose code matches and, when bounds are given, whose numeric value lies within them (an event
 * without a value never satisfies a bound). {@code isStatic}: a {@code patient_demographics} entry, matched
 * against the static rows (no time).
 */
public record PlainPredicate(String name, CodeMatch code, Double valueMin, boolean valueMinInclusive,
                             Double valueMax, boolean valueMaxInclusive, boolean isStatic) implements AcesPredicate {

    public boolean matches(TimelineEvent event) {
        if (!code.matches(event.code())) {
            return false;
        }
        Double value = event.numericValue();
        if (valueMin != null && (value == null || (valueMinInclusive ? value < valueMin : value <= valueMin))) {
            return false;
        }
        return valueMax == null || (value != null && (valueMaxInclusive ? value <= valueMax : value < valueMax));
    }
}
