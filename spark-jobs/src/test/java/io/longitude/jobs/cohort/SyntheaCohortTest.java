package io.longitude.jobs.cohort;

import io.longitude.jobs.bench.WarehouseScaler;

import io.longitude.cohort.TaskFiles;

import io.longitude.config.LongitudeConfigLoader;
import io.longitude.warehouse.Warehouse;
import io.longitude.jobs.ingest.IngestConfig;
import io.longitude.jobs.ingest.IngestJob;
import io.longitude.jobs.testing.LocalSpark;
import io.longitude.jobs.testing.TestData;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.size;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cohorts built from the shared Synthea bundles (ingested once for the class), checked against
 * {@link IndependentCohortCount} over the same FHIR files, plus attrition, splits, determinism, the
 * vocabulary's training-only fit and leakage at admission.
 */
@ExtendWith(LocalSpark.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyntheaCohortTest {

    @TempDir
    static Path warehouse;

    private IndependentCohortCount expected;
    private SparkSession spark;

    @BeforeAll
    void ingest(SparkSession spark) throws IOException {
        this.spark = spark;
        Path input = TestData.sharedSyntheaBundles();
        new IngestJob(IngestConfig.from(LongitudeConfigLoader.load(null, List.of()), List.of(input.toString()),
                warehouse.toString())).run(spark);
        expected = IndependentCohortCount.of(input);
    }

    private CohortSummary run(String task, String... overrides) {
        return new CohortJob(warehouse.toString(), TaskFiles.load(task, List.of(overrides))).run(spark);
    }

    private Dataset<Row> table(String task, String name) {
        return spark.read().parquet(new Warehouse(warehouse.toString()).cohort(task) + "/" + name);
    }

    @Test
    void readmissionCohortsMatchAnIndependentCountOverTheFhirFiles() {
        assertCounts(expected.readmission(30, false), run("readmission-30d"));
        assertCounts(expected.readmission(30, true), run("readmission-30d-unplanned"));
        assertCounts(expected.readmission(7, false), run("readmission-30d", "task.window-days=7"));
    }

    @Test
    void mortalityCohortsMatchAnIndependentCountOverTheFhirFiles() {
        assertCounts(expected.mortality(0), run("mortality-inhospital"));
        CohortSummary at24h = run("mortality-inhospital", "task.offset-hours=24");
        assertCounts(expected.mortality(24), at24h);
        assertEquals(List.of("all stays", "adults", "in hospital at prediction time"),
                List.copyOf(at24h.attrition().keySet()));
    }

    @Test
    void anAcesTaskConfigGivesTheCohortItsRulesGiveOverTheFhirFiles() {
        String yaml = TestData.repositoryRoot().resolve("conf/tasks/aces/mortality-inhospital-aces.yaml").toString();
        CohortSummary summary = run(yaml);
        IndependentCohortCount.Counts counts = expected.acesMortalityAtAdmission();
        assertEquals(expected.acesMortalityTriggers(), summary.attrition().values().iterator().next(), "trigger times");
        assertEquals(counts.samples(), summary.samples(), "samples");
        assertEquals(counts.positives(), summary.positives(), "positives");
        assertEquals(counts.samples(), table("mortality-inhospital-aces", "samples").count());
        assertTrue(summary.samples() > 0);
        // Where ACES cannot say what the HOCON task means: Synthea records deaths after the last discharge, which
        // the HOCON task's 48-hour grace counts and a death-before-discharge label (ACES's own sample) does not.
        assertTrue(expected.mortality(0).positives() > counts.positives(), "the death grace is what differs");
    }

    @Test
    void theShippedAcesReadmissionAndLengthOfStayConfigsMatchTheirRulesOverTheFhirFiles() {
        Path aces = TestData.repositoryRoot().resolve("conf/tasks/aces");
        CohortSummary readmission = run(aces.resolve("readmission-30d-aces.yaml").toString());
        assertEquals(expected.acesReadmission30d(false), new IndependentCohortCount.Counts(readmission.samples(), readmission.positives()));
        assertTrue(readmission.positives() > 0, "readmissions on this data");
        CohortSummary unplanned = run(aces.resolve("readmission-30d-unplanned-aces.yaml").toString());
        assertEquals(expected.acesReadmission30d(true), new IndependentCohortCount.Counts(unplanned.samples(), unplanned.positives()));
        CohortSummary stay = run(aces.resolve("long-los-aces.yaml").toString());
        assertEquals(expected.acesDischargeWithinAWeekAt48h(), new IndependentCohortCount.Counts(stay.samples(), stay.positives()));
        // No Synthea stay here lasts over 7 days: every stay still open at 48 h is discharged within the week.
        assertTrue(stay.samples() > 0, "stays open at 48 h on this data");
    }

    @Test
    void theShippedAcesHeartFailureCreatinineAndMortalityAt24hConfigsMatchTheirRulesOverTheFhirFiles() {
        Path aces = TestData.repositoryRoot().resolve("conf/tasks/aces");
        CohortSummary heartFailure = run(aces.resolve("heart-failure-1y-aces.yaml").toString());
        assertEquals(expected.acesHeartFailureWithinAYear(), new IndependentCohortCount.Counts(heartFailure.samples(), heartFailure.positives()));
        assertTrue(heartFailure.positives() > 0, "heart-failure diagnoses on this data");
        CohortSummary creatinine = run(aces.resolve("high-creatinine-24h-aces.yaml").toString());
        assertEquals(expected.acesHighCreatinineInTheFirstDay(), new IndependentCohortCount.Counts(creatinine.samples(), creatinine.positives()));
        assertTrue(creatinine.positives() > 0, "high creatinine on this data");
        CohortSummary mortality = run(aces.resolve("mortality-inhospital-24h-aces.yaml").toString());
        assertEquals(expected.acesMortalityAt24hWithAGap(), new IndependentCohortCount.Counts(mortality.samples(), mortality.positives()));
    }

    private void assertCounts(IndependentCohortCount.Counts counts, CohortSummary summary) {
        assertEquals(expected.dataEnd(), summary.dataEnd());
        assertEquals(counts.samples(), summary.samples(), "samples");
        assertEquals(counts.positives(), summary.positives(), "positives");
        assertTrue(summary.positives() > 0, "a cohort on this data has positives");
    }

    @Test
    void attritionAddsUpAndNoPatientIsInTwoSplits() throws IOException {
        CohortSummary summary = run("readmission-30d");
        List<Long> remaining = new ArrayList<>(summary.attrition().values());
        assertEquals(expected.stays(), remaining.get(0), "every stay is a candidate");
        for (int i = 1; i < remaining.size(); i++) {
            assertTrue(remaining.get(i) <= remaining.get(i - 1), "attrition never adds: " + remaining);
        }
        assertEquals(summary.samples(), remaining.get(remaining.size() - 1));
        assertTrue(summary.toJson().contains("\"positivesWithPlannedReadmissionOnly\""));
        try (Stream<Path> runs = Files.list(warehouse.resolve("runs"))) {
            assertTrue(runs.anyMatch(run -> Files.isRegularFile(run.resolve("cohort-readmission-30d.json"))));
        }
        long splitSamples = 0;
        long splitPositives = 0;
        long splitPatients = 0;
        for (Map<String, Long> split : summary.splits().values()) {
            splitSamples += split.get("samples");
            splitPositives += split.get("positives");
            splitPatients += split.get("patients");
        }
        assertEquals(summary.samples(), splitSamples);
        assertEquals(summary.positives(), splitPositives);
        assertEquals(summary.patients(), splitPatients, "each patient is counted in exactly one split");

        Dataset<Row> samples = table("readmission-30d", "samples");
        assertEquals(summary.samples(), samples.count());
        assertEquals(summary.positives(), samples.filter(col("label").equalTo(1)).count());
        assertEquals(0, samples.groupBy("patientKey").agg(countDistinct("split").as("n"))
                .filter(col("n").gt(1)).count());
        assertEquals(summary.samples(), samples.select("sampleId").distinct().count(), "sample ids are unique");
        assertEquals(0, samples.filter(size(col("visits")).equalTo(0)
                .or(size(col("visits")).notEqual(col("visitCount")))).count());
    }

    @Test
    void rerunningGivesByteIdenticalCohortFiles() throws IOException {
        run("next-visit-dx");
        Map<String, byte[]> first = cohortFiles("next-visit-dx");
        run("next-visit-dx");
        Map<String, byte[]> second = cohortFiles("next-visit-dx");
        assertEquals(first.keySet(), second.keySet());
        assertFalse(first.isEmpty());
        first.forEach((name, bytes) -> assertArrayEquals(bytes, second.get(name), name));
    }

    /** Data files keyed by table and part number (Spark names them with a per-write UUID). */
    private Map<String, byte[]> cohortFiles(String task) throws IOException {
        Path root = Path.of(new Warehouse(warehouse.toString()).cohort(task));
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path file : paths.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                String part = file.getFileName().toString().substring(0, "part-00000".length());
                files.put(root.relativize(file.getParent()) + "/" + part, Files.readAllBytes(file));
            }
        }
        return files;
    }

    @Test
    void nextVisitTargetsAreTheTopConditionCodesOfEachVisit() {
        CohortSummary summary = run("next-visit-dx", "task.top-k=20");
        Dataset<Row> samples = table("next-visit-dx", "samples");
        assertEquals(summary.samples(), samples.count());
        assertEquals(summary.patients(), summary.samples(), "one sample per patient");
        assertEquals(0, samples.filter(size(col("targets")).notEqual(size(col("visits")))
                .or(size(col("visits")).lt(2)).or(col("label").isNotNull())).count());
        Dataset<Row> targetIds = samples.select(explode(col("targets")).as("t")).select(explode(col("t")).as("id"));
        assertTrue(targetIds.count() > 0);
        assertEquals(0, targetIds.filter(col("id").lt(0).or(col("id").geq(20))).count());
        assertEquals(20, table("next-visit-dx", "target_vocabulary").count());
    }

    @Test
    void vocabularyIsFittedOnTheTrainingSplitOnly() {
        run("mortality-inhospital", "task.features.vocabulary-min-count=1");
        Dataset<Row> samples = table("mortality-inhospital", "samples");
        Set<String> trainPatients = new HashSet<>(samples.filter(col("split").equalTo("train"))
                .select("patientKey").distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
        Warehouse tables = new Warehouse(warehouse.toString());
        Dataset<Row> encounters = spark.read().parquet(tables.table(Warehouse.ENCOUNTERS));
        Dataset<Row> tokens = spark.read().parquet(tables.table(Warehouse.EVENTS))
                .select(col("patientKey"), concat_ws("|", col("codeSystem"), col("code")).as("token"))
                .union(encounters.select(col("patientKey"), explode(col("typeCodes"))))
                .union(encounters.select(col("patientKey"), explode(col("reasonCodes"))));
        Set<String> trainTokens = new HashSet<>();
        Set<String> otherTokens = new HashSet<>();
        for (Row r : tokens.distinct().collectAsList()) {
            (trainPatients.contains(r.getString(0)) ? trainTokens : otherTokens).add(r.getString(1));
        }
        Set<String> vocabulary = new HashSet<>(table("mortality-inhospital", "vocabulary")
                .filter(col("id").gt(0)).select("token").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
        otherTokens.removeAll(trainTokens);
        assertFalse(otherTokens.isEmpty(), "some codes occur only outside the training split");
        for (String token : otherTokens) {
            assertFalse(vocabulary.contains(token), token + " occurs only outside training yet is in the vocabulary");
        }
        assertTrue(vocabulary.size() > 100);
        assertTrue(vocabulary.stream().anyMatch(t -> t.matches(".*#q[1-5]/5")), "numeric values as quantile bins");
        assertTrue(vocabulary.stream().anyMatch(t -> t.contains("=")), "coded values (valueCodeableConcept)");
    }

    @Test
    void mortalityAtAdmissionSeesOnlyTheIndexEncountersAdmissionInformation() {
        run("mortality-inhospital", "task.features.vocabulary-min-count=1");
        Dataset<Row> samples = table("mortality-inhospital", "samples");
        List<String> vocabulary = table("mortality-inhospital", "vocabulary").orderBy("id")
                .select("token").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        Dataset<Row> encounters = spark.read().parquet(new Warehouse(warehouse.toString()).table(Warehouse.ENCOUNTERS));
        List<Row> rows = samples.join(encounters, samples.col("indexEncounterKey").equalTo(encounters.col("encounterKey")))
                .select(element_at(col("visits"), -1).getField("codes").as("codes"), col("typeCodes"),
                        col("reasonCodes"), element_at(col("visits"), -1).getField("numeric").as("numeric"))
                .collectAsList();
        assertEquals(samples.count(), rows.size());
        for (Row r : rows) {
            Set<Integer> admission = new HashSet<>();
            Stream.concat(r.<String>getList(1).stream(), r.<String>getList(2).stream())
                    .forEach(token -> admission.add(Math.max(0, vocabulary.indexOf(token))));
            for (Integer id : r.<Integer>getList(0)) {
                assertTrue(admission.contains(id),
                        vocabulary.get(id) + " of the index stay entered a prediction made at its admission");
            }
            assertEquals(1f, r.<Float>getList(3).get(2), "the last visit is the inpatient index encounter");
        }
    }

    @Test
    void scalingTheWarehouseMultipliesPatientsAndStaysWithFreshKeys(@TempDir Path scaled) {
        Warehouse original = new Warehouse(warehouse.toString());
        assertEquals(3 * expected.patients(), WarehouseScaler.scale(spark, warehouse.toString(), scaled.toString(), 3, 1));
        Dataset<Row> copies = spark.read().parquet(new Warehouse(scaled.toString()).table(Warehouse.VISIT_SEQUENCES));
        assertEquals(3 * expected.patients(), copies.select("patientKey").distinct().count());
        assertEquals(3 * spark.read().parquet(original.table(Warehouse.ENCOUNTERS)).count(),
                copies.select(explode(col("visits")).as("v")).select("v.encounterKey").distinct().count());
        CohortSummary summary = new CohortJob(scaled.toString(), TaskFiles.load("mortality-inhospital", List.of()))
                .run(spark);
        assertEquals(expected.dataEnd(), summary.dataEnd(), "copies are shifted back: the data end is unchanged");
        assertEquals(3 * expected.stays(), summary.attrition().get("all stays"));
    }
}
