package io.longitude.fhir;

import static io.longitude.fhir.ReaderFixtures.read;
import static io.longitude.fhir.ReaderFixtures.readFixture;
import static io.longitude.fhir.ReaderFixtures.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class NdjsonReadingTest {

    private static final String PATIENT_ID = "b1d2c3e4-0000-4000-8000-00000000000a";

    /** mixed.ndjson, line by line: what each line must give (blank lines 3 and 6 give nothing). */
    private static final Map<Long, List<String>> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry(1L, List.of("ACCEPTED Patient")),
            Map.entry(2L, List.of("ACCEPTED Encounter")),
            Map.entry(4L, List.of("IGNORED Claim")),
            Map.entry(5L, List.of("ACCEPTED Observation", "IGNORED ExplanationOfBenefit")),
            Map.entry(7L, List.of("REJECTED INVALID_JSON")),
            Map.entry(8L, List.of("REJECTED NOT_FHIR")),
            Map.entry(9L, List.of("REJECTED NOT_FHIR")),
            Map.entry(10L, List.of("REJECTED NOT_FHIR")),
            Map.entry(11L, List.of("REJECTED MISSING_ID")),
            Map.entry(12L, List.of("REJECTED MISSING_SUBJECT")),
            Map.entry(13L, List.of("REJECTED BAD_DATE")),
            Map.entry(14L, List.of("REJECTED IMPOSSIBLE_DATE")),
            Map.entry(15L, List.of("REJECTED IMPOSSIBLE_DATE")),
            Map.entry(16L, List.of("REJECTED IMPOSSIBLE_DATE")),
            Map.entry(17L, List.of("REJECTED IMPOSSIBLE_DATE")),
            Map.entry(18L, List.of("REJECTED PARSE_ERROR")),
            Map.entry(19L, List.of("REJECTED MISSING_DATE")),
            Map.entry(20L, List.of("REJECTED NESTING_TOO_DEEP")),
            Map.entry(21L, List.of("REJECTED INVALID_JSON")),
            Map.entry(22L, List.of("REJECTED PARSE_ERROR")),
            Map.entry(23L, List.of("ACCEPTED AllergyIntolerance"))));

    @Test
    void everyResourceOfEveryLineGivesExactlyOneRecord() {
        List<ExtractedRecord> records = readFixture("mixed.ndjson", InputFormat.NDJSON);
        Map<Long, List<String>> actual = new TreeMap<>();
        for (ExtractedRecord r : records) {
            actual.computeIfAbsent(r.getLocation(), k -> new ArrayList<>()).add(summary(r));
            assertEquals("mixed.ndjson", r.getSourceFile());
        }
        assertEquals(EXPECTED, actual);
    }

    @Test
    void rejectsCarryLocationTypeIdAndNoPayload() {
        List<ExtractedRecord> records = readFixture("mixed.ndjson", InputFormat.NDJSON);
        String raw = new String(ReaderFixtures.fixture("mixed.ndjson"), StandardCharsets.UTF_8);
        for (ExtractedRecord r : records) {
            if (r.getReject() == null) {
                continue;
            }
            RejectRecord reject = r.getReject();
            assertEquals(r.getLocation(), reject.getLocation());
            assertFalse(reject.getMessage().isBlank());
            assertTrue(reject.getMessage().length() < 120, reject.getMessage());
            for (String value : List.of("glucose", "2015-13-45", "Spaceship", "twice", "Patient/x")) {
                assertFalse(reject.getMessage().contains(value), () -> "message leaks input: " + reject.getMessage());
            }
            assertTrue(raw.contains(reject.getResourceType() == null ? "" : reject.getResourceType()));
        }
        ExtractedRecord badDate = records.stream().filter(r -> Long.valueOf(13).equals(r.getLocation())).findFirst().orElseThrow();
        assertEquals("Encounter", badDate.getReject().getResourceType());
        assertEquals("bad-date", badDate.getReject().getResourceId());
        ExtractedRecord unknown = records.stream().filter(r -> Long.valueOf(10).equals(r.getLocation())).findFirst().orElseThrow();
        assertNull(unknown.getResourceType());
    }

    @Test
    void conditionalAndAbsoluteSubjectsMatchThePatientsAliases() {
        List<ExtractedRecord> records = readFixture("mixed.ndjson", InputFormat.NDJSON);
        PatientRecord patient = records.get(0).getPatient();
        assertEquals("Patient/" + PATIENT_ID, patient.getSourceRef());
        assertEquals(List.of("Patient/" + PATIENT_ID,
                "Patient?identifier=https://github.com/synthetichealth/synthea|" + PATIENT_ID,
                "Patient?identifier=" + PATIENT_ID), patient.getAliases());
        assertEquals(LocalDate.of(1932, 2, 29), patient.getBirthDate());
        assertNull(patient.getDeceased());

        EncounterRecord encounter = records.get(1).getEncounter();
        assertTrue(patient.getAliases().contains(encounter.getSubjectRef()), encounter.getSubjectRef());
        assertEquals("EMER", encounter.getClassCode());

        EventRecord observation = records.get(3).getEvents().get(0);
        assertTrue(patient.getAliases().contains(observation.getSubjectRef()));
        assertTrue(encounter.getAliases().contains(observation.getEncounterRef()));
        assertEquals("http://snomed.info/sct|266919005", observation.getValueCode());
        assertNull(observation.getValue());

        EventRecord allergy = records.get(records.size() - 1).getEvents().get(0);
        assertEquals("allergy", allergy.getKind());
        assertEquals("Patient/" + PATIENT_ID, allergy.getSubjectRef());
        assertEquals(Instant.parse("2012-03-04T05:06:07Z"), allergy.getTime(), "a dateTime without zone is UTC");
    }

    @Test
    void blankLinesAreSkippedAndAnAllBlankFileIsOneEmptyFileReject() {
        List<ExtractedRecord> records = read(ReaderFixtures.reader(), "Patient.ndjson", InputFormat.NDJSON,
                "\n  \n\r\n\t\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, records.size());
        assertEquals("REJECTED EMPTY_FILE", summary(records.get(0)));
        assertNull(records.get(0).getLocation());
    }

    @Test
    void aLineOverTheLimitIsRejectedAndReadingGoesOn() {
        String small = "{\"resourceType\":\"Organization\",\"id\":\"o1\"}";
        String big = "{\"resourceType\":\"Organization\",\"id\":\"o2\",\"name\":\"" + "x".repeat(5000) + "\"}";
        FhirFileReader reader = new FhirFileReader(1024, FhirFileReader.DEFAULT_MAX_ENTRY_BYTES,
                FhirFileReader.DEFAULT_MAX_BUNDLE_DEPTH, ReaderFixtures.CLOCK);
        List<ExtractedRecord> records = read(reader, "Organization.ndjson", InputFormat.NDJSON,
                (small + "\n" + big + "\n" + small).getBytes(StandardCharsets.UTF_8));
        List<String> summaries = new ArrayList<>();
        records.forEach(r -> summaries.add(r.getLocation() + " " + summary(r)));
        assertEquals(List.of("1 IGNORED Organization", "2 REJECTED TOO_LARGE", "3 IGNORED Organization"), summaries);
    }

    @Test
    void ignoredTypesAreStillCheckedForWellFormedness() {
        List<ExtractedRecord> records = read(ReaderFixtures.reader(), "Claim.ndjson", InputFormat.NDJSON,
                "{\"resourceType\":\"Claim\",\"id\":\"c1\",\"total\":{\"value\":1}\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("REJECTED INVALID_JSON", summary(records.get(0)));
    }

    @Test
    void aSubjectOfAnotherResourceTypeIsNotAPatient() {
        String practitioner = "{\"resourceType\":\"Condition\",\"id\":\"c1\",\"subject\":{\"reference\":\"Practitioner/p1\"},"
                + "\"onsetDateTime\":\"2010-01-01\"}";
        String group = practitioner.replace("Practitioner/p1", "https://fhir.example.org/Group/g1");
        String unknownType = practitioner.replace("Practitioner/p1", "Smith/John");
        List<ExtractedRecord> records = read(ReaderFixtures.reader(), "Condition.ndjson", InputFormat.NDJSON,
                String.join("\n", practitioner, group, unknownType).getBytes(StandardCharsets.UTF_8));
        assertEquals("REJECTED SUBJECT_NOT_PATIENT", summary(records.get(0)));
        assertEquals("subject refers to a Practitioner, not a Patient", records.get(0).getReject().getMessage());
        assertEquals("REJECTED SUBJECT_NOT_PATIENT", summary(records.get(1)));
        assertEquals("ACCEPTED Condition", summary(records.get(2)), "not a FHIR type: left to subject resolution");
    }

    @Test
    void aPrimitiveGivenAsAnObjectIsRejectedNotDropped() {
        String patient = "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"birthDate\":{\"year\":1950}}";
        String gender = "{\"resourceType\":\"Patient\",\"id\":\"p2\",\"gender\":[{\"code\":\"female\"}]}";
        String extension = "{\"resourceType\":\"Patient\",\"id\":\"p3\",\"birthDate\":\"1950-01-01\","
                + "\"_birthDate\":{\"extension\":[{\"url\":\"http://example.org/x\",\"valueString\":\"y\"}]}}";
        List<ExtractedRecord> records = read(ReaderFixtures.reader(), "Patient.ndjson", InputFormat.NDJSON,
                String.join("\n", patient, gender, extension).getBytes(StandardCharsets.UTF_8));
        assertEquals("REJECTED PARSE_ERROR", summary(records.get(0)));
        assertEquals("wrong JSON type for birthDate", records.get(0).getReject().getMessage());
        assertEquals("REJECTED PARSE_ERROR", summary(records.get(1)));
        assertEquals("ACCEPTED Patient", summary(records.get(2)), "a primitive's extension object is not its value");
        assertEquals(LocalDate.of(1950, 1, 1), records.get(2).getPatient().getBirthDate());
    }
}
