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

    @Test
    void whatARowSaysComesFromItsCode() {
        assertEquals(MedsCodeRole.BIRTH, MedsCodes.roleOf("MEDS_BIRTH"));
        assertEquals(MedsCodeRole.DEATH, MedsCodes.roleOf("MEDS_DEATH"));
        assertEquals(MedsCodeRole.GENDER, MedsCodes.roleOf("GENDER//female"));
        assertEquals(MedsCodeRole.ENCOUNTER_START, MedsCodes.roleOf("ENCOUNTER//IMP//START"));
        assertEquals(MedsCodeRole.ENCOUNTER_END, MedsCodes.roleOf("ENCOUNTER//UNKNOWN//END"));
        assertEquals(MedsCodeRole.ENCOUNTER_TYPE, MedsCodes.roleOf("ENCOUNTER_TYPE//SNOMED//1"));
        assertEquals(MedsCodeRole.ENCOUNTER_REASON, MedsCodes.roleOf("ENCOUNTER_REASON//OTHER//|x"));
        assertEquals(MedsCodeRole.DISCHARGE_DISPOSITION, MedsCodes.roleOf("DISCHARGE_DISPOSITION//NUBC//01"));
        for (String clinical : List.of("SNOMED//1", "LAB//50912//mg/dL", "ENCOUNTER//IMP", "GENDER//", "HOSPITAL_ADMISSION")) {
            assertEquals(MedsCodeRole.CLINICAL, MedsCodes.roleOf(clinical), clinical);
        }
        assertEquals("female", MedsCodes.genderOf("GENDER//female"));
        assertEquals("IMP", MedsCodes.encounterClassOf("ENCOUNTER//IMP//START"));
        assertNull(MedsCodes.encounterClassOf(MedsCodes.encounterEnd(null)));
    }

    @Test
    void everyEventCodeComesBackAsTheCodingItWasWrittenFrom() {
        for (String[] coding : List.of(new String[]{"http://loinc.org", "2160-0"}, new String[]{"http://example.org/a", "b|c"},
                new String[]{null, "x"}, new String[]{MedsCodes.MEDS_CODE_SYSTEM, "LAB//50912//mg/dL"})) {
            String code = MedsCodes.event("observation", coding[0], coding[1]);
            assertEquals(new MedsCoding(coding[0], coding[1]), MedsCodes.eventCodingOf(code), code);
        }
        assertEquals(new MedsCoding(null, null), MedsCodes.eventCodingOf("MEDICATION_REQUEST//UNCODED"));
        assertEquals(new MedsCoding(MedsCodes.MEDS_CODE_SYSTEM, "DIAGNOSIS//ICD//10//I10"),
                MedsCodes.eventCodingOf("DIAGNOSIS//ICD//10//I10"), "a foreign code is kept whole");
        assertEquals("LAB//50912//mg/dL", MedsCodes.coding(MedsCodes.MEDS_CODE_SYSTEM, "LAB//50912//mg/dL"),
                "and written back unchanged");
        for (String token : List.of("http://snomed.info/sct|185347001", "urn:oid:1.2.3|x", "|x")) {
            assertEquals(token, MedsCodes.tokenOf(MedsCodes.encounterType(token)), token);
            assertEquals(token, MedsCodes.tokenOf(MedsCodes.token(token)), token);
        }
        assertEquals(MedsCodes.MEDS_CODE_SYSTEM + "|positive", MedsCodes.tokenOf("positive"));
    }

    @Test
    void theKindOfAnImportedEventComesFromItsVocabularyOrItsFirstPart() {
        assertEquals("condition", MedsCodes.kindOf("SNOMED//44054006"));
        assertEquals("observation", MedsCodes.kindOf("LOINC//2160-0"));
        assertEquals("medication_request", MedsCodes.kindOf("RxNorm//314076"));
        assertEquals("immunization", MedsCodes.kindOf("CVX//140"));
        assertEquals("procedure", MedsCodes.kindOf("ICD10PCS//0DTJ4ZZ"));
        assertEquals("medication_administration", MedsCodes.kindOf("MEDICATION_ADMINISTRATION//UNCODED"));
        assertEquals("condition", MedsCodes.kindOf("DIAGNOSIS//ICD//10//I10"));
        assertEquals("procedure", MedsCodes.kindOf("PROCEDURE//ICD//9//3893"));
        assertEquals("observation", MedsCodes.kindOf("LAB//50912//mg/dL"));
        assertEquals("observation", MedsCodes.kindOf("OTHER//http://example.org|1"));
    }

    @Test
    void aDescriptionIsOfTheCodingItsCodeNamesOrLongitudes() {
        MedsCoding snomed = new MedsCoding("http://snomed.info/sct", "44054006");
        assertEquals(Optional.of(snomed), MedsCodes.describedCodingOf("SNOMED//44054006"));
        assertEquals(Optional.of(snomed), MedsCodes.describedCodingOf("ENCOUNTER_REASON//SNOMED//44054006"));
        assertEquals(Optional.of(new MedsCoding("http://www.nubc.org/patient-discharge", "01")),
                MedsCodes.describedCodingOf("DISCHARGE_DISPOSITION//NUBC//01"));
        assertEquals(Optional.of(new MedsCoding(null, "A1")), MedsCodes.describedCodingOf("OTHER//|A1"));
        assertEquals(Optional.of(new MedsCoding(MedsCodes.MEDS_CODE_SYSTEM, "LAB//50912//mg/dL")),
                MedsCodes.describedCodingOf("LAB//50912//mg/dL"));
        for (String own : List.of("MEDS_BIRTH", "MEDS_DEATH", "GENDER//female", "ENCOUNTER//IMP//START",
                "MEDICATION_REQUEST//UNCODED")) {
            assertEquals(Optional.empty(), MedsCodes.describedCodingOf(own), own);
            assertNotNull(MedsCodes.description(own), own);
        }
    }
}
