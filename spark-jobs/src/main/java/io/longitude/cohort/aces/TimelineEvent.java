package io.longitude.cohort.aces;

import java.io.Serializable;
import java.time.LocalDateTime;

/**
 * One event of a subject's timeline as an ACES task sees it: a MEDS code string (the export's,
 * {@code io.longitude.meds.MedsCodes}) at a UTC wall-clock time, null for a static row, with its numeric value
 * (null when it has none).
 */
public record TimelineEvent(LocalDateTime time, String code, Double numericValue) implements Serializable {
}
