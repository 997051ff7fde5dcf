package io.longitude.cohort;

import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitEvent;
import io.longitude.fhir.VisitSequence;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static io.longitude.cohort.TestPatients.SNOMED;
import static io.longitude.cohort.TestPatients.event;
import static io.longitude.cohort.TestPatients.patient;
import static io.longitude.cohort.TestPatients.task;
import static io.longitude.cohort.TestPatients.visit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Value tokens: quantile bins with edge bins, units converted within a family and kept apart across families, coded
 * values, last values, and what a model version keeps.
 */
class ValueBinsTest {

    private static final String POTASSIUM = "http://loinc.org|2823-3";
    private static final String CREATININE = "http://loinc.org|2160-0";
    private static final String SMOKING = "http://loinc.org|72166-2";
    private static final Instant DATA_END = Instant.parse("2021-01-01T00:00:00Z");

    private static final ValueBins BINS = ValueBins.fitted(Map.of(
                    new ValueKey(POTASSIUM, "mmol/L"), new double[]{3.6, 3.9, 4.2, 4.6},
                    new ValueKey(CREATININE, "mg/dL"), new double[]{0.8, 1.0, 1.2, 1.6},
                    new ValueKey(CREATININE, "mmol/L"), new double[]{0.070, 0.088, 0.106, 0.140}),
            Set.of(CREATININE));

    private static VisitEvent observation(String token, Double value, String unit) {
        VisitEvent e = new VisitEvent();
        e.setKind("observation");
        e.setTime(Instant.parse("2020-01-02T10:00:00Z"));
        e.setCodeSystem(token.substring(0, token.indexOf('|')));
        e.setCode(token.substring(token.indexOf('|') + 1));
        e.setValue(value);
        e.setUnit(unit);
        return e;
    }

    private static String token(VisitEvent e) {
        return BINS.token(e, VisitTokeniser.token(e));
    }

    @Test
    void aValueBecomesItsQuantileBinAndValuesOutsideTheTrainingRangeLandInTheEdgeBins() {
        assertArrayEquals(new double[]{0.2, 0.4, 0.6, 0.8}, ValueBins.probabilities(5), 1e-12);
        assertEquals(POTASSIUM + "#q1/5", token(observation(POTASSIUM, 1.0, "mmol/L")), "far below the training range");
        assertEquals(POTASSIUM + "#q1/5", token(observation(POTASSIUM, 3.6, "mmol/L")), "a cut point is in the bin below");
        assertEquals(POTASSIUM + "#q2/5", token(observation(POTASSIUM, 3.7, "mmol/L")));
        assertEquals(POTASSIUM + "#q4/5", token(observation(POTASSIUM, 4.5, "mmol/L")));
        assertEquals(POTASSIUM + "#q5/5", token(observation(POTASSIUM, 9.9, "mmol/L")), "far above the training range");
    }

    @Test
    void aCodeSeenInSeveralUnitsIsBinnedPerUnitAndItsTokensNameTheUnit() {
        assertEquals(CREATININE + "[mg/dL]#q5/5", token(observation(CREATININE, 2.0, "mg/dL")));
        assertEquals(CREATININE + "[mmol/L]#q1/5", token(observation(CREATININE, 2.0, "umol/L")),
                "2 µmol/L is 0.002 mmol/L: the lowest bin of its own unit, not the highest of mg/dL");
        assertNull(token(observation(CREATININE, 2.0, "mEq/L")), "a unit with no bins gives no value token");
        assertNull(token(observation(POTASSIUM, 4.0, "mEq/L")));
        assertNull(token(observation("http://loinc.org|8867-4", 80.0, "/min")), "a code not binned gives none");
    }

    @Test
    void valuesInConvertibleUnitsShareTheBinsOfTheirFamilysUnit() {
        assertEquals(POTASSIUM + "#q4/5", token(observation(POTASSIUM, 4500.0, "umol/L")), "4500 µmol/L = 4.5 mmol/L");
        assertEquals(POTASSIUM + "#q4/5", token(observation(POTASSIUM, 4.5, "mmol/l")), "a spelling of mmol/L");
        assertEquals(CREATININE + "[mg/dL]#q3/5", token(observation(CREATININE, 11.0, "mg/L")), "11 mg/L = 1.1 mg/dL");
        assertEquals(CREATININE + "[mg/dL]#q5/5", token(observation(CREATININE, 0.02, "g/L")), "0.02 g/L = 2 mg/dL");
    }

