package io.longitude.writeback;

import java.io.Serializable;
import java.time.Duration;

/**
 * How long to wait before attempt {@code n + 1} of a request the server answered 429 or 5xx: {@code first}
 * doubled per attempt, or the server's {@code Retry-After} when that is longer, never more than {@code max}.
 */
public record RetryBackoff(Duration first, Duration max) implements Serializable {

    public RetryBackoff {
        if (first.isNegative() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("retry back-off needs 0 ≤ first ≤ max, got " + first + " and " + max);
        }
    }

    /**
     * @param failedAttempts attempts made so far (≥ 1)
     * @param retryAfter     the server's Retry-After header, or null
     */
    public Duration delay(int failedAttempts, String retryAfter) {
        Duration exponential = first.multipliedBy(1L << Math.min(failedAttempts - 1, 30));
        Duration wait = exponential;
        Duration asked = retryAfterSeconds(retryAfter);
        if (asked != null && asked.compareTo(wait) > 0) {
            wait = asked;
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }

    /** Retry-After in its delta-seconds form; an HTTP date or anything else is ignored. */
    private static Duration retryAfterSeconds(String retryAfter) {
        if (retryAfter == null || !retryAfter.strip().matches("\\d{1,9}")) {
            return null;
        }
        return Duration.ofSeconds(Long.parseLong(retryAfter.strip()));
    }
}
