package io.longitude.cohort;

import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitEvent;

import java.time.Instant;

/**
 * Which part of a patient's record a sample may see. A visit enters when it starts at or after
 * {@code from} and before the cutoff (at or before it when inclusive); its type and reason codes enter
 * with it (they are known at admission), its events only when timed before the cutoff (at or before
 * it when inclusive). The admission encounter's type and reason codes enter even when it starts
 * exactly at the cutoff: mortality at admission sees the index encounter's admission information and
 * nothing else of the index stay. A null cutoff or from means unbounded.
 */
final class FeatureWindow {

    private final Instant from;
    private final Instant cutoff;
    private final boolean inclusive;
    private final String admissionEncounterKey;

    private FeatureWindow(Instant from, Instant cutoff, boolean inclusive, String admissionEncounterKey) {
        this.from = from;
        this.cutoff = cutoff;
        this.inclusive = inclusive;
        this.admissionEncounterKey = admissionEncounterKey;
    }

    /** Everything up to and including {@code cutoff} (readmission: up to discharge). */
    static FeatureWindow upToAndIncluding(Instant cutoff) {
        return new FeatureWindow(null, cutoff, true, null);
    }

    /** Events strictly before {@code cutoff}, plus the admission information of the index encounter. */
    static FeatureWindow before(Instant cutoff, String admissionEncounterKey) {
        return new FeatureWindow(null, cutoff, false, admissionEncounterKey);
    }

    /** Every visit starting at or after {@code from}, whole. */
    static FeatureWindow from(Instant from) {
        return new FeatureWindow(from, null, true, null);
    }

    /** Every visit starting at or after {@code from}, with what happened strictly before {@code cutoff}. */
    static FeatureWindow between(Instant from, Instant cutoff) {
        return new FeatureWindow(from, cutoff, false, null);
    }

    boolean admitsVisit(Visit visit) {
        if (from != null && visit.getStart().isBefore(from)) {
            return false;
        }
        return admitsTime(visit.getStart()) || isAdmissionEncounter(visit);
    }

    /** An event without its own time is taken to happen at its visit's start. */
    boolean admitsEvent(Visit visit, VisitEvent event) {
        return admitsTime(event.getTime() != null ? event.getTime() : visit.getStart());
    }

    private boolean isAdmissionEncounter(Visit visit) {
        return admissionEncounterKey != null && admissionEncounterKey.equals(visit.getEncounterKey());
    }

    private boolean admitsTime(Instant time) {
        if (cutoff == null) {
            return true;
        }
        return inclusive ? !time.isAfter(cutoff) : time.isBefore(cutoff);
    }
}
