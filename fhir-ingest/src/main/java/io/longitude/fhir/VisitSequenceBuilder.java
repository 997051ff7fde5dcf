package io.longitude.fhir;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one patient's {@link VisitSequence} from the records the ingest job grouped for that patient. A pure
 * function of its arguments: the order of the input lists does not matter.
 *
 * <ul>
 * <li>Visits are the encounters ordered by (start, end, encounter key), nulls last.</li>
 * <li>An event goes to the encounter whose aliases contain its {@code encounterRef}; failing that, to an
 * encounter whose [start, end] contains its time (an encounter without an end covers only its start
 * instant), and if several do, the one with the latest start (on equal starts, the last in visit order);
 * failing that, to {@code eventsWithoutVisit}. No event is dropped.</li>
 * <li>Events are ordered by (time, kind, code system, code) and then by their remaining fields, nulls last.</li>
 * </ul>
 */
public final class VisitSequenceBuilder implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Comparator<VisitEvent> EVENT_ORDER = Comparator
            .comparing(VisitEvent::getTime, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(VisitEvent::getKind, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(VisitEvent::getCodeSystem, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(VisitEvent::getCode, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(VisitEvent::getEndTime, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(VisitEvent::getValue, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(VisitEvent::getUnit, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(VisitEvent::getValueCode, Comparator.nullsLast(Comparator.naturalOrder()));

    private static final Comparator<Visit> VISIT_ORDER = Comparator
            .comparing(Visit::getStart, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Visit::getEnd, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Visit::getEncounterKey, Comparator.nullsLast(Comparator.naturalOrder()));

    public VisitSequence build(String patientKey, PatientRecord patient, List<EncounterRecord> encounters,
                               List<EventRecord> events, Pseudonymiser pseudonymiser) {
        VisitSequence sequence = VisitSequence.publish(patientKey, patient);

        List<Visit> visits = new ArrayList<>(encounters.size());
        Map<Visit, EncounterRecord> sources = new IdentityHashMap<>();
        for (EncounterRecord encounter : encounters) {
            Visit visit = Visit.publish(encounter, pseudonymiser.key(encounter.getSourceRef()));
            visits.add(visit);
            sources.put(visit, encounter);
        }
        visits.sort(VISIT_ORDER);
        Map<String, Visit> byAlias = new HashMap<>();
        for (Visit visit : visits) {
            EncounterRecord source = sources.get(visit);
            byAlias.putIfAbsent(source.getSourceRef(), visit);
            for (String alias : source.getAliases()) {
                byAlias.putIfAbsent(alias, visit);
            }
        }
        TimeIndex timeIndex = new TimeIndex(visits);

        List<VisitEvent> withoutVisit = new ArrayList<>();
        int byReference = 0;
        int byTime = 0;
        for (EventRecord event : events) {
            VisitEvent visitEvent = VisitEvent.publish(event);
            Visit visit = event.getEncounterRef() == null ? null : byAlias.get(event.getEncounterRef());
            if (visit != null) {
                byReference++;
            } else {
                visit = timeIndex.containing(event.getTime());
                if (visit != null) {
                    byTime++;
                }
            }
            if (visit != null) {
                visit.getEvents().add(visitEvent);
            } else {
                withoutVisit.add(visitEvent);
            }
        }
        for (Visit visit : visits) {
            visit.getEvents().sort(EVENT_ORDER);
        }
        withoutVisit.sort(EVENT_ORDER);
        sequence.setVisits(visits);
        sequence.setEventsWithoutVisit(withoutVisit);
        sequence.setAttachedByReference(byReference);
        sequence.setAttachedByTime(byTime);
        sequence.setUnattached(withoutVisit.size());
        return sequence;
    }

    /** Finds the latest-starting visit whose [start, end] contains an instant, in O(log n) plus the overlaps. */
    private static final class TimeIndex {
        private final List<Visit> visits;
        private final Instant[] starts;
        private final Instant[] ends;
        private final Instant[] maxEndSoFar;

        TimeIndex(List<Visit> sortedVisits) {
            int n = 0;
            while (n < sortedVisits.size() && sortedVisits.get(n).getStart() != null) {
                n++;
            }
            visits = sortedVisits.subList(0, n);
            starts = new Instant[n];
            ends = new Instant[n];
            maxEndSoFar = new Instant[n];
            for (int i = 0; i < n; i++) {
                Visit v = visits.get(i);
                starts[i] = v.getStart();
                ends[i] = v.getEnd() != null ? v.getEnd() : v.getStart();
                maxEndSoFar[i] = i == 0 || ends[i].isAfter(maxEndSoFar[i - 1]) ? ends[i] : maxEndSoFar[i - 1];
            }
        }

        Visit containing(Instant time) {
            if (time == null || starts.length == 0) {
                return null;
            }
            int i = Arrays.binarySearch(starts, time);
            if (i >= 0) {
                while (i + 1 < starts.length && !starts[i + 1].isAfter(time)) {
                    i++;
                }
            } else {
                i = -i - 2;
            }
            for (; i >= 0 && !maxEndSoFar[i].isBefore(time); i--) {
                if (!ends[i].isBefore(time)) {
                    return visits.get(i);
                }
            }
            return null;
        }
    }
}
