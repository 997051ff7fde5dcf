package io.longitude.writeback;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RetryBackoffTest {

    private final RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(500), Duration.ofSeconds(60));

    @Test
    void theWaitDoublesPerAttemptUpToTheCeiling() {
        assertEquals(Duration.ofMillis(500), backoff.delay(1, null));
        assertEquals(Duration.ofMillis(1000), backoff.delay(2, null));
        assertEquals(Duration.ofMillis(4000), backoff.delay(4, null));
        assertEquals(Duration.ofSeconds(60), backoff.delay(12, null));
        assertEquals(Duration.ofSeconds(60), backoff.delay(200, null));
    }

    @Test
    void aLongerRetryAfterIsHonouredWithinTheCeiling() {
        assertEquals(Duration.ofSeconds(7), backoff.delay(1, "7"));
        assertEquals(Duration.ofMillis(2000), backoff.delay(3, "1"), "a shorter one does not shorten the back-off");
        assertEquals(Duration.ofSeconds(60), backoff.delay(1, "86400"));
        assertEquals(Duration.ofMillis(500), backoff.delay(1, "Wed, 21 Oct 2015 07:28:00 GMT"), "dates are ignored");
    }

    @Test
    void aCeilingBelowTheFirstWaitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
