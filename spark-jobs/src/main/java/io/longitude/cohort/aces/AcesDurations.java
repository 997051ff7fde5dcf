package io.longitude.cohort.aces;

import io.longitude.config.InvalidConfigException;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Window offsets as ACES writes them (it uses pytimeparse, utils.py {@code parse_timedelta}): a sequence of
 * number-unit parts such as {@code 24h}, {@code 7 days}, {@code 1 day 2 hours 30 min}, optionally ending in a
 * clock {@code 14:20[:16]}. Units are weeks, days, hours, minutes and seconds; months and years are refused
 * (their length is not fixed).
 */
final class AcesDurations {

    private static final Pattern PART = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([a-z]+)\\s*,?");
    private static final Pattern CLOCK = Pattern.compile("\\s*(\\d+):(\\d{2})(?::(\\d{2}(?:\\.\\d+)?))?\\s*");
    private static final Map<String, Long> SECONDS = Map.ofEntries(
            Map.entry("w", 604_800L), Map.entry("wk", 604_800L), Map.entry("wks", 604_800L),
            Map.entry("week", 604_800L), Map.entry("weeks", 604_800L),
            Map.entry("d", 86_400L), Map.entry("day", 86_400L), Map.entry("days", 86_400L),
            Map.entry("h", 3_600L), Map.entry("hr", 3_600L), Map.entry("hrs", 3_600L),
            Map.entry("hour", 3_600L), Map.entry("hours", 3_600L),
            Map.entry("m", 60L), Map.entry("min", 60L), Map.entry("mins", 60L),
            Map.entry("minute", 60L), Map.entry("minutes", 60L),
            Map.entry("s", 1L), Map.entry("sec", 1L), Map.entry("secs", 1L),
            Map.entry("second", 1L), Map.entry("seconds", 1L));

    private AcesDurations() {
    }

    static Duration parse(String key, String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        double seconds = 0;
        int position = 0;
        boolean any = false;
        Matcher part = PART.matcher(t);
        while (position < t.length() && part.region(position, t.length()).lookingAt()) {
            Long unit = SECONDS.get(part.group(2));
            if (unit == null) {
                throw bad(key, text);
            }
            seconds += Double.parseDouble(part.group(1)) * unit;
            position = part.end();
            any = true;
        }
        Matcher clock = CLOCK.matcher(t);
        if (position < t.length() && clock.region(position, t.length()).matches()) {
            seconds += Long.parseLong(clock.group(1)) * 3_600L + Long.parseLong(clock.group(2)) * 60L
                    + (clock.group(3) == null ? 0 : Double.parseDouble(clock.group(3)));
            position = t.length();
            any = true;
        }
        if (!any || position < t.length()) {
            throw bad(key, text);
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    private static InvalidConfigException bad(String key, String text) {
        return new InvalidConfigException(key + ": bad duration '" + text.strip()
                + "' (write e.g. 24h, 48 hours, 7 days, 1 day 12h)");
    }
}
