package io.longitude.fhir;

import static io.longitude.fhir.ReaderFixtures.fixture;
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
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BundleReadingTest {

    private static final String PATIENT = "Patient/6f1c2a4e-0000-4000-8000-000000000001";
    private static final String ENCOUNTER = "Encounter/6f1c2a4e-0000-4000-8000-000000000002";

    @ParameterizedTest
    @ValueSource(strings = {"document", "message", "transaction", "transaction-response", "batch", "batch-response",
            "history", "searchset", "collection"})
    void everyBundleTypeIsReadTheSameWay(String type) {
        String json = new String(fixture("transaction-urn-uuid.json"), StandardCharsets.UTF_8)
                .replace("\"type\": \"transaction\"", "\"type\": \"" + type + "\"");
        List<String> summaries = read(ReaderFixtures.reader(), "b.json", InputFormat.BUNDLE,
                json.getBytes(StandardCharsets.UTF_8)).stream().map(ReaderFixtures::summary).collect(Collectors.toList());
        assertEquals(List.of("ACCEPTED Patient", "ACCEPTED Encounter", "ACCEPTED Condition", "ACCEPTED Observation",
                "IGNORED Medication", "ACCEPTED MedicationRequest", "ACCEPTED MedicationAdministration", "IGNORED Claim",
                "ACCEPTED AllergyIntolerance"), summaries);
    }

    @Test
    void urnUuidReferencesResolveThroughTheBundle() {
        List<ExtractedRecord> records = readFixture("transaction-urn-uuid.json", InputFormat.BUNDLE);
        for (int i = 0; i < records.size(); i++) {
            assertEquals(Long.valueOf(i), records.get(i).getLocation());
        }
        PatientRecord patient = records.get(0).getPatient();
        assertEquals(PATIENT, patient.getSourceRef());
        assertEquals(List.of(PATIENT, "urn:uuid:6f1c2a4e-0000-4000-8000-000000000001",
                "Patient?identifier=https://github.com/synthetichealth/synthea|6f1c2a4e-0000-4000-8000-000000000001",
                "Patient?identifier=6f1c2a4e-0000-4000-8000-000000000001",
                "Patient?identifier=http://hospital.example.org|MRN-77", "Patient?identifier=MRN-77"), patient.getAliases());
        assertEquals(LocalDate.of(1950, 7, 1), patient.getBirthDate(), "a partial date is the first day of its period");
        assertEquals("female", patient.getGender());
        assertEquals(Boolean.TRUE, patient.getDeceased());
        assertEquals(Instant.parse("2020-01-02T01:04:05Z"), patient.getDeathTime());
        assertEquals(Instant.parse("2021-03-04T05:06:07.123Z"), patient.getLastUpdated());

        EncounterRecord encounter = records.get(1).getEncounter();
        assertEquals(ENCOUNTER, encounter.getSourceRef());
        assertEquals(PATIENT, encounter.getSubjectRef());
        assertEquals("IMP", encounter.getClassCode());
        assertEquals("http://terminology.hl7.org/CodeSystem/v3-ActCode", encounter.getClassSystem());
        assertEquals(List.of("http://snomed.info/sct|183452005"), encounter.getTypeCodes());
        assertEquals(List.of("http://snomed.info/sct|233604007"), encounter.getReasonCodes());
        assertEquals("http://www.nubc.org/patient-discharge|01", encounter.getDischargeDisposition());
        assertEquals(Instant.parse("2019-12-01T10:00:00Z"), encounter.getStart());
        assertEquals(Instant.parse("2019-12-05T10:00:00Z"), encounter.getEnd());

        EventRecord condition = records.get(2).getEvents().get(0);
        assertEquals("condition", condition.getKind());
        assertEquals(ENCOUNTER, condition.getEncounterRef());
        assertEquals(Instant.parse("2019-12-01T00:00:00Z"), condition.getTime(), "onset wins over recordedDate");
        assertEquals("233604007", condition.getCode());
    }

    @Test
    void observationComponentsBecomeOneEventEach() {
        List<EventRecord> events = readFixture("transaction-urn-uuid.json", InputFormat.BUNDLE).get(3).getEvents();
        assertEquals(2, events.size());
        assertEquals("8480-6", events.get(0).getCode());
        assertEquals(142.5, events.get(0).getValue());
        assertEquals("mm[Hg]", events.get(0).getUnit());
        assertEquals("8462-4", events.get(1).getCode());
        assertEquals(91.0, events.get(1).getValue());
        assertEquals("mm[Hg]", events.get(1).getUnit(), "the UCUM code stands in for a missing unit");
        for (EventRecord e : events) {
            assertEquals("Observation/6f1c2a4e-0000-4000-8000-000000000004", e.getSourceRef());
            assertEquals(Instant.parse("2019-12-01T11:00:00Z"), e.getTime());
        }
    }

    @Test
    void medicationCodesComeFromTheBundleOrContainedMedication() {
        List<ExtractedRecord> records = readFixture("transaction-urn-uuid.json", InputFormat.BUNDLE);
        EventRecord request = records.get(5).getEvents().get(0);
        assertEquals("medication_request", request.getKind());
        assertEquals("http://www.nlm.nih.gov/research/umls/rxnorm", request.getCodeSystem());
        assertEquals("313782", request.getCode());
        EventRecord administration = records.get(6).getEvents().get(0);
        assertEquals("medication_administration", administration.getKind());
        assertEquals("1049221", administration.getCode());
        assertEquals(Instant.parse("2019-12-03T10:30:00Z"), administration.getEndTime());
    }

    @Test
    void aMedicationThatCannotBeResolvedKeepsTheEventWithoutCode() {
        String line = "{\"resourceType\":\"MedicationRequest\",\"id\":\"mr\",\"status\":\"active\",\"intent\":\"order\","
                + "\"medicationReference\":{\"reference\":\"Medication/elsewhere\"},\"subject\":{\"reference\":\"Patient/p\"},"
                + "\"authoredOn\":\"2020-01-01\"}";
        ExtractedRecord r = read(ReaderFixtures.reader(), "MedicationRequest.ndjson", InputFormat.NDJSON,
                line.getBytes(StandardCharsets.UTF_8)).get(0);
        assertEquals("ACCEPTED MedicationRequest", summary(r));
        assertNull(r.getEvents().get(0).getCode());
        assertNull(r.getEvents().get(0).getCodeSystem());
    }

    @Test
    void anIdIsTakenFromTheFullUrlWhenTheResourceHasNone() {
        ExtractedRecord allergy = readFixture("transaction-urn-uuid.json", InputFormat.BUNDLE).get(8);
        assertEquals("AllergyIntolerance/6f1c2a4e-0000-4000-8000-000000000009", allergy.getEvents().get(0).getSourceRef());
    }

    @Test
    void absoluteAndLogicalReferencesNormalise() {
        List<ExtractedRecord> records = readFixture("collection-absolute.json", InputFormat.BUNDLE);
        PatientRecord patient = records.get(0).getPatient();
        assertEquals(List.of("Patient/p-100"), patient.getAliases());
        assertEquals(LocalDate.of(1941, 1, 1), patient.getBirthDate());
        assertEquals(Boolean.FALSE, patient.getDeceased());
        assertNull(patient.getDeathTime());

        EncounterRecord encounter = records.get(1).getEncounter();
        assertEquals("Patient/p-100", encounter.getSubjectRef());
        assertEquals(Instant.parse("2018-02-03T13:00:00Z"), encounter.getStart());
        assertNull(encounter.getEnd());

        EventRecord procedure = records.get(2).getEvents().get(0);
        assertEquals("Encounter/e-100", procedure.getEncounterRef());
        assertEquals(Instant.parse("2018-02-03T13:40:00Z"), procedure.getEndTime());

        EventRecord immunization = records.get(3).getEvents().get(0);
        assertEquals("Patient?identifier=http://hospital.example.org|MRN-100", immunization.getSubjectRef());

        EventRecord report = records.get(4).getEvents().get(0);
        assertEquals("diagnostic_report", report.getKind());
        assertEquals(Instant.parse("2018-02-04T09:00:00Z"), report.getTime(), "issued stands in for effective");
    }

    @Test
    void nestedBundlesAreDescendedIntoUpToTheDepthLimit() {
        List<ExtractedRecord> records = readFixture("nested-bundles.json", InputFormat.BUNDLE);
        List<String> summaries = records.stream().map(r -> r.getLocation() + " " + summary(r)).collect(Collectors.toList());
        assertEquals(List.of("0 IGNORED Organization", "1 ACCEPTED Patient", "1 ACCEPTED Condition",
                "1 REJECTED NESTING_TOO_DEEP", "2 DELETE Patient"), summaries);
        assertEquals("Patient/nested-1", records.get(2).getEvents().get(0).getSubjectRef());
        assertEquals("too-deep", records.get(3).getReject().getResourceId());
        assertTrue(records.stream().noneMatch(r -> r.getPatient() != null && r.getPatient().getSourceRef().contains("never-read")));
    }

    @Test
    void aDeeperLimitReadsTheInnermostBundle() {
        FhirFileReader reader = new FhirFileReader(FhirFileReader.DEFAULT_MAX_LINE_BYTES,
                FhirFileReader.DEFAULT_MAX_ENTRY_BYTES, 4, ReaderFixtures.CLOCK);
        List<ExtractedRecord> records = read(reader, "n.json", InputFormat.BUNDLE, fixture("nested-bundles.json"));
        assertEquals("ACCEPTED Patient", summary(records.get(3)));
        assertEquals("Patient/never-read", records.get(3).getPatient().getSourceRef());
    }

    @Test
    void aSingleResourceFileIsOneRecordForTheWholeFile() {
        byte[] patient = "{\"resourceType\":\"Patient\",\"id\":\"solo\",\"birthDate\":\"1970-01-01\"}".getBytes(StandardCharsets.UTF_8);
        List<ExtractedRecord> records = read(ReaderFixtures.reader(), "solo.json", InputFormat.BUNDLE, patient);
        assertEquals(1, records.size());
        assertEquals("ACCEPTED Patient", summary(records.get(0)));
        assertNull(records.get(0).getLocation());
    }

    @Test
    void oneBadEntryDoesNotRejectItsBundle() {
        String json = new String(fixture("collection-absolute.json"), StandardCharsets.UTF_8)
                .replace("\"performedPeriod\": { \"start\": \"2018-02-03T13:00:00Z\"",
                        "\"performedPeriod\": { \"start\": \"2018-02-03T14:00:00Z\"");
        List<ExtractedRecord> records = read(ReaderFixtures.reader(), "c.json", InputFormat.BUNDLE,
                json.getBytes(StandardCharsets.UTF_8));
        assertEquals(6, records.size());
        assertEquals("REJECTED IMPOSSIBLE_DATE", summary(records.get(2)));
        assertEquals(Long.valueOf(2), records.get(2).getLocation());
        assertFalse(records.stream().filter(r -> r != records.get(2)).anyMatch(r -> r.getReject() != null));
    }

    @Test
    void deleteEntriesOfTransactionAndBatchBundlesBecomeDeleteRecords() {
        String entries = "\"entry\":["
                + "{\"request\":{\"method\":\"DELETE\",\"url\":\"Condition/c-1\"}},"
                + "{\"request\":{\"method\":\"DELETE\",\"url\":\"https://fhir.example.org/r4/Patient/p-1\"}},"
                + "{\"request\":{\"method\":\"DELETE\",\"url\":\"Patient?identifier=MRN-77\"}},"
                + "{\"request\":{\"method\":\"DELETE\",\"url\":\"Claim/x\"}},"
                + "{\"request\":{\"method\":\"DELETE\"}}]";
        String bulkDeletedLine = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\"," + entries + "}\n";
        List<ExtractedRecord> records = read(ReaderFixtures.reader(), "Bundle.ndjson", InputFormat.NDJSON,
                bulkDeletedLine.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("DELETE Condition", "DELETE Patient", "REJECTED INVALID_DELETE", "IGNORED Claim",
                "REJECTED INVALID_DELETE"), records.stream().map(ReaderFixtures::summary).collect(Collectors.toList()));
        assertEquals("Condition/c-1", records.get(0).getDeletedRef());
        assertEquals("Patient/p-1", records.get(1).getDeletedRef());
        assertEquals(Long.valueOf(1), records.get(1).getLocation());

        String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\"," + entries + "}";
        assertEquals("DELETE Condition", summary(read(ReaderFixtures.reader(), "b.json", InputFormat.BUNDLE,
                batch.getBytes(StandardCharsets.UTF_8)).get(0)));
        String collection = "{\"resourceType\":\"Bundle\",\"type\":\"collection\"," + entries + "}";
        assertTrue(read(ReaderFixtures.reader(), "c.json", InputFormat.BUNDLE,
                collection.getBytes(StandardCharsets.UTF_8)).isEmpty(), "a request means nothing outside a transaction or batch");
    }
}
