package io.longitude.cohort.aces;

import io.longitude.config.InvalidConfigException;

import java.io.Serializable;

/** A {@code has} constraint: the inclusive range a predicate's count in a window must fall in; null is unbounded. */
public record CountRange(Integer min, Integer max) implements Serializable {

    /** Parses ACES's {@code "(min, max)"} text, {@code None} or nothing meaning unbounded. */
    static CountRange parse(String key, Object value) {
        if (!(value instanceof String text)) {
            throw new InvalidConfigException(key + ": a count constraint is '(min, max)', got " + value);
        }
        String[] parts = text.strip().replaceAll("^\\(|\\)$", "").split(",", -1);
        if (parts.length != 2) {
            throw new InvalidConfigException(key + ": a count constraint is '(min, max)', got '" + text + "'");
        }
        Integer min = bound(key, text, parts[0]);
        Integer max = bound(key, text, parts[1]);
        if ((min == null && max == null) || (min != null && max != null && max < min)) {
            throw new InvalidConfigException(key + ": '" + text + "' constrains nothing or nothing can satisfy it");
        }
        return new CountRange(min, max);
    }

    private static Integer bound(String key, String text, String part) {
        String p = part.strip();
        if (p.isEmpty() || p.equals("None")) {
            return null;
        }
        try {
            return Integer.valueOf(p);
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(key + ": a count constraint is '(min, max)' of integers or None, got '"
                    + text + "'");
        }
    }

    public boolean admits(long count) {
        return (min == null || count >= min) && (max == null || count <= max);
    }
}