    @Test
    void eachVisitGetsTheLastValueOfEachLastValueCodeOrTheTrainingMedianAndAMeasuredFlag() {
        ValueBins bins = BINS.withLastValues(List.of(new ValueKey(CREATININE, "mg/dL"),
                new ValueKey(POTASSIUM, "mmol/L")), new double[]{1.0, 4.2});
        assertEquals(List.of("last_value " + CREATININE + " [mg/dL]", "measured " + CREATININE + " [mg/dL]",
                "last_value " + POTASSIUM + " [mmol/L]", "measured " + POTASSIUM + " [mmol/L]"),
                bins.lastValueFeatures());
        VisitEvent early = observation(CREATININE, 0.9, "mg/dL");
        early.setTime(Instant.parse("2020-01-02T09:00:00Z"));
        VisitEvent late = observation(CREATININE, 0.012, "g/L");
        VisitEvent molar = observation(CREATININE, 150.0, "umol/L");
        molar.setTime(Instant.parse("2020-01-02T11:00:00Z"));
        assertArrayEquals(new float[]{1.2f, 1f, 4.2f, 0f}, bins.lastValues(List.of(late, early, molar)), 1e-6f,
                "the latest mass value (0.012 g/L = 1.2 mg/dL), not the later molar one; potassium not measured");
        assertArrayEquals(new float[]{1.0f, 0f, 4.2f, 0f}, bins.lastValues(List.of()), 1e-6f);
        assertArrayEquals(new float[0], BINS.lastValues(List.of(late)));
        assertEquals(bins.toJson(), ValueBins.fromJson(bins.toJson(), "vocabulary.json").toJson());
        assertArrayEquals(new float[]{1.2f, 1f, 4.2f, 0f},
                ValueBins.fromJson(bins.toJson(), "vocabulary.json").lastValues(List.of(late, early)), 1e-6f);
    }

    @Test
    void binsKeptBeforeUnitsWereConvertedLookValuesUpInTheirRecordedUnit() {
        String before = BINS.toJson().replace("\"unitsConverted\":true,", "");
        assertTrue(before.length() < BINS.toJson().length(), before);
        ValueBins read = ValueBins.fromJson(before, "vocabulary.json");
        assertEquals(CREATININE + "[mg/dL]#q3/5", read.token(observation(CREATININE, 1.1, "mg/dL"), CREATININE));
        assertNull(read.token(observation(CREATININE, 11.0, "mg/L"), CREATININE), "mg/L had no bins then");
    }

    @Test
    void codedValuesBecomeTokensAndValuesOffGiveNone() {
        VisitEvent smoking = observation(SMOKING, null, null);
        smoking.setValueCode("http://snomed.info/sct|449868002");
        assertEquals(SMOKING + "=http://snomed.info/sct|449868002", token(smoking));
        assertNull(ValueBins.NONE.token(smoking, SMOKING));
        assertNull(ValueBins.NONE.token(observation(POTASSIUM, 4.0, "mmol/L"), POTASSIUM));
        assertNull(token(observation(POTASSIUM, null, null)), "no value, no value token");
    }

    @Test
    void equalQuantilesCollapseIntoFewerBins() {
        ValueBins bins = ValueBins.fitted(Map.of(new ValueKey(POTASSIUM, "mmol/L"), new double[]{4.0, 4.0, 4.0, 5.0}),
                Set.of());
        assertEquals(POTASSIUM + "#q1/3", bins.token(observation(POTASSIUM, 4.0, "mmol/L"), POTASSIUM));
        assertEquals(POTASSIUM + "#q2/3", bins.token(observation(POTASSIUM, 4.5, "mmol/L"), POTASSIUM));
        assertEquals(POTASSIUM + "#q3/3", bins.token(observation(POTASSIUM, 5.5, "mmol/L"), POTASSIUM));
    }

