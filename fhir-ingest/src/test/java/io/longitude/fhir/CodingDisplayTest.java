package io.longitude.fhir;

import static io.longitude.fhir.ReaderFixtures.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The display of the coding an event's code comes from, and of an encounter's class, type, reason and disposition codings. */
class CodingDisplayTest {

    private static ExtractedRecord one(String type, String json) {
        return read(ReaderFixtures.reader(), type + ".ndjson", InputFormat.NDJSON, json.getBytes(StandardCharsets.UTF_8)).get(0);
    }

    @Test
    void anEventKeepsTheDisplayOfTheCodingItsCodeComesFrom() {
        ExtractedRecord condition = one("Condition", "{\"resourceType\":\"Condition\",\"id\":\"c\","
                + "\"subject\":{\"reference\":\"Patient/p\"},\"onsetDateTime\":\"2020-01-01\",\"code\":{\"coding\":["
                + "{\"system\":\"http://example.org/blank\",\"code\":\" \",\"display\":\"skipped: no code\"},"
                + "{\"system\":\"http://snomed.info/sct\",\"code\":\"44054006\",\"display\":\"Diabetes mellitus type 2\"},"
                + "{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"E11\",\"display\":\"Type 2 diabetes\"}]}}");
        EventRecord event = condition.getEvents().get(0);
        assertEquals("44054006", event.getCode());
        assertEquals("Diabetes mellitus type 2", event.getDisplay());

        ExtractedRecord observation = one("Observation", "{\"resourceType\":\"Observation\",\"id\":\"o\",\"status\":\"final\","
                + "\"subject\":{\"reference\":\"Patient/p\"},\"effectiveDateTime\":\"2020-01-01\","
                + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"85354-9\",\"display\":\"Blood pressure panel\"}]},"
                + "\"component\":[{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8480-6\","
                + "\"display\":\"Systolic blood pressure\"}]},\"valueQuantity\":{\"value\":120}},"
                + "{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8462-4\",\"display\":\"  \"}]},"
                + "\"valueQuantity\":{\"value\":80}}]}");
        List<EventRecord> components = observation.getEvents();
        assertEquals(List.of("8480-6", "8462-4"), components.stream().map(EventRecord::getCode).toList());
        assertEquals("Systolic blood pressure", components.get(0).getDisplay());
        assertNull(components.get(1).getDisplay(), "a blank display is no display");

        ExtractedRecord request = one("MedicationRequest", "{\"resourceType\":\"MedicationRequest\",\"id\":\"m\","
                + "\"status\":\"active\",\"intent\":\"order\",\"subject\":{\"reference\":\"Patient/p\"},\"authoredOn\":\"2020-01-01\","
                + "\"medicationCodeableConcept\":{\"coding\":[{\"system\":\"http://www.nlm.nih.gov/research/umls/rxnorm\","
                + "\"code\":\"313782\",\"display\":\"Acetaminophen 325 MG Oral Tablet\"}]}}");
        assertEquals("Acetaminophen 325 MG Oral Tablet", request.getEvents().get(0).getDisplay());
    }

    @Test
    void anEncounterKeepsTheDisplaysOfTheCodingsItKeeps() {
        ExtractedRecord encounter = one("Encounter", "{\"resourceType\":\"Encounter\",\"id\":\"e\",\"status\":\"finished\","
                + "\"subject\":{\"reference\":\"Patient/p\"},\"period\":{\"start\":\"2020-01-01T10:00:00Z\"},"
                + "\"class\":{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"IMP\",\"display\":\"inpatient encounter\"},"
                + "\"type\":[{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"183452005\",\"display\":\"Emergency hospital admission\"},"
                + "{\"system\":\"http://snomed.info/sct\",\"code\":\"183452005\",\"display\":\"a second display of the same coding\"}]}],"
                + "\"reasonCode\":[{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"233604007\"}]}],"
                + "\"hospitalization\":{\"dischargeDisposition\":{\"coding\":["
                + "{\"system\":\"http://www.nubc.org/patient-discharge\",\"code\":\"01\",\"display\":\"Discharged to home\"},"
                + "{\"system\":\"http://example.org/local\",\"code\":\"H\",\"display\":\"not the kept coding\"}]}}}");
        assertEquals(Map.of("http://terminology.hl7.org/CodeSystem/v3-ActCode|IMP", "inpatient encounter",
                "http://snomed.info/sct|183452005", "Emergency hospital admission",
                "http://www.nubc.org/patient-discharge|01", "Discharged to home"), encounter.getEncounter().getDisplays());
    }
}
