package io.longitude.cohort;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Ages from a birth date, in UTC. */
final class Ages {

    private static final double DAYS_PER_YEAR = 365.25;

    private Ages() {
    }

    /** Whole years from the birth date to the day of {@code at}; -1 when the birth date is unknown. */
    static int wholeYears(LocalDate birthDate, Instant at) {
        if (birthDate == null) {
            return -1;
        }
        return Period.between(birthDate, at.atZone(ZoneOffset.UTC).toLocalDate()).getYears();
    }

    /** Fractional years, the numeric feature "age at visit". */
    static float years(LocalDate birthDate, Instant at) {
        if (birthDate == null) {
            return 0f;
        }
        long days = ChronoUnit.DAYS.between(birthDate, at.atZone(ZoneOffset.UTC).toLocalDate());
        return (float) (days / DAYS_PER_YEAR);
    }
}