    @Test
    void aModelVersionKeepsTheBinsAsTheyWere() {
        String json = BINS.toJson();
        ValueBins read = ValueBins.fromJson(json, "vocabulary.json");
        assertEquals(json, read.toJson());
        for (double v : new double[]{0.5, 0.8, 0.9, 1.3, 2.0}) {
            assertEquals(token(observation(CREATININE, v, "mg/dL")),
                    read.token(observation(CREATININE, v, "mg/dL"), CREATININE));
        }
        assertFalse(ValueBins.fromJson(ValueBins.NONE.toJson(), "off").enabled());
    }

    @Test
    void onlyTrainingWindowsGiveValuesAndSamplesCarryTheValueTokens() {
        TaskConfig config = task("readmission-30d");
        SplitAssigner splits = new SplitAssigner(config);
        String train = IntStream.range(0, 100).mapToObj(i -> "patient-" + i)
                .filter(k -> splits.split(k, null).equals(SplitAssigner.TRAIN)).findFirst().orElseThrow();
        String test = IntStream.range(0, 100).mapToObj(i -> "patient-" + i)
                .filter(k -> splits.split(k, null).equals(SplitAssigner.TEST)).findFirst().orElseThrow();
        VisitEvent inStay = observation(POTASSIUM, 6.1, "mmol/L");
        VisitEvent afterDischarge = observation(POTASSIUM, 2.0, "mmol/L");
        afterDischarge.setTime(Instant.parse("2020-02-01T10:00:00Z"));
        VisitSequence trainPatient = patient(train, "1950-01-01", null,
                visit("s1", "IMP", "2020-01-01T10:00:00Z", "2020-01-05T10:00:00Z",
                        event("condition", "2020-01-01T10:00:00Z", "1"), inStay),
                visit("later", "AMB", "2020-02-01T10:00:00Z", "2020-02-01T11:00:00Z", afterDischarge));
        List<ObservedValue> values = PatientCohort.of(trainPatient, config, DATA_END).trainingValues();
        assertEquals(1, values.size(), "the value after the sample's discharge is outside every feature window");
        assertEquals(POTASSIUM, values.get(0).getCode());
        assertEquals("mmol/L", values.get(0).getUnit());
        assertEquals(6.1, values.get(0).getValue());
        VisitSequence testPatient = patient(test, "1950-01-01", null, trainPatient.getVisits().toArray(Visit[]::new));
        PatientCohort testCohort = PatientCohort.of(testPatient, config, DATA_END);
        assertTrue(testCohort.trainingValues().isEmpty());

        TreeMap<String, Long> kept = new TreeMap<>(Map.of(SNOMED + "|1", 1L, POTASSIUM, 1L, POTASSIUM + "#q5/5", 1L));
        Vocabulary vocabulary = Vocabulary.withOutOfVocabulary(kept, 0).withValueBins(BINS);
        CohortSample sample = testCohort.samples(vocabulary, null).get(0);
        assertEquals("test", sample.getSplit());
        assertEquals(List.of(POTASSIUM, POTASSIUM + "#q5/5", SNOMED + "|1"), sample.getVisits().get(0).getCodes().stream()
                .map(id -> vocabulary.tokens().get(id)).toList(), "6.1 mmol/L is above the training range: top bin");
        Vocabulary valuesOff = Vocabulary.withOutOfVocabulary(kept, 0);
        assertEquals(List.of(POTASSIUM, SNOMED + "|1"), testCohort.samples(valuesOff, null).get(0).getVisits().get(0)
                .getCodes().stream().map(id -> valuesOff.tokens().get(id)).toList(), "values off: no value token");
    }

    @Test
    void aDefinitionKeptBeforeValuesWereFeaturesReadsAsValuesOff() {
        TaskConfig current = task("mortality-inhospital");
        assertTrue(current.valuesEnabled());
        assertEquals(5, current.valueBins());
        String old = current.definition().replaceAll(",?\"values\":\\{[^}]*\\}", "");
        assertFalse(old.contains("numeric-codes"), old);
        assertFalse(TaskConfig.fromDefinition(old).valuesEnabled());
    }
}
