package io.longitude.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class VisitSequenceBuilderTest {

    private static final Pseudonymiser PSEUDONYMS = new Pseudonymiser("visit-sequence-test-key".getBytes(StandardCharsets.UTF_8));
    private final VisitSequenceBuilder builder = new VisitSequenceBuilder();

    private static EncounterRecord encounter(String id, String start, String end) {
        EncounterRecord e = new EncounterRecord();
        e.setSourceRef("Encounter/" + id);
        e.setAliases(List.of("Encounter/" + id, "urn:uuid:" + id));
        e.setSubjectRef("Patient/p");
        e.setStatus("finished");
        e.setClassCode("AMB");
        e.setTypeCodes(List.of("http://snomed.info/sct|" + id));
        e.setStart(Instant.parse(start));
        e.setEnd(end == null ? null : Instant.parse(end));
        return e;
    }

    private static EventRecord event(String code, String kind, String time, String encounterRef) {
        EventRecord e = new EventRecord();
        e.setSourceRef("Observation/" + code);
        e.setKind(kind);
        e.setSubjectRef("Patient/p");
        e.setEncounterRef(encounterRef);
        e.setTime(Instant.parse(time));
        e.setCodeSystem("http://loinc.org");
        e.setCode(code);
        return e;
    }

    private static PatientRecord patient() {
        PatientRecord p = new PatientRecord();
        p.setSourceRef("Patient/p");
        p.setBirthDate(LocalDate.of(1940, 1, 1));
        p.setGender("male");
        p.setDeceased(Boolean.TRUE);
        p.setDeathTime(Instant.parse("2021-01-01T00:00:00Z"));
        return p;
    }

    private final List<EncounterRecord> encounters = List.of(
            encounter("e3", "2020-02-01T00:00:00Z", null),
            encounter("e1", "2020-01-01T10:00:00Z", "2020-01-01T12:00:00Z"),
            encounter("e2", "2020-01-01T11:00:00Z", "2020-01-03T00:00:00Z"));

    private final List<EventRecord> events = List.of(
            event("by-ref", "condition", "2020-01-01T11:30:00Z", "urn:uuid:e1"),
            event("overlap", "observation", "2020-01-01T11:30:00Z", null),
            event("dangling-ref", "observation", "2020-01-02T00:00:00Z", "Encounter/unknown"),
            event("at-open-start", "procedure", "2020-02-01T00:00:00Z", null),
            event("after-open", "procedure", "2020-02-01T00:00:01Z", null),
            event("before-all", "immunization", "2019-06-01T00:00:00Z", null),
            event("b", "observation", "2020-01-01T10:30:00Z", "Encounter/e1"),
            event("a", "observation", "2020-01-01T10:30:00Z", "Encounter/e1"),
            event("first", "condition", "2020-01-01T10:30:00Z", "Encounter/e1"));

    /** Visits as "code:codes,…" lines, then the events without a visit. */
    private static List<String> describe(VisitSequence s) {
        List<String> lines = new ArrayList<>();
        for (Visit v : s.getVisits()) {
            lines.add(v.getTypeCodes().get(0).substring("http://snomed.info/sct|".length()) + ":"
                    + v.getEvents().stream().map(VisitEvent::getCode).collect(Collectors.joining(",")));
        }
        lines.add("none:" + s.getEventsWithoutVisit().stream().map(VisitEvent::getCode).collect(Collectors.joining(",")));
        return lines;
    }

    @Test
    void attachesByReferenceThenByTimeThenNot() {
        VisitSequence s = builder.build("key-p", patient(), encounters, events, PSEUDONYMS);
        assertEquals(List.of(
                "e1:first,a,b,by-ref",
                "e2:overlap,dangling-ref",
                "e3:at-open-start",
                "none:before-all,after-open"), describe(s));
        assertEquals(4, s.getAttachedByReference());
        assertEquals(3, s.getAttachedByTime());
        assertEquals(2, s.getUnattached());
        assertEquals(events.size(), s.getAttachedByReference() + s.getAttachedByTime() + s.getUnattached());
    }

    @Test
    void carriesPatientFieldsAndPseudonymisedEncounterKeys() {
        VisitSequence s = builder.build("key-p", patient(), encounters, events, PSEUDONYMS);
        assertEquals("key-p", s.getPatientKey());
        assertEquals(VisitSequence.SCHEMA_VERSION, s.getSchemaVersion());
        assertEquals(LocalDate.of(1940, 1, 1), s.getBirthDate());
        assertEquals("male", s.getGender());
        assertEquals(Boolean.TRUE, s.getDeceased());
        assertEquals(Instant.parse("2021-01-01T00:00:00Z"), s.getDeathTime());
        assertEquals(PSEUDONYMS.key("Encounter/e1"), s.getVisits().get(0).getEncounterKey());
        assertEquals(Instant.parse("2020-01-01T12:00:00Z"), s.getVisits().get(0).getEnd());
    }

    @Test
    void theResultDoesNotDependOnInputOrder() {
        List<String> expected = describe(builder.build("k", patient(), encounters, events, PSEUDONYMS));
        Random random = new Random(11);
        for (int i = 0; i < 20; i++) {
            List<EncounterRecord> e = new ArrayList<>(encounters);
            List<EventRecord> v = new ArrayList<>(events);
            Collections.shuffle(e, random);
            Collections.shuffle(v, random);
            assertEquals(expected, describe(builder.build("k", patient(), e, v, PSEUDONYMS)));
        }
    }

    @Test
    void equalStartsAreOrderedByEndThenKey() {
        List<EncounterRecord> same = List.of(
                encounter("long", "2020-01-01T00:00:00Z", "2020-01-05T00:00:00Z"),
                encounter("short", "2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z"));
        VisitSequence s = builder.build("k", patient(), same,
                List.of(event("inside-both", "observation", "2020-01-01T12:00:00Z", null)), PSEUDONYMS);
        assertEquals(List.of("short:", "long:inside-both", "none:"), describe(s));
    }

    @Test
    void aPatientWithoutEncountersKeepsEveryEvent() {
        VisitSequence s = builder.build("k", patient(), List.of(), events, PSEUDONYMS);
        assertEquals(0, s.getVisits().size());
        assertEquals(events.size(), s.getEventsWithoutVisit().size());
        assertEquals(events.size(), s.getUnattached());
    }
}
