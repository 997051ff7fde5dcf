package io.longitude.cohort;

import java.io.Serializable;
import java.util.Comparator;

/**
 * What numeric values are binned by: an observation's {@code system|code} token and the unit of its value ("" when
 * it has none). A class, not a record: Spark's Kryo cannot serialise records.
 */
public final class ValueKey implements Serializable, Comparable<ValueKey> {

    private static final long serialVersionUID = 1L;
    private static final Comparator<ValueKey> ORDER = Comparator.comparing(ValueKey::code).thenComparing(ValueKey::unit);

    private final String code;
    private final String unit;

    public ValueKey(String code, String unit) {
        this.code = code;
        this.unit = unit == null ? "" : unit;
    }

    public String code() {
        return code;
    }

    public String unit() {
        return unit;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValueKey k && k.code.equals(code) && k.unit.equals(unit);
    }

    @Override
    public int hashCode() {
        return 31 * code.hashCode() + unit.hashCode();
    }

    @Override
    public int compareTo(ValueKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return unit.isEmpty() ? code : code + " [" + unit + "]";
    }
}
