package io.longitude.jobs.cohort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.longitude.cohort.PatientCohort;
import io.longitude.cohort.TaskConfig;
import io.longitude.cohort.TaskFiles;
import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitEvent;
import io.longitude.fhir.VisitSequence;
import io.longitude.jobs.testing.LocalSpark;
import io.longitude.warehouse.Warehouse;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cohort job's value bins on a small hand-made warehouse (80 patients, one stay each with a creatinine value and
 * a body weight): fitted on the training split only (the quantiles of the training values; the same patients with
 * validation and test values changed a hundredfold, or in a unit no training patient has, give the same bins and
 * last-value medians), a code in two units of one family (weight in kg and [lb_av]) converted into one set of bins, a
 * code in two units that do not convert (creatinine in mg/dL and µmol/L) binned per unit, test-split values beyond the
 * training range in the edge bins, and the value tokens (numeric and coded) in the vocabulary.
 */
@ExtendWith(LocalSpark.class)
class ValueTokensCohortTest {

    private static final String LOINC = "http://loinc.org";
    private static final String CREATININE = LOINC + "|2160-0";
    private static final String SMOKING = LOINC + "|72166-2";
    private static final String WEIGHT = LOINC + "|29463-7";
    private static final String NEVER_SMOKED = "http://snomed.info/sct|266919005";
    private static final int PATIENTS = 80;
    private static final TaskConfig TASK = TaskFiles.load("readmission-30d", List.of(
            "task.data-end=\"2021-01-01T00:00:00Z\"", "task.features.vocabulary-min-count=1"));
    private static final Instant DATA_END = Instant.parse("2021-01-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    @Test
    void binsAreFittedOnTheTrainingSplitOnlyPerUnitAndTheirTokensAreInTheVocabulary(SparkSession spark)
            throws Exception {
        List<String> keys = new ArrayList<>();
        List<String> splits = new ArrayList<>();
        for (int i = 0; i < PATIENTS; i++) {
            keys.add("patient-" + i);
            splits.add(PatientCohort.of(patient(keys.get(i), List.of()), TASK, DATA_END).outcomes().get(0).getSplit());
        }
        List<String> test = keys.stream().filter(k -> splits.get(keys.indexOf(k)).equals("test")).toList();
        String outsideHigh = test.get(0);
        String outsideLow = test.get(1);

        Warehouse warehouse = new Warehouse(tmp.toString());
        spark.createDataset(patients(keys, splits, false, outsideHigh, outsideLow), Encoders.bean(VisitSequence.class))
                .write().parquet(warehouse.table(Warehouse.VISIT_SEQUENCES));
        new CohortJob(warehouse.root(), TASK).run(spark);
        String first = Files.readString(Path.of(warehouse.cohortValueBins(TASK.name())));
        String changed = CohortJob.valueBins(spark.createDataset(patients(keys, splits, true, outsideHigh, outsideLow),
                Encoders.bean(VisitSequence.class)), TASK, DATA_END, null).toJson();
        assertEquals(first, changed, "validation and test values (a hundredfold, or in a unit no training patient has) "
                + "change no bin");

        JsonNode bins = JSON.readTree(first);
        assertEquals(CREATININE, bins.get("codesWithSeveralUnits").get(0).asText());
        assertEquals(1, bins.get("codesWithSeveralUnits").size());
        assertEquals(3, bins.get("bins").size(), "creatinine in mg/dL and in mmol/L, weight in kg");
        JsonNode weight = bins.get("bins").get(2);
        assertEquals(WEIGHT, weight.get("code").asText());
        assertEquals("kg", weight.get("unit").asText(), "pounds converted to kilograms: one set of bins");
        List<Double> trainingWeights = new ArrayList<>();
        for (int i = 0; i < PATIENTS; i++) {
            if (splits.get(i).equals("train")) {
                trainingWeights.add(kilograms(i));
            }
        }
        trainingWeights.sort(Double::compare);
        for (int k = 1; k <= 4; k++) {
            double cut = weight.get("cutPoints").get(k - 1).asDouble();
            assertTrue(trainingWeights.stream().anyMatch(w -> Math.abs(w - cut) < 1e-9), "cut point " + cut
                    + " is a training weight in kg, whether recorded in kg or in [lb_av]");
            long atOrBelow = trainingWeights.stream().filter(w -> w <= cut + 1e-9).count();
            assertEquals(k / 5.0, (double) atOrBelow / trainingWeights.size(), 1.0 / trainingWeights.size() + 1e-9,
                    "the training weights at or below cut point " + k);
        }
        JsonNode mgPerDl = bins.get("bins").get(0);
        assertEquals("mg/dL", mgPerDl.get("unit").asText());
        List<Double> training = new ArrayList<>();
        for (int i = 0; i < PATIENTS; i++) {
            if (splits.get(i).equals("train")) {
                training.add(milligramsPerDecilitre(i));
            }
        }
        training.sort(Double::compare);
        assertEquals(4, mgPerDl.get("cutPoints").size());
        for (int k = 1; k <= 4; k++) {
            double cut = mgPerDl.get("cutPoints").get(k - 1).asDouble();
            assertTrue(training.contains(cut), "cut point " + cut + " is a training value");
            long atOrBelow = training.stream().filter(v -> v <= cut).count();
            assertEquals(k / 5.0, (double) atOrBelow / training.size(), 1.0 / training.size() + 1e-9,
                    "the training values at or below cut point " + k);
        }

        List<String> vocabulary = spark.read().parquet(warehouse.cohortVocabulary(TASK.name())).orderBy("id")
                .select("token").as(Encoders.STRING()).collectAsList();
        for (int bin = 1; bin <= 5; bin++) {
            assertTrue(vocabulary.contains(CREATININE + "[mg/dL]#q" + bin + "/5"), "bin " + bin + " in " + vocabulary);
        }
        assertTrue(vocabulary.contains(CREATININE + "[mmol/L]#q1/5"), vocabulary.toString());
        for (int bin = 1; bin <= 5; bin++) {
            assertTrue(vocabulary.contains(WEIGHT + "#q" + bin + "/5"), "weight tokens name no unit: " + vocabulary);
        }
        assertTrue(vocabulary.contains(SMOKING + "=" + NEVER_SMOKED), vocabulary.toString());

        assertEquals(Set.of(CREATININE + "[mg/dL]#q5/5"), valueTokens(spark, warehouse, vocabulary, outsideHigh));
        assertEquals(Set.of(CREATININE + "[mg/dL]#q1/5"), valueTokens(spark, warehouse, vocabulary, outsideLow));
    }

    /** One stay each with a creatinine value; held-out patients' values a hundredfold and in mmol/L when changed. */
    private static List<VisitSequence> patients(List<String> keys, List<String> splits, boolean changeHeldOut,
                                                String outsideHigh, String outsideLow) {
        List<VisitSequence> patients = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            boolean heldOut = !splits.get(i).equals("train");
            double value = key.equals(outsideHigh) ? 1000.0 : key.equals(outsideLow) ? -5.0
                    : milligramsPerDecilitre(i) * (heldOut && changeHeldOut ? 100 : 1);
            List<VisitEvent> events = new ArrayList<>(List.of(observation(CREATININE, value, "mg/dL")));
            if (i % 4 == 0) {
                events.add(observation(CREATININE, 60.0 + i, "umol/L"));
            }
            events.add(i % 2 == 0 ? observation(WEIGHT, kilograms(i), "kg")
                    : observation(WEIGHT, kilograms(i) / 0.45359237, "[lb_av]"));
            if (heldOut && changeHeldOut) {
                events.add(observation(CREATININE, 0.09, "mg/g"));
                events.add(observation(WEIGHT, 500.0, "kg"));
            }
            if (!key.equals(outsideHigh) && !key.equals(outsideLow)) {
                VisitEvent smoking = observation(SMOKING, null, null);
                smoking.setValueCode(NEVER_SMOKED);
                events.add(smoking);
            }
            patients.add(patient(key, events));
        }
        return patients;
    }

