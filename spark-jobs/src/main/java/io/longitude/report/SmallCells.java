package io.longitude.report;

/** Small-cell suppression: a count below the threshold is shown as "&lt;threshold", never as itself. */
public final class SmallCells {

    private final int threshold;

    public SmallCells(int threshold) {
        if (threshold < 1) {
            throw new IllegalArgumentException("the small-cell threshold must be positive");
        }
        this.threshold = threshold;
    }

    public String count(long n) {
        return n > 0 && n < threshold ? "<" + threshold : Long.toString(n);
    }

    public boolean suppressed(long n) {
        return n > 0 && n < threshold;
    }

    /** False for a threshold of 1: every count is shown as it is. */
    public boolean enabled() {
        return threshold > 1;
    }

    public int threshold() {
        return threshold;
    }
}
