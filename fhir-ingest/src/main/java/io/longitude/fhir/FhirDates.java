package io.longitude.fhir;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;

import org.hl7.fhir.r4.model.PrimitiveType;

/**
 * FHIR date/dateTime/instant strings to {@code java.time}, independent of the JVM's time zone: partial dates
 * are the first instant of their period in UTC, and a dateTime without a zone is read as UTC (HAPI would read
 * it in the JVM's default zone).
 */
final class FhirDates {

    private FhirDates() {
    }

    static Instant instant(PrimitiveType<?> value, String element) throws RejectException {
        String s = text(value);
        if (s == null) {
            return null;
        }
        try {
            if (s.indexOf('T') < 0) {
                return localDate(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeException noZone) {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeException e) {
            throw badDate(element);
        }
    }

    static LocalDate date(PrimitiveType<?> value, String element) throws RejectException {
        String s = text(value);
        if (s == null) {
            return null;
        }
        try {
            int t = s.indexOf('T');
            return localDate(t < 0 ? s : s.substring(0, t));
        } catch (DateTimeException e) {
            throw badDate(element);
        }
    }

    private static LocalDate localDate(String s) {
        switch (s.length()) {
            case 4:
                return Year.parse(s).atDay(1);
            case 7:
                return YearMonth.parse(s).atDay(1);
            default:
                return LocalDate.parse(s);
        }
    }

    private static String text(PrimitiveType<?> value) {
        if (value == null) {
            return null;
        }
        String s = value.getValueAsString();
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static RejectException badDate(String element) {
        return new RejectException(RejectReason.BAD_DATE, "unparseable date in " + element);
    }
}