    private static double kilograms(int patient) {
        return 50.0 + 0.5 * patient;
    }

    private static double milligramsPerDecilitre(int patient) {
        return 0.5 + 0.02 * patient;
    }

    private static Set<String> valueTokens(SparkSession spark, Warehouse warehouse, List<String> vocabulary,
                                           String patientKey) {
        Set<String> tokens = new TreeSet<>();
        for (Row r : spark.read().parquet(warehouse.cohortSamples(TASK.name())).filter(col("patientKey")
                .equalTo(patientKey)).select(explode(col("visits")).as("v")).select(explode(col("v.codes")))
                .collectAsList()) {
            String token = vocabulary.get(r.getInt(0));
            if (token.contains("[mg/dL]#")) {
                tokens.add(token);
            }
        }
        return tokens;
    }

    private static VisitSequence patient(String key, List<VisitEvent> events) {
        Visit stay = new Visit();
        stay.setEncounterKey(key + "-stay");
        stay.setStatus("finished");
        stay.setClassCode("IMP");
        stay.setStart(Instant.parse("2020-01-01T10:00:00Z"));
        stay.setEnd(Instant.parse("2020-01-05T10:00:00Z"));
        stay.setEvents(new ArrayList<>(events));
        VisitSequence p = new VisitSequence();
        p.setPatientKey(key);
        p.setBirthDate(LocalDate.parse("1950-01-01"));
        p.setGender("female");
        p.setVisits(new ArrayList<>(List.of(stay)));
        return p;
    }

    private static VisitEvent observation(String token, Double value, String unit) {
        VisitEvent e = new VisitEvent();
        e.setKind("observation");
        e.setTime(Instant.parse("2020-01-02T10:00:00Z"));
        e.setCodeSystem(LOINC);
        e.setCode(token.substring(LOINC.length() + 1));
        e.setValue(value);
        e.setUnit(unit);
        return e;
    }
}
