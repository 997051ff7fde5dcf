package io.longitude.cohort.aces;

import io.longitude.config.InvalidConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The forms ACES's own doctests give for {@code parse_timedelta} (utils.py) and the ones its sample configs use. */
class AcesDurationsTest {

    @Test
    void readsTheFormsAcesConfigsUse() {
        assertEquals(Duration.ofHours(24), AcesDurations.parse("k", "24h"));
        assertEquals(Duration.ofHours(48), AcesDurations.parse("k", "48 hours"));
        assertEquals(Duration.ofDays(1), AcesDurations.parse("k", "1 day"));
        assertEquals(Duration.ofDays(365), AcesDurations.parse("k", "365 days"));
        assertEquals(Duration.ofDays(1825), AcesDurations.parse("k", "1825d"));
        assertEquals(Duration.ofDays(14), AcesDurations.parse("k", "2w"));
        assertEquals(Duration.ofMinutes(90), AcesDurations.parse("k", "1.5h"));
        assertEquals(Duration.ofSeconds(86_400 + 7_384), AcesDurations.parse("k", "1 days 2 hours 3 minutes 4 seconds"));
        assertEquals(Duration.ofSeconds(86_400 + 51_616), AcesDurations.parse("k", "1 day, 14:20:16"));
        assertEquals(Duration.ZERO, AcesDurations.parse("k", "0h"));
    }

    @Test
    void refusesWhatIsNotADurationNamingTheKey() {
        for (String bad : new String[] {"24", "1 month", "2 years", "abc", "24h and change", "", "h24"}) {
            InvalidConfigException e = assertThrows(InvalidConfigException.class,
                    () -> AcesDurations.parse("windows.gap.end", bad), bad);
            assertTrue(e.getMessage().startsWith("windows.gap.end: bad duration"), e.getMessage());
        }
    }
}
