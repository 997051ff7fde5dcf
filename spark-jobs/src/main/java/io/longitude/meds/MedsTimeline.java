package io.longitude.meds;

import io.longitude.cohort.aces.TimelineEvent;
import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitEvent;
import io.longitude.fhir.VisitSequence;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A patient's visit sequence as MEDS rows, sorted as the standard requires: static rows (no time) first,
 * then by time; rows at the same instant in a fixed order (birth, encounter start with its type and reason
 * codes, clinical events, encounter end, discharge disposition, death), then by code and value. Every
 * visit gives a START row, an END row when it has an end, and a disposition row (at the end, else the start)
 * when it has one; every event one row, whether or not it is on a visit. The rows of a visit carry its position in
 * the visit sequence ({@link MedsSchema#VISIT_INDEX}), clinical rows their event's kind ({@link MedsSchema#EVENT_KIND}).
 */
public final class MedsTimeline {

    private static final Comparator<Row> ORDER = Comparator
            .comparing((Row r) -> r.event().getTime(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(Row::rank)
            .thenComparing(r -> r.event().getCode())
            .thenComparing(r -> r.event().getNumericValue(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(r -> r.event().getTextValue(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(r -> r.event().getUnit(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(r -> r.event().getVisitIndex(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(r -> r.event().getEventKind(), Comparator.nullsFirst(Comparator.naturalOrder()));

    private static final int BIRTH = 0;
    private static final int ENCOUNTER_START = 1;
    private static final int ENCOUNTER_CODES = 2;
    private static final int CLINICAL = 3;
    private static final int ENCOUNTER_END = 4;
    private static final int DISPOSITION = 5;
    private static final int DEATH = 6;

    private record Row(int rank, MedsRow event) {
    }

    private MedsTimeline() {
    }

    public static List<MedsRow> of(VisitSequence patient, MedsSubjects subjects) {
        List<Row> rows = new ArrayList<>();
        if (patient.getGender() != null) {
            rows.add(row(BIRTH, null, MedsCodes.gender(patient.getGender())));
        }
        if (patient.getBirthDate() != null) {
            rows.add(new Row(BIRTH, event(patient.getBirthDate().atStartOfDay(), MedsCodes.BIRTH)));
        }
        if (patient.getDeathTime() != null || Boolean.TRUE.equals(patient.getDeceased())) {
            rows.add(row(DEATH, patient.getDeathTime(), MedsCodes.DEATH));
        }
        for (int i = 0; i < patient.getVisits().size(); i++) {
            Visit visit = patient.getVisits().get(i);
            int first = rows.size();
            rows.add(row(ENCOUNTER_START, visit.getStart(), MedsCodes.encounterStart(visit.getClassCode())));
            visit.getTypeCodes().forEach(t -> rows.add(row(ENCOUNTER_CODES, visit.getStart(), MedsCodes.encounterType(t))));
            visit.getReasonCodes().forEach(t -> rows.add(row(ENCOUNTER_CODES, visit.getStart(), MedsCodes.encounterReason(t))));
            if (visit.getEnd() != null) {
                rows.add(row(ENCOUNTER_END, visit.getEnd(), MedsCodes.encounterEnd(visit.getClassCode())));
            }
            if (visit.getDischargeDisposition() != null) {
                rows.add(row(DISPOSITION, visit.getEnd() != null ? visit.getEnd() : visit.getStart(),
                        MedsCodes.dischargeDisposition(visit.getDischargeDisposition())));
            }
            visit.getEvents().forEach(e -> rows.add(clinical(e)));
            for (Row row : rows.subList(first, rows.size())) {
                row.event().setVisitIndex(i);
            }
        }
        patient.getEventsWithoutVisit().forEach(e -> rows.add(clinical(e)));

        rows.sort(ORDER);
        long subjectId = MedsSubjects.subjectId(patient.getPatientKey());
        String split = subjects.split(patient.getPatientKey());
        List<MedsRow> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            MedsRow event = row.event();
            event.setSubjectId(subjectId);
            event.setSplit(split);
            event.setPosition(out.size());
            out.add(event);
        }
        return out;
    }

    /**
     * The patient's rows as an ACES task sees them: code, UTC wall-clock time and the numeric value as the
     * export writes it (float32).
     */
    public static List<TimelineEvent> acesEvents(VisitSequence patient, MedsSubjects subjects) {
        return of(patient, subjects).stream()
                .map(e -> new TimelineEvent(e.getTime(), e.getCode(),
                        e.getNumericValue() == null ? null : e.getNumericValue().doubleValue()))
                .toList();
    }

    /**
     * Observation values: a number in {@code numeric_value} with its unit (a number beyond float32's range
     * keeps its digits in {@code text_value} instead), a coded value as its MEDS code in {@code text_value}.
     */
    private static Row clinical(VisitEvent e) {
        MedsRow event = event(utc(e.getTime()), MedsCodes.event(e.getKind(), e.getCodeSystem(), e.getCode()));
        if (e.getValue() != null) {
            double value = e.getValue();
            if (Math.abs(value) <= Float.MAX_VALUE) {
                event.setNumericValue((float) value);
            } else {
                event.setTextValue(Double.toString(value));
            }
        }
        if (e.getValueCode() != null) {
            event.setTextValue(MedsCodes.token(e.getValueCode()));
        }
        event.setUnit(e.getUnit());
        event.setEventKind(e.getKind());
        return new Row(CLINICAL, event);
    }

    private static Row row(int rank, Instant time, String code) {
        return new Row(rank, event(utc(time), code));
    }

    private static MedsRow event(LocalDateTime time, String code) {
        MedsRow event = new MedsRow();
        event.setTime(time);
        event.setCode(code);
        return event;
    }

    /** MEDS times are zone-less: Longitude's instants as UTC wall clock. */
    public static LocalDateTime utc(Instant time) {
        return time == null ? null : LocalDateTime.ofInstant(time, ZoneOffset.UTC);
    }
}
