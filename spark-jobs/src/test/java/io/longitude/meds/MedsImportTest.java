package io.longitude.meds;

import io.longitude.fhir.Pseudonymiser;
import io.longitude.fhir.RejectRecord;
import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitEvent;
import io.longitude.fhir.VisitSequence;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MedsImportTest {

    private static final MedsImport IMPORT = new MedsImport(
            new Pseudonymiser("a test key of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8)),
            Instant.parse("2030-01-01T00:00:00Z"));

    @Test
    void rowsWithAVisitIndexBelongToThatVisitEvenWhenVisitsStartTogether() {
        List<MedsRow> rows = new ArrayList<>(List.of(
                row("2020-01-01T08:00", "ENCOUNTER//AMB//START", 0),
                row("2020-01-01T08:00", "ENCOUNTER//AMB//START", 1),
                row("2020-01-01T08:00", "ENCOUNTER_TYPE//SNOMED//1", 0),
                row("2020-01-01T08:00", "ENCOUNTER_TYPE//SNOMED//2", 1),
                row("2020-01-01T08:00", "RxNorm//10", 0),
                row("2020-01-01T08:00", "SNOMED//20", 1),
                row("2020-01-01T08:15", "ENCOUNTER//AMB//END", 0),
                row("2020-01-01T08:45", "ENCOUNTER//AMB//END", 1)));
        VisitSequence sequence = accepted(rows);

        assertEquals(2, sequence.getVisits().size());
        Visit shorter = sequence.getVisits().get(0);
        Visit longer = sequence.getVisits().get(1);
        assertEquals(Instant.parse("2020-01-01T08:15:00Z"), shorter.getEnd());
        assertEquals(List.of("http://snomed.info/sct|1"), shorter.getTypeCodes());
        assertEquals(List.of("10"), shorter.getEvents().stream().map(VisitEvent::getCode).toList());
        assertEquals(List.of("http://snomed.info/sct|2"), longer.getTypeCodes());
        assertEquals(List.of("20"), longer.getEvents().stream().map(VisitEvent::getCode).toList());
        assertEquals(2, sequence.getAttachedByReference());
    }

    @Test
    void withoutAVisitIndexAnEndClosesTheLatestOpenVisitOfItsClassThatStartedBefore() {
        List<MedsRow> rows = List.of(
                row("2020-01-01T00:00", "ENCOUNTER//IMP//START", null),
                row("2020-01-02T00:00", "ENCOUNTER//IMP//START", null),
                row("2020-01-03T00:00", "ENCOUNTER//IMP//END", null),
                row("2020-01-05T00:00", "ENCOUNTER//IMP//END", null),
                // Back to back: this END closes the visit before, not the one starting at the same instant.
                row("2020-01-05T00:00", "ENCOUNTER//AMB//START", null),
                row("2020-01-05T00:00", "ENCOUNTER//AMB//END", null),
                row("2020-01-05T00:00", "ENCOUNTER//AMB//START", null),
                row("2020-01-05T00:00", "DISCHARGE_DISPOSITION//NUBC//01", null));
        List<RejectRecord> rejects = IMPORT.subject(7, rows).getRejects();
        assertEquals(List.of(), rejects.stream().map(RejectRecord::getMessage).toList());
        List<Visit> visits = accepted(rows).getVisits();

        assertEquals(List.of("2020-01-01T00:00:00Z-2020-01-05T00:00:00Z", "2020-01-02T00:00:00Z-2020-01-03T00:00:00Z",
                "2020-01-05T00:00:00Z-2020-01-05T00:00:00Z", "2020-01-05T00:00:00Z-null"),
                visits.stream().map(v -> v.getStart() + "-" + v.getEnd()).toList());
        assertEquals("http://www.nubc.org/patient-discharge|01", visits.get(0).getDischargeDisposition());
    }

    @Test
    void aSubjectWithoutEncounterRowsHasOneVisitPerCalendarDay() {
        VisitSequence sequence = accepted(List.of(
                row(null, "GENDER//F", null),
                row("1950-02-03T00:00", "MEDS_BIRTH", null),
                row("2020-01-01T10:00", "LAB//1", null),
                row("2020-01-01T23:30", "LAB//2", null),
                row("2020-01-02T09:00", "LAB//3", null)));

        assertEquals("F", sequence.getGender());
        assertEquals(LocalDate.of(1950, 2, 3), sequence.getBirthDate());
        assertNull(sequence.getDeceased());
        assertEquals(List.of("2020-01-01T10:00:00Z-2020-01-01T23:30:00Z 2", "2020-01-02T09:00:00Z-2020-01-02T09:00:00Z 1"),
                sequence.getVisits().stream().map(v -> v.getStart() + "-" + v.getEnd() + " " + v.getEvents().size()).toList());
        assertTrue(IMPORT.subject(7, List.of(row("2020-01-01T10:00", "LAB//1", null))).isDayVisits());
    }

    @Test
    void valuesComeBackAsNumbersOrCodings() {
        MedsRow number = row("2020-01-01T10:00", "LOINC//2160-0", null);
        number.setNumericValue(1.25f);
        number.setUnit("mg/dL");
        MedsRow huge = row("2020-01-01T10:00", "LOINC//1", null);
        huge.setTextValue("1.0E40");
        MedsRow coded = row("2020-01-01T10:00", "LOINC//72166-2", null);
        coded.setTextValue("SNOMED//266919005");
        MedsRow text = row("2020-01-01T10:00", "LAB//51237", null);
        text.setTextValue("positive");
        List<VisitEvent> events = accepted(List.of(number, huge, coded, text)).getVisits().get(0).getEvents();

        assertEquals(List.of("http://loinc.org|1 1.0E40 null null", "http://loinc.org|2160-0 1.25 mg/dL null",
                        "http://loinc.org|72166-2 null null http://snomed.info/sct|266919005",
                        MedsCodes.MEDS_CODE_SYSTEM + "|LAB//51237 null null " + MedsCodes.MEDS_CODE_SYSTEM + "|positive"),
                events.stream().map(e -> e.getCodeSystem() + "|" + e.getCode() + " " + e.getValue() + " " + e.getUnit()
                        + " " + e.getValueCode()).sorted().toList());
    }

    @Test
    void anEventKeepsTheKindItsRowNamesElseItsCodeSaysIt() {
        MedsRow procedure = row("2020-01-01T10:00", "SNOMED//73761001", null);
        procedure.setEventKind("procedure");
        MedsRow condition = row("2020-01-01T10:00", "SNOMED//44054006", null);
        List<VisitEvent> events = accepted(List.of(procedure, condition)).getVisits().get(0).getEvents();

        assertEquals(List.of("44054006 condition", "73761001 procedure"),
                events.stream().map(e -> e.getCode() + " " + e.getKind()).sorted().toList());
    }

    @Test
    void rowsThatCannotBePlacedAreRejectedWithAReasonAndNoPatientData() {
        MedsRow nan = row("2020-01-01T10:00", "LOINC//1", null);
        nan.setNumericValue(Float.NaN);
        List<MedsRow> rows = List.of(
                row("1950-02-03T00:00", "MEDS_BIRTH", null),
                row("1951-02-03T00:00", "MEDS_BIRTH", null),
                row(null, "RACE//WHITE", null),
                row("1850-01-01T00:00", "SNOMED//1", null),
                row("2020-01-01T00:00", "ENCOUNTER//IMP//END", null),
                row("2020-01-01T00:00", "ENCOUNTER_REASON//SNOMED//1", null),
                row("2020-01-01T00:00", "  ", null),
                nan);
        MedsImportedSubject subject = IMPORT.subject(123456789L, rows);

        assertEquals(List.of("DUPLICATE_RESOURCE", "IMPOSSIBLE_DATE", "IMPOSSIBLE_DATE", "IMPOSSIBLE_DATE",
                        "MISSING_DATE", "PARSE_ERROR", "PARSE_ERROR"),
                subject.getRejects().stream().map(RejectRecord::getReason).sorted().toList());
        assertEquals(1, subject.getRowsAccepted());
        assertEquals(LocalDate.of(1950, 2, 3), subject.getSequence().getBirthDate());
        for (RejectRecord reject : subject.getRejects()) {
            assertEquals(MedsImport.SUBJECT_TYPE, reject.getResourceType());
            assertFalse(reject.getMessage().contains("1950") || reject.getMessage().contains("WHITE"), reject.getMessage());
        }
        assertNull(IMPORT.subject(1, List.of(row(null, "RACE//WHITE", null))).getSequence(), "nothing accepted, no patient");
    }

    private static VisitSequence accepted(List<MedsRow> rows) {
        MedsImportedSubject subject = IMPORT.subject(7, rows);
        assertEquals(List.of(), subject.getRejects().stream().map(RejectRecord::getMessage).toList());
        assertEquals(rows.size(), subject.getRowsAccepted());
        assertEquals(IMPORT.patientKey(7), subject.getSequence().getPatientKey());
        return subject.getSequence();
    }

    private static MedsRow row(String time, String code, Integer visitIndex) {
        MedsRow row = new MedsRow();
        row.setSubjectId(7L);
        row.setTime(time == null ? null : LocalDateTime.parse(time));
        row.setCode(code);
        row.setVisitIndex(visitIndex);
        row.setSourceFile("file:/data/train/0.parquet");
        return row;
    }
}
