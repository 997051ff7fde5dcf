package io.longitude.jobs.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import io.longitude.cohort.TaskConfig;
import io.longitude.cohort.TaskFiles;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.cohort.CohortJob;
import io.longitude.jobs.cohort.CohortSummary;
import io.longitude.jobs.evaluate.EvaluateConfig;
import io.longitude.jobs.evaluate.EvaluateJob;
import io.longitude.jobs.ingest.IngestConfig;
import io.longitude.jobs.ingest.IngestJob;
import io.longitude.jobs.testing.LocalSpark;
import io.longitude.jobs.testing.TestData;
import io.longitude.jobs.train.TrainConfig;
import io.longitude.jobs.train.TrainJob;
import io.longitude.models.evaluation.ModelEvaluator;
import io.longitude.warehouse.Warehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static io.longitude.scoring.ScoresTable.PREDICTION_TIME;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ACES task configs of conf/tasks/aces/ end to end on one warehouse ingested from the shared Synthea bundles
 * of patients with an inpatient stay: readmission-30d-aces trained, evaluated and scored as of instants from its
 * version alone (the YAML files it was built from deleted first), the scored events equal to an independent
 * reading of the FHIR JSON; each new task (no Java of its own) trained (tiny GRU, one epoch) and evaluated, a test
 * split too small or of one class ending in evaluate's "cannot be judged" note rather than a crash.
 */
@ExtendWith(LocalSpark.class)
class AcesEndToEndTest {

    private static final Path ACES = TestData.repositoryRoot().resolve("conf/tasks/aces");
    private static final String MODEL = "gru-aces-test";
    private static final List<String> SPLIT = List.of("task.split.train=0.5", "task.split.validation=0.25",
            "task.split.test=0.25");

    @TempDir
    static Path tmp;
    private static Path input;
    private static String warehouse;
    private static Config config;
    private static Path modelFile;

    @BeforeAll
    static void ingest() throws Exception {
        SparkSession spark = LocalSpark.session();
        input = IndependentOpenReadmissions.bundlesWithInpatientStays(TestData.sharedSyntheaBundles(),
                tmp.resolve("input"));
        warehouse = tmp.resolve("warehouse").toString();
        config = LongitudeConfigLoader.load(null, List.of());
        new IngestJob(IngestConfig.from(config, List.of(input.toString()), warehouse)).run(spark);
        modelFile = tmp.resolve(MODEL + ".conf");
        Files.writeString(modelFile, String.join("\n", "name = " + MODEL, "task = binary", "type = gru",
                "bidirectional = false", "layers = 1", "hidden-size = 4", "embedding-size = 4", "head = last",
                "dropout = 0.0", "l2 = 1e-5", "gradient-clip = 1.0", "learning-rate = 0.01", "batch-size = 64",
                "epochs = 1", "early-stopping-patience = 1", "max-visits = 10", "seed = 7"));
    }

    @Test
    void readmissionIsScoredAsOfAnInstantFromItsVersionAlone(SparkSession spark) throws Exception {
        Path copies = Files.createDirectories(tmp.resolve("task-files"));
        Path yaml = Files.copy(ACES.resolve("readmission-30d-aces.yaml"), copies.resolve("readmission-30d-aces.yaml"));
        Path predicates = Files.copy(ACES.resolve("fhir-predicates.yaml"), copies.resolve("fhir-predicates.yaml"));
        List<String> overrides = new ArrayList<>(SPLIT);
        overrides.add("task.aces.predicates-file=\"" + predicates + "\"");
        TaskConfig task = TaskFiles.load(yaml.toString(), overrides);
        CohortSummary cohort = new CohortJob(warehouse, task).run(spark);
        assertTrue(cohort.positives() > 0 && cohort.positives() < cohort.samples(), "both classes");
        trainAndEvaluate(spark, task.name());
        Files.delete(yaml);
        Files.delete(predicates);

        IndependentOpenAcesReadmissions independent = IndependentOpenAcesReadmissions.of(input);
        List<Instant> candidates = independent.discharges().stream().map(d -> d.plus(1, ChronoUnit.DAYS))
                .filter(t -> !independent.openAsOf(t).isEmpty()).toList();
        for (Instant asOf : List.of(candidates.get(candidates.size() / 2), candidates.get(candidates.size() - 1))) {
            ScoreSummary scored = new ScoreJob(ScoreConfig.from(config, warehouse, task.name(), MODEL, asOf, null))
                    .run(spark);
            List<Instant> expected = independent.openAsOf(asOf);
            assertEquals(expected.size(), scored.scored(), "open events as of " + asOf);
            assertEquals(expected, spark.read().parquet(scored.path()).select(PREDICTION_TIME).collectAsList().stream()
                    .map(r -> r.<Timestamp>getAs(0).toInstant()).sorted().toList(), "prediction times as of " + asOf);
        }
    }

    @Test
    void everyNewTaskIsTrainedAndEvaluatedOrSaysItCannotBeJudged(SparkSession spark) throws Exception {
        int twoClass = 0;
        for (String file : List.of("long-los-aces.yaml", "heart-failure-1y-aces.yaml", "high-creatinine-24h-aces.yaml",
                "mortality-inhospital-24h-aces.yaml")) {
            List<String> overrides = new ArrayList<>(SPLIT);
            overrides.add("task.aces.predicates-file=\"" + ACES.resolve("fhir-predicates.yaml") + "\"");
            TaskConfig task = TaskFiles.load(ACES.resolve(file).toString(), overrides);
            CohortSummary cohort = new CohortJob(warehouse, task).run(spark);
            assertTrue(cohort.samples() > 0, file + " has samples");
            Dataset<Row> test = spark.read().parquet(new Warehouse(warehouse).cohortSamples(task.name()))
                    .filter(col("split").equalTo("test"));
            long testPositivePatients = test.filter(col("label").equalTo(1)).select("patientKey").distinct().count();
            boolean oneClass = test.select("label").distinct().count() < 2;

            JsonNode network = network(trainAndEvaluate(spark, task.name()));
            assertEquals(test.count(), network.path("samples").asLong(), file + ": the test split is evaluated");
            assertEquals(testPositivePatients, network.path("positivePatients").asLong(), file);
            int minimum = config.getInt("evaluate.min-positive-patients");
            if (oneClass || testPositivePatients < minimum) {
                assertFalse(network.path("judgeable").asBoolean(), file);
                assertTrue(network.path("note").asText().startsWith(ModelEvaluator.CANNOT_BE_JUDGED), file + ": "
                        + network.path("note").asText());
            } else {
                assertTrue(network.path("judgeable").asBoolean(), file);
            }
            if (oneClass) {
                assertTrue(network.path("metrics").path("auroc").path("value").isNull(), file + ": no AUROC of one class");
            } else {
                twoClass++;
                assertTrue(network.path("metrics").path("auroc").path("value").isNumber(), file + ": an AUROC");
            }
        }
        assertTrue(twoClass > 0, "some new task has both classes in its test split on this data");
    }

    private static ObjectNode trainAndEvaluate(SparkSession spark, String task) throws Exception {
        new TrainJob(new TrainConfig(warehouse, task, modelFile.toString(), false, 1, 2,
                TrainConfig.Approach.EXPORT, 0.01, 50, 1, 30)).run(spark);
        return new EvaluateJob(EvaluateConfig.from(config, warehouse, task, MODEL)).run(spark);
    }

    private static JsonNode network(ObjectNode metrics) {
        for (JsonNode model : metrics.path("models")) {
            if ("network".equals(model.path("role").asText())) {
                return model;
            }
        }
        throw new IllegalStateException("no network in metrics.json");
    }
}
