package io.longitude.cohort;


import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitEvent;
import io.longitude.fhir.VisitSequence;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Small hand-made visit sequences for the pure-logic tests; times are ISO-8601 instants. */
final class TestPatients {

    static final String SNOMED = "http://snomed.info/sct";

    private TestPatients() {
    }

    static VisitSequence patient(String key, String birthDate, String deathTime, Visit... visits) {
        VisitSequence p = new VisitSequence();
        p.setPatientKey(key);
        p.setBirthDate(LocalDate.parse(birthDate));
        p.setGender("female");
        p.setDeathTime(deathTime == null ? null : Instant.parse(deathTime));
        p.setVisits(new ArrayList<>(List.of(visits)));
        return p;
    }

    static Visit visit(String key, String classCode, String start, String end, VisitEvent... events) {
        Visit v = new Visit();
        v.setEncounterKey(key);
        v.setStatus("finished");
        v.setClassCode(classCode);
        v.setStart(Instant.parse(start));
        v.setEnd(end == null ? null : Instant.parse(end));
        v.setEvents(new ArrayList<>(List.of(events)));
        return v;
    }

    static VisitEvent event(String kind, String time, String code) {
        VisitEvent e = new VisitEvent();
        e.setKind(kind);
        e.setTime(time == null ? null : Instant.parse(time));
        e.setCodeSystem(SNOMED);
        e.setCode(code);
        return e;
    }

    static TaskConfig task(String name, String... overrides) {
        return TaskFiles.load(name, List.of(overrides));
    }
}
