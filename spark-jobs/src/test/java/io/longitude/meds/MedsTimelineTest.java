package io.longitude.meds;

import io.longitude.cohort.TaskFiles;
import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitEvent;
import io.longitude.fhir.VisitSequence;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MedsTimelineTest {

    private static final String LOINC = "http://loinc.org";
    private static final String SNOMED = "http://snomed.info/sct";
    private static final MedsSubjects SUBJECTS = MedsSubjects.splitBy(List.of(TaskFiles.load("readmission-30d", List.of())));

    @Test
    void aPatientBecomesSortedRowsOfOneSubject() {
        VisitEvent glucose = event("observation", "2020-03-01T10:00:00Z", LOINC, "2339-0");
        glucose.setValue(5.4);
        glucose.setUnit("mmol/L");
        VisitEvent smoking = event("observation", "2020-03-01T10:00:00Z", LOINC, "72166-2");
        smoking.setValueCode(SNOMED + "|266919005");
        VisitEvent huge = event("observation", "2020-03-01T11:00:00Z", LOINC, "1-8");
        huge.setValue(1e39);
        VisitEvent uncoded = event("medication_request", "2020-03-01T09:00:00Z", null, null);
        VisitEvent atAdmission = event("condition", "2020-03-01T08:00:00Z", SNOMED, "44054006");
        Visit stay = visit("IMP", "2020-03-01T08:00:00Z", "2020-03-04T12:00:00Z", atAdmission, glucose, smoking, huge,
                uncoded);
        stay.setTypeCodes(List.of(SNOMED + "|32485007"));
        stay.setReasonCodes(List.of(SNOMED + "|44054006"));
        stay.setDischargeDisposition("http://www.nubc.org/patient-discharge|01");
        Visit openVisit = visit(null, "2021-06-01T09:00:00Z", null);
        VisitSequence patient = patient("pk-1", stay, openVisit);
        patient.setEventsWithoutVisit(new ArrayList<>(List.of(event("immunization", "2019-10-01T00:00:00Z",
                "http://hl7.org/fhir/sid/cvx", "140"))));
        patient.setDeathTime(Instant.parse("2021-06-01T09:00:00Z"));

        List<MedsRow> rows = MedsTimeline.of(patient, SUBJECTS);

        assertEquals(List.of(
                        "GENDER//female", "MEDS_BIRTH", "CVX//140",
                        "ENCOUNTER//IMP//START", "ENCOUNTER_REASON//SNOMED//44054006", "ENCOUNTER_TYPE//SNOMED//32485007",
                        "SNOMED//44054006", "MEDICATION_REQUEST//UNCODED", "LOINC//2339-0", "LOINC//72166-2", "LOINC//1-8",
                        "ENCOUNTER//IMP//END", "DISCHARGE_DISPOSITION//NUBC//01",
                        "ENCOUNTER//UNKNOWN//START", "MEDS_DEATH"),
                rows.stream().map(MedsRow::getCode).toList(),
                "static first, then by time; at one instant: admission, its codes, events, discharge, death");
        for (int i = 0; i < rows.size(); i++) {
            MedsRow row = rows.get(i);
            assertEquals(i, row.getPosition());
            assertEquals(MedsSubjects.subjectId("pk-1"), row.getSubjectId());
            assertEquals(SUBJECTS.split("pk-1"), row.getSplit());
        }
        assertNull(rows.get(0).getTime(), "gender is static");
        assertEquals(LocalDateTime.parse("1950-07-01T00:00:00"), rows.get(1).getTime(), "birth at midnight UTC");
        assertEquals(LocalDateTime.parse("2020-03-01T08:00:00"), rows.get(3).getTime(), "UTC wall clock, no zone");
        MedsRow value = rows.get(8);
        assertEquals(5.4f, value.getNumericValue());
        assertEquals("mmol/L", value.getUnit());
        assertNull(value.getTextValue());
        assertEquals("SNOMED//266919005", rows.get(9).getTextValue(), "a coded value as its MEDS code");
        assertNull(rows.get(10).getNumericValue(), "beyond float32");
        assertEquals("1.0E39", rows.get(10).getTextValue());
        assertEquals(LocalDateTime.parse("2020-03-04T12:00:00"), rows.get(12).getTime(), "disposition at discharge");
        assertEquals(Arrays.asList(null, null, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, null),
                rows.stream().map(MedsRow::getVisitIndex).toList(), "a visit's rows carry its position, others none");
        assertEquals(Arrays.asList(null, null, "immunization", null, null, null, "condition", "medication_request",
                        "observation", "observation", "observation", null, null, null, null),
                rows.stream().map(MedsRow::getEventKind).toList(), "clinical rows carry their event's kind");
    }

    @Test
    void aDeathWithoutATimeIsStatic() {
        VisitSequence patient = patient("pk-2");
        patient.setDeceased(true);
        List<MedsRow> rows = MedsTimeline.of(patient, SUBJECTS);
        assertEquals(List.of("GENDER//female", "MEDS_DEATH", "MEDS_BIRTH"), rows.stream().map(MedsRow::getCode).toList());
        assertNull(rows.get(1).getTime());
        assertTrue(MedsSubjects.subjectId("pk-2") >= 0);
    }

    private static VisitSequence patient(String key, Visit... visits) {
        VisitSequence p = new VisitSequence();
        p.setPatientKey(key);
        p.setBirthDate(LocalDate.parse("1950-07-01"));
        p.setGender("female");
        p.setVisits(new ArrayList<>(List.of(visits)));
        return p;
    }

    private static Visit visit(String classCode, String start, String end, VisitEvent... events) {
        Visit v = new Visit();
        v.setClassCode(classCode);
        v.setStart(Instant.parse(start));
        v.setEnd(end == null ? null : Instant.parse(end));
        v.setEvents(new ArrayList<>(List.of(events)));
        return v;
    }

    private static VisitEvent event(String kind, String time, String system, String code) {
        VisitEvent e = new VisitEvent();
        e.setKind(kind);
        e.setTime(Instant.parse(time));
        e.setCodeSystem(system);
        e.setCode(code);
        return e;
    }
}
