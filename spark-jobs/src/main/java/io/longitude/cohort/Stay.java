package io.longitude.cohort;

import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A hospital stay: one or more inpatient encounters of a patient merged because each starts within the
 * transfer gap after the latest end so far. A stay with an encounter whose end is unknown is open.
 */
public final class Stay {

    static final Comparator<Visit> BY_START = Comparator.comparing(Visit::getStart)
            .thenComparing(Visit::getEncounterKey, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final List<Visit> encounters;
    private final Instant start;
    private final Instant end;

    private Stay(List<Visit> encounters, Instant end) {
        this.encounters = List.copyOf(encounters);
        this.start = encounters.get(0).getStart();
        this.end = end;
    }

    /** The patient's stays in start order, built from the visits that are inpatient encounters. */
    public static List<Stay> of(List<Visit> visits, TaskConfig config) {
        List<Visit> inpatient = visits.stream()
                .filter(v -> v.getStart() != null && config.isInpatientClass(v.getClassCode())
                        && !config.isExcludedStatus(v.getStatus()))
                .sorted(BY_START)
                .toList();
        List<Stay> stays = new ArrayList<>();
        List<Visit> current = new ArrayList<>();
        Instant latest = null;
        boolean open = false;
        for (Visit encounter : inpatient) {
            if (!current.isEmpty() && encounter.getStart().isAfter(latest.plus(config.transferGap()))) {
                stays.add(new Stay(current, open ? null : latest));
                current = new ArrayList<>();
                latest = null;
                open = false;
            }
            current.add(encounter);
            // An encounter without an end still occupies the bed from its start: later encounters that
            // start within the gap of its start are transfers.
            Instant known = encounter.getEnd() != null ? encounter.getEnd() : encounter.getStart();
            latest = latest == null || known.isAfter(latest) ? known : latest;
            open |= encounter.getEnd() == null;
        }
        if (!current.isEmpty()) {
            stays.add(new Stay(current, open ? null : latest));
        }
        return stays;
    }

    public List<Visit> encounters() {
        return encounters;
    }

    /** The stay's first encounter: its admission information is known at the stay's start. */
    public Visit indexEncounter() {
        return encounters.get(0);
    }

    public Instant start() {
        return start;
    }

    /** The latest end of the stay's encounters; null for an open stay. */
    public Instant end() {
        return end;
    }

    public boolean open() {
        return end == null;
    }

    public boolean containsEncounter(String encounterKey) {
        return encounters.stream().anyMatch(v -> encounterKey.equals(v.getEncounterKey()));
    }

    /**
     * Died during the stay: a discharge disposition meaning expired, or a death time within
     * [start, end + death window], an open stay using the data end as its end.
     */
    public boolean diedInHospital(Instant deathTime, Instant dataEnd, TaskConfig config) {
        if (encounters.stream().anyMatch(v -> config.isExpiredDisposition(v.getDischargeDisposition()))) {
            return true;
        }
        if (deathTime == null) {
            return false;
        }
        Instant until = (end != null ? end : dataEnd).plus(config.deathWindow());
        return !deathTime.isBefore(start) && !deathTime.isAfter(until);
    }

    /** Planned: one of its encounters holds a Procedure whose system|code is in the planned list. */
    public boolean planned(TaskConfig config) {
        for (Visit encounter : encounters) {
            for (VisitEvent event : encounter.getEvents()) {
                if ("procedure".equals(event.getKind()) && event.getCode() != null
                        && config.isPlannedProcedure(VisitTokeniser.token(event))) {
                    return true;
                }
            }
        }
        return false;
    }
}
