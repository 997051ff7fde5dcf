package io.longitude.fhir;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RecordPayloadTest {

    @Test
    void patientEncounterAndEventsSurviveTheRoundTripNullsIncluded() {
        PatientRecord patient = new PatientRecord();
        patient.setSourceRef("Patient/p1");
        patient.setAliases(List.of("Patient/p1", "urn:uuid:1"));
        patient.setBirthDate(LocalDate.of(1931, 2, 28));
        patient.setDeceased(false);
        patient.setLastUpdated(Instant.parse("2024-01-02T03:04:05.678901Z"));
        PatientRecord p = RecordPayload.decode(RecordPayload.encode(ExtractedRecord.patient(patient, "f", 1L))).getPatient();
        assertEquals("Patient/p1", p.getSourceRef());
        assertEquals(patient.getAliases(), p.getAliases());
        assertEquals(patient.getBirthDate(), p.getBirthDate());
        assertNull(p.getGender());
        assertEquals(false, p.getDeceased());
        assertNull(p.getDeathTime());
        assertEquals(patient.getLastUpdated(), p.getLastUpdated());

        EncounterRecord encounter = new EncounterRecord();
        encounter.setSourceRef("Encounter/e1");
        encounter.setSubjectRef("Patient/p1");
        encounter.setClassCode("IMP");
        encounter.setTypeCodes(List.of("http://snomed.info/sct|185347001"));
        encounter.setStart(Instant.parse("2020-05-01T10:00:00Z"));
        encounter.setReasonCodes(null);
        EncounterRecord e = RecordPayload.decode(RecordPayload.encode(ExtractedRecord.encounter(encounter, "f", 2L)))
                .getEncounter();
        assertEquals("Encounter/e1", e.getSourceRef());
        assertEquals("Patient/p1", e.getSubjectRef());
        assertEquals("IMP", e.getClassCode());
        assertNull(e.getClassSystem());
        assertEquals(encounter.getTypeCodes(), e.getTypeCodes());
        assertEquals(encounter.getStart(), e.getStart());
        assertNull(e.getEnd());
        assertNull(e.getReasonCodes());

        EventRecord event = new EventRecord();
        event.setSourceRef("Observation/o1");
        event.setKind("observation");
        event.setCode("8867-4");
        event.setValue(72.5);
        event.setUnit("/min");
        event.setTime(Instant.parse("2020-05-01T11:00:00Z"));
        EventRecord noValue = new EventRecord();
        noValue.setSourceRef("Observation/o1");
        noValue.setCode("x".repeat(70_000));
        List<EventRecord> events = RecordPayload.decode(RecordPayload.encode(
                ExtractedRecord.events("Observation", List.of(event, noValue), "f", 3L))).getEvents();
        assertEquals(2, events.size());
        assertEquals(72.5, events.get(0).getValue());
        assertEquals("/min", events.get(0).getUnit());
        assertEquals(event.getTime(), events.get(0).getTime());
        assertNull(events.get(1).getValue());
        assertEquals(70_000, events.get(1).getCode().length());
    }

    @Test
    void onlyAcceptedRecordsHaveAPayload() {
        assertNull(RecordPayload.encode(ExtractedRecord.ignored("Claim", "f", 1L)));
    }
}
