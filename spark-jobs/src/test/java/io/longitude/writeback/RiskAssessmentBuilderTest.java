package io.longitude.writeback;

import io.longitude.cohort.OutcomeCode;
import io.longitude.cohort.TaskFiles;
import io.longitude.explain.ContributingCode;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RiskAssessmentBuilderTest {

    private static final String SYSTEM = "urn:longitude:risk-assessment";
    private static final OutcomeCode DEATH = TaskFiles.load("mortality-inhospital", List.of()).outcome();
    private static final Instant AT = Instant.parse("2026-01-31T02:00:00Z");

    private final RiskAssessmentBuilder scores = new RiskAssessmentBuilder(SYSTEM, DEATH, WritebackSource.SCORES);

    private static ScoredEvent event(String version, String encounterKey, Instant at) {
        return ScoredEvent.binary("mortality-inhospital", "gru", version, "s-1", "pk1", encounterKey, at, 0.1234567,
                "moderate");
    }

    @Test
    void aBinaryPredictionCarriesTheCalibratedProbabilityTheBandAndTheTasksOutcome() {
        RiskAssessment sent = scores.forServer(event("v1", "ek1", AT), "Patient/p-9", "Encounter/e-9");

        assertEquals(List.of(), R4Validator.errors(sent));
        assertEquals(RiskAssessment.RiskAssessmentStatus.FINAL, sent.getStatus());
        assertEquals("Patient/p-9", sent.getSubject().getReference());
        assertEquals("Encounter/e-9", sent.getEncounter().getReference());
        assertEquals("Encounter/e-9", sent.getBasisFirstRep().getReference(), "basis: the encounter");
        assertEquals(AT, sent.getOccurrenceDateTimeType().getValue().toInstant());
        assertEquals("2026-01-31T02:00:00Z", sent.getOccurrenceDateTimeType().getValueAsString());
        RiskAssessment.RiskAssessmentPredictionComponent prediction = sent.getPredictionFirstRep();
        assertEquals(1, sent.getPrediction().size());
        assertEquals(DEATH.system(), prediction.getOutcome().getCodingFirstRep().getSystem());
        assertEquals(DEATH.code(), prediction.getOutcome().getCodingFirstRep().getCode());
        assertEquals("0.123457", prediction.getProbabilityDecimalType().getValueAsString());
        assertEquals(RiskProbability.SYSTEM, prediction.getQualitativeRisk().getCodingFirstRep().getSystem());
        assertEquals("moderate", prediction.getQualitativeRisk().getCodingFirstRep().getCode());
        assertEquals("gru/v1", sent.getMethod().getCodingFirstRep().getCode());
        assertEquals(SYSTEM, sent.getIdentifierFirstRep().getSystem());
        assertFalse(sent.getIdElement().hasIdPart(), "the server assigns the id");
        assertEquals("RiskAssessment?identifier=" + SYSTEM.replace(":", "%3A") + "%7C"
                + sent.getIdentifierFirstRep().getValue(), scores.conditionalUrl(event("v1", "ek1", AT)));
    }

    @Test
    void theTopContributingCodesBecomeTheRationaleOfTheBinaryPrediction() {
        ScoredEvent explained = event("v1", "ek1", AT).withTopCodes(List.of(
                new ContributingCode("http://loinc.org|2823-3#q5/5", "Potassium [Moles/volume] in Serum or Plasma", 0.21,
                        1, 2.4),
                new ContributingCode("http://snomed.info/sct|91302008", null, 0.05, 0, 0.0),
                new ContributingCode("http://loinc.org|2160-0[mg/dL]#q3/5", "Creatinine", 0.01, 3, null)));
        RiskAssessment kept = scores.forWarehouse(explained);

        assertEquals(List.of(), R4Validator.errors(kept));
        assertEquals("Top contributing codes: Potassium [Moles/volume] in Serum or Plasma (q5/5, visit 2 days before), "
                + "http://snomed.info/sct|91302008 (index visit), Creatinine (mg/dL q3/5, 3 visits before)",
                kept.getPredictionFirstRep().getRationale());
        assertEquals(1, kept.getBasis().size(), "basis: the encounter alone, no source resource of a code");
        assertFalse(scores.forWarehouse(event("v1", "ek1", AT)).getPredictionFirstRep().hasRationale(),
                "no rationale without explanation");
    }

    @Test
    void theWarehouseCopyNamesKeysWhereTheServerCopyNamesSourcesAndBothShareTheIdentifier() {
        ScoredEvent event = event("v1", "ek1", AT);
        RiskAssessment kept = scores.forWarehouse(event);
        RiskAssessment sent = scores.forServer(event, "Patient/p-9", "Encounter/e-9");

        assertEquals(List.of(), R4Validator.errors(kept));
        assertEquals(RiskAssessmentBuilder.PATIENT_KEY_SYSTEM, kept.getSubject().getIdentifier().getSystem());
        assertEquals("pk1", kept.getSubject().getIdentifier().getValue());
        assertEquals("ek1", kept.getEncounter().getIdentifier().getValue());
        assertFalse(kept.getSubject().hasReference());
        assertFalse(sent.getSubject().hasIdentifier());
        assertEquals(sent.getIdentifierFirstRep().getValue(), kept.getIdentifierFirstRep().getValue());
        assertEquals(kept.getIdentifierFirstRep().getValue(), kept.getIdElement().getIdPart());
        RiskAssessment keptWithSources = kept.copy();
        keptWithSources.setId((String) null);
        keptWithSources.setSubject(sent.getSubject()).setEncounter(sent.getEncounter()).setBasis(sent.getBasis());
        assertTrue(keptWithSources.equalsDeep(sent), "otherwise the same resource");
    }

    @Test
    void theIdentifierIsThePredictionsTaskModelVersionEncounterAndTime() {
        String identifier = scores.identifierValue(event("v1", "ek1", AT));
        assertEquals(identifier, scores.identifierValue(ScoredEvent.binary("mortality-inhospital", "gru", "v1",
                "another sample id", "pk1", "ek1", AT, 0.9, "high")), "a rescoring is the same prediction");
        assertNotEquals(identifier, scores.identifierValue(event("v2", "ek1", AT)));
        assertNotEquals(identifier, scores.identifierValue(event("v1", "ek2", AT)));
        assertNotEquals(identifier, scores.identifierValue(event("v1", "ek1", AT.plusSeconds(3600))));
        assertNotEquals(identifier, scores.identifierValue(event("v1", null, AT)), "no encounter: the patient");
        assertNotEquals(identifier, new RiskAssessmentBuilder(SYSTEM, DEATH, WritebackSource.COHORT_AUDIT)
                .identifierValue(event("v1", "ek1", AT)), "the audit never overwrites a scoring");
        assertTrue(identifier.matches("[0-9a-f]{40}"), identifier);
    }

    @Test
    void withoutAnEncounterThereIsNoEncounterAndNoBasis() {
        RiskAssessment sent = scores.forServer(event("v1", null, AT), "Patient/p-9", null);
        assertEquals(List.of(), R4Validator.errors(sent));
        assertFalse(sent.hasEncounter());
        assertFalse(sent.hasBasis());
    }

    @Test
    void nextVisitDxGetsOnePredictionPerRankedCode() {
        RiskAssessmentBuilder nextVisit = new RiskAssessmentBuilder(SYSTEM, null, WritebackSource.SCORES);
        ScoredEvent event = ScoredEvent.nextVisit("next-visit-dx", "seq2seq-gru", "v3", "s-2", "pk2", "ek7", AT,
                List.of("http://snomed.info/sct|44054006", "http://snomed.info/sct|38341003", "|local-7"),
                List.of(0.41, 0.22, 0.05));

        RiskAssessment sent = nextVisit.forServer(event, "Patient/p-2", "Encounter/e-7");

        assertEquals(List.of(), R4Validator.errors(sent));
        assertEquals(3, sent.getPrediction().size());
        assertEquals("http://snomed.info/sct", sent.getPrediction().get(0).getOutcome().getCodingFirstRep().getSystem());
        assertEquals("44054006", sent.getPrediction().get(0).getOutcome().getCodingFirstRep().getCode());
        assertEquals("38341003", sent.getPrediction().get(1).getOutcome().getCodingFirstRep().getCode());
        assertEquals(0.22, sent.getPrediction().get(1).getProbabilityDecimalType().getValue().doubleValue(), 1e-9);
        assertNull(sent.getPrediction().get(2).getOutcome().getCodingFirstRep().getSystem());
        assertEquals("local-7", sent.getPrediction().get(2).getOutcome().getCodingFirstRep().getCode());
        assertFalse(sent.getPrediction().get(0).hasQualitativeRisk());
    }

    @Test
    void whatNoRiskAssessmentCanSayIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> scores.forWarehouse(ScoredEvent.binary("t", "m", "v", "s",
                "p", "e", AT, 1.2, "high")));
        assertThrows(IllegalArgumentException.class, () -> scores.forWarehouse(ScoredEvent.binary("t", "m", "v", "s",
                "p", "e", AT, 0.2, "very-high")));
        assertThrows(IllegalArgumentException.class, () -> scores.forWarehouse(new ScoredEvent("t", "m", "v", "s",
                "p", "e", AT, null, null, null, null, null)));
    }
}
