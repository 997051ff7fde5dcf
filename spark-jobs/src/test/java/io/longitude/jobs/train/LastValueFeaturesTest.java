package io.longitude.jobs.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.longitude.cohort.PatientCohort;
import io.longitude.cohort.TaskConfig;
import io.longitude.cohort.TaskFiles;
import io.longitude.cohort.VisitTokeniser;
import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitEvent;
import io.longitude.fhir.VisitSequence;
import io.longitude.jobs.cohort.CohortJob;
import io.longitude.jobs.testing.LocalSpark;
import io.longitude.models.data.NumericNormaliser;
import io.longitude.warehouse.Warehouse;
import org.apache.spark.sql.Encoders;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The last value of the most frequent numeric code as a numeric feature, on a small hand-made warehouse (60 patients:
 * an outpatient visit with a creatinine, in mg/dL or in g/L, then a stay without one): the feature layout names it
 * and its measured flag, a visit without a value takes the training median, and the train job's normaliser
 * standardises it with moments of the training split only (validation and test values are a hundredfold, so any of
 * them would move the mean).
 */
@ExtendWith(LocalSpark.class)
class LastValueFeaturesTest {

    private static final String LOINC = "http://loinc.org";
    private static final String CREATININE = LOINC + "|2160-0";
    private static final String HEART_RATE = LOINC + "|8867-4";
    private static final int PATIENTS = 60;
    private static final TaskConfig TASK = TaskFiles.load("readmission-30d", List.of(
            "task.data-end=\"2021-01-01T00:00:00Z\"", "task.features.vocabulary-min-count=1",
            "task.features.values.last-values=1"));
    private static final Instant DATA_END = Instant.parse("2021-01-01T00:00:00Z");

    @TempDir
    static Path tmp;

    @Test
    void theLastValueAndItsFlagAreNumericFeaturesStandardisedOnTheTrainingSplit(SparkSession spark) throws Exception {
        List<VisitSequence> patients = new ArrayList<>();
        List<Double> training = new ArrayList<>();
        for (int i = 0; i < PATIENTS; i++) {
            String key = "patient-" + i;
            boolean train = PatientCohort.of(patient(key, 1.0, "mg/dL"), TASK, DATA_END).outcomes().get(0).getSplit()
                    .equals("train");
            double milligramsPerDecilitre = 0.6 + 0.03 * i;
            double recorded = milligramsPerDecilitre * (train ? 1 : 100);
            patients.add(i % 2 == 0 ? patient(key, recorded, "mg/dL") : patient(key, recorded / 100, "g/L"));
            if (train) {
                training.add(milligramsPerDecilitre);
            }
        }
        Warehouse warehouse = new Warehouse(tmp.toString());
        spark.createDataset(patients, Encoders.bean(VisitSequence.class)).write()
                .parquet(warehouse.table(Warehouse.VISIT_SEQUENCES));
        new CohortJob(warehouse.root(), TASK).run(spark);

        JsonNode last = new ObjectMapper().readTree(Files.readString(Path.of(warehouse.cohortValueBins(TASK.name()))))
                .get("lastValues");
        assertEquals(1, last.size());
        assertEquals(CREATININE, last.get(0).get("code").asText(), "as frequent as the heart rate, first by code");
        double median = last.get(0).get("median").asDouble();
        assertTrue(training.stream().anyMatch(v -> Math.abs(v - median) < 1e-9), "the median is a training value");
        assertEquals(0.5, training.stream().filter(v -> v <= median + 1e-9).count() / (double) training.size(),
                1.0 / training.size() + 1e-9);

        try (TrainingCohort cohort = TrainingCohort.read(spark, warehouse, TASK.name())) {
            List<String> expected = new ArrayList<>(VisitTokeniser.NUMERIC_FEATURES);
            expected.addAll(List.of("last_value " + CREATININE + " [mg/dL]", "measured " + CREATININE + " [mg/dL]"));
            assertEquals(expected, cohort.layout().numericFeatures());
            NumericNormaliser normaliser = TrainingSplitStatistics.of(cohort.train(), cohort.layout(), TASK.maxVisits())
                    .normaliser();
            int f = VisitTokeniser.NUMERIC_FEATURES.size();
            // Each training sample: the outpatient visit with its value, then the stay at the median.
            double mean = (training.stream().mapToDouble(Double::doubleValue).sum() + training.size() * median)
                    / (2.0 * training.size());
            assertEquals(mean, normaliser.means()[f], 1e-4, "moments of the training split's visits only");
            double variance = (training.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum()
                    + training.size() * (median - mean) * (median - mean)) / (2.0 * training.size());
            assertEquals(1.0 / Math.sqrt(variance), normaliser.scales()[f], 1e-3);
            assertEquals(0.5, normaliser.means()[f + 1], 1e-9, "half the training visits have a value");
            assertEquals(2.0, normaliser.scales()[f + 1], 1e-9);
        }
    }

    /** An outpatient visit with a creatinine value, then a stay with a heart rate and no creatinine. */
    private static VisitSequence patient(String key, double creatinine, String unit) {
        Visit visit = visit(key + "-amb", "AMB", "2019-12-01T10:00:00Z", "2019-12-01T11:00:00Z",
                observation(CREATININE, creatinine, unit, "2019-12-01T10:30:00Z"));
        Visit stay = visit(key + "-stay", "IMP", "2020-01-01T10:00:00Z", "2020-01-05T10:00:00Z",
                observation(HEART_RATE, 70.0, "/min", "2020-01-02T10:00:00Z"));
        VisitSequence p = new VisitSequence();
        p.setPatientKey(key);
        p.setBirthDate(LocalDate.parse("1950-01-01"));
        p.setGender("female");
        p.setVisits(new ArrayList<>(List.of(visit, stay)));
        return p;
    }

    private static Visit visit(String key, String classCode, String start, String end, VisitEvent event) {
        Visit v = new Visit();
        v.setEncounterKey(key);
        v.setStatus("finished");
        v.setClassCode(classCode);
        v.setStart(Instant.parse(start));
        v.setEnd(Instant.parse(end));
        v.setEvents(new ArrayList<>(List.of(event)));
        return v;
    }

    private static VisitEvent observation(String token, double value, String unit, String time) {
        VisitEvent e = new VisitEvent();
        e.setKind("observation");
        e.setTime(Instant.parse(time));
        e.setCodeSystem(LOINC);
        e.setCode(token.substring(LOINC.length() + 1));
        e.setValue(value);
        e.setUnit(unit);
        return e;
    }
}
