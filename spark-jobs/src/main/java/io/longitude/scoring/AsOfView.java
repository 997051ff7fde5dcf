package io.longitude.scoring;

import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitEvent;
import io.longitude.fhir.VisitSequence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A patient's record as it was known at an instant T: an encounter starting after T does not exist; an end
 * after T is not known yet (the encounter is still open, its discharge disposition unknown); a death after T is
 * not known; an event timed after T has not been seen. An event without a time counts as seen at its visit's
 * start. The input is never changed.
 */
public final class AsOfView {

    private AsOfView() {
    }

    public static VisitSequence of(VisitSequence patient, Instant asOf) {
        VisitSequence view = new VisitSequence();
        view.copyFactsFrom(patient);
        view.setPatientKey(patient.getPatientKey());
        view.setSchemaVersion(patient.getSchemaVersion());
        boolean deathKnown = patient.getDeathTime() != null && !patient.getDeathTime().isAfter(asOf);
        view.setDeathTime(deathKnown ? patient.getDeathTime() : null);
        view.setDeceased(deathKnown ? Boolean.TRUE : patient.getDeathTime() == null ? patient.getDeceased() : null);
        List<Visit> visits = new ArrayList<>();
        for (Visit visit : patient.getVisits()) {
            if (visit.getStart() == null || visit.getStart().isAfter(asOf)) {
                continue;
            }
            visits.add(visit(visit, asOf));
        }
        view.setVisits(visits);
        List<VisitEvent> loose = new ArrayList<>();
        for (VisitEvent event : patient.getEventsWithoutVisit()) {
            if (event.getTime() != null && !event.getTime().isAfter(asOf)) {
                loose.add(event);
            }
        }
        view.setEventsWithoutVisit(loose);
        return view;
    }

    private static Visit visit(Visit visit, Instant asOf) {
        Visit view = new Visit();
        view.copyFactsFrom(visit);
        view.setEncounterKey(visit.getEncounterKey());
        boolean ended = visit.getEnd() != null && !visit.getEnd().isAfter(asOf);
        view.setEnd(ended ? visit.getEnd() : null);
        view.setDischargeDisposition(ended ? visit.getDischargeDisposition() : null);
        List<VisitEvent> events = new ArrayList<>();
        for (VisitEvent event : visit.getEvents()) {
            Instant seen = event.getTime() != null ? event.getTime() : visit.getStart();
            if (!seen.isAfter(asOf)) {
                events.add(event);
            }
        }
        view.setEvents(events);
        return view;
    }
}
