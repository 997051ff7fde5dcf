package io.longitude.meds;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MedsCodesTest {

    @Test
    void knownSystemsAreNamedByTheirPrefixOthersKeepTheirUri() {
        assertEquals("SNOMED//44054006", MedsCodes.coding("http://snomed.info/sct", "44054006"));
        assertEquals("LOINC//8302-2", MedsCodes.token("http://loinc.org|8302-2"));
        assertEquals("RxNorm//314076", MedsCodes.coding("http://www.nlm.nih.gov/research/umls/rxnorm", "314076"));
        assertEquals("ICD10CM//E11.9", MedsCodes.coding("http://hl7.org/fhir/sid/icd-10-cm", "E11.9"));
        assertEquals("CVX//140", MedsCodes.coding("http://hl7.org/fhir/sid/cvx", "140"));
        assertEquals("OTHER//http://example.org/codes|A1", MedsCodes.coding("http://example.org/codes", "A1"));
        assertEquals("OTHER//|A1", MedsCodes.token("|A1"));
        assertThrows(IllegalArgumentException.class, () -> MedsCodes.token("A1"));
    }

    @Test
    void longitudesOwnCodes() {
        assertEquals("GENDER//female", MedsCodes.gender("female"));
        assertEquals("ENCOUNTER//IMP//START", MedsCodes.encounterStart("IMP"));
        assertEquals("ENCOUNTER//UNKNOWN//END", MedsCodes.encounterEnd(null));
        assertEquals("ENCOUNTER_TYPE//SNOMED//185347001", MedsCodes.encounterType("http://snomed.info/sct|185347001"));
        assertEquals("ENCOUNTER_REASON//OTHER//urn:oid:1.2.3|x", MedsCodes.encounterReason("urn:oid:1.2.3|x"));
        assertEquals("DISCHARGE_DISPOSITION//NUBC//01",
                MedsCodes.dischargeDisposition("http://www.nubc.org/patient-discharge|01"));
        assertEquals("MEDICATION_REQUEST//UNCODED", MedsCodes.event("medication_request", null, null));
        assertEquals("SNOMED//1", MedsCodes.event("condition", "http://snomed.info/sct", "1"));
    }

    @Test
    void everyCodingComesBackOutOfItsCode() {
        for (MedsVocabulary vocabulary : MedsVocabulary.values()) {
            assertEquals(Optional.of(new MedsCoding(vocabulary.system(), "12//3")),
                    MedsCodes.codingOf(MedsCodes.coding(vocabulary.system(), "12//3")), vocabulary.name());
        }
        assertEquals(Optional.of(new MedsCoding("http://example.org/a", "b|c")),
                MedsCodes.codingOf(MedsCodes.coding("http://example.org/a", "b|c")), "a system URI holds no bar");
        assertEquals(Optional.of(new MedsCoding(null, "x")), MedsCodes.codingOf(MedsCodes.token("|x")));
        assertEquals(Optional.of(new MedsCoding("http://www.nubc.org/patient-discharge", "01")),
                MedsCodes.codingOf("DISCHARGE_DISPOSITION//NUBC//01"));
        assertEquals(Optional.of(new MedsCoding("http://snomed.info/sct", "185347001")),
                MedsCodes.codingOf("ENCOUNTER_TYPE//SNOMED//185347001"));
        for (String own : List.of("MEDS_BIRTH", "GENDER//female", "ENCOUNTER//IMP//START", "MEDICATION_REQUEST//UNCODED")) {
            assertEquals(Optional.empty(), MedsCodes.codingOf(own), own);
        }
    }

    @Test
    void parentsAreOmopConceptsWhereTheVocabularyIsOmops() {
        assertEquals(List.of("SNOMED/44054006"), MedsCodes.parentCodes("SNOMED//44054006"));
        assertEquals(List.of("RxNorm/314076"), MedsCodes.parentCodes("RxNorm//314076"));
        assertEquals(List.of("SNOMED/185347001"), MedsCodes.parentCodes("ENCOUNTER_TYPE//SNOMED//185347001"));
        assertNull(MedsCodes.parentCodes("DISCHARGE_DISPOSITION//NUBC//01"), "NUBC is not an OMOP vocabulary id");
        assertNull(MedsCodes.parentCodes("OTHER//http://example.org/codes|A1"));
        assertNull(MedsCodes.parentCodes("ENCOUNTER//IMP//START"));
    }

    @Test
    void familiesAndDescriptions() {
        assertEquals("SNOMED", MedsCodes.family("SNOMED//44054006"));
        assertEquals("OTHER", MedsCodes.family("OTHER//http://example.org/codes|A1"));
        assertEquals("ENCOUNTER//START", MedsCodes.family("ENCOUNTER//IMP//START"));
        assertEquals("ENCOUNTER//END", MedsCodes.family("ENCOUNTER//UNKNOWN//END"));
        assertEquals("ENCOUNTER_TYPE", MedsCodes.family("ENCOUNTER_TYPE//SNOMED//1"));
        assertEquals("MEDS_BIRTH", MedsCodes.family("MEDS_BIRTH"));
        for (String own : List.of("MEDS_BIRTH", "MEDS_DEATH", "GENDER//male", "ENCOUNTER//AMB//START",
                "ENCOUNTER//AMB//END", "MEDICATION_REQUEST//UNCODED")) {
            assertNotNull(MedsCodes.description(own), own);
        }
        assertNull(MedsCodes.description("SNOMED//44054006"), "the warehouse keeps no FHIR display");
    }
}
