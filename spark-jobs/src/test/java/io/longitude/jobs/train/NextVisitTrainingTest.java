package io.longitude.jobs.train;

import io.longitude.models.registry.ModelVersion;
import io.longitude.models.registry.ModelRegistry;
import io.longitude.models.registry.PredictionTable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.warehouse.Warehouse;
import io.longitude.cohort.CohortSample;
import io.longitude.cohort.SampleVisit;
import io.longitude.jobs.evaluate.EvaluateConfig;
import io.longitude.jobs.evaluate.EvaluateJob;
import io.longitude.jobs.report.ReportConfig;
import io.longitude.jobs.report.ReportJob;
import io.longitude.jobs.testing.LocalSpark;
import io.longitude.cohort.CohortMetadata;
import io.longitude.cohort.TaskKind;
import io.longitude.jobs.CohortMetadataFiles;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * next-visit-dx through the Spark pipeline on a generated cohort where history predicts the next visit:
 * each patient carries 3 of 40 condition codes, each recorded at a visit with probability 0.9, plus an
 * occasional random one. A population ranking (the most-frequent-codes baseline) cannot know a patient's
 * codes; a seq2seq GRU that reads the history can. Train → evaluate → report, with the network's test
 * recall@20 interval entirely above the baseline's.
 */
@ExtendWith(LocalSpark.class)
class NextVisitTrainingTest {

    private static final String TASK = "next-visit-dx";
    private static final int TARGETS = 40;
    private static final int NOISE_CODES = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void seq2seqGruLearnsWhatThePopulationRankingCannot(SparkSession spark) throws Exception {
        Path warehouse = tmp.resolve("warehouse");
        writeCohort(spark, warehouse, cohort(500, new Random(5)));
        Path model = tmp.resolve("seq2seq-gru-small.conf");
        Files.writeString(model, String.join("\n", "name = seq2seq-gru-small", "task = next-visit", "type = gru",
                "bidirectional = false", "layers = 1", "hidden-size = 32", "embedding-size = 32", "head = per-step",
                "dropout = 0", "l2 = 1e-5", "gradient-clip = 1.0", "learning-rate = 0.03", "batch-size = 16",
                "epochs = 3", "early-stopping-patience = 3", "recall-k = 20", "max-visits = 20", "seed = 7"));

        TrainSummary trained = new TrainJob(new TrainConfig(warehouse.toString(), TASK, model.toString(), false, 2, 2,
                TrainConfig.Approach.EXPORT, 0.01, 100, 0, 30)).run(spark);

        assertEquals("recall@20", trained.validationMetric());
        assertTrue(trained.validationScore() > trained.baselineValidationScore() + 0.25,
                "validation recall@20 " + trained.validationScore() + " vs baseline " + trained.baselineValidationScore());
        Path version = Path.of(trained.path());
        assertTrue(Files.exists(version.resolve(ModelVersion.SUCCESS)));
        assertTrue(Files.exists(version.resolve("baseline").resolve(ModelVersion.MOST_FREQUENT_CODES)));
        JsonNode history = JSON.readTree(version.resolve(ModelVersion.HISTORY).toFile());
        assertEquals("recall@20", history.get(0).get("validationMetric").asText());

        Dataset<Row> predictions = spark.read().parquet(version.resolve(ModelVersion.PREDICTIONS).toString());
        long visitsWithANextVisit = spark.read().parquet(new Warehouse(warehouse.toString()).cohortSamples(TASK)).selectExpr("sum(size(targets) - 1)").first().getLong(0);
        assertEquals(2 * visitsWithANextVisit, predictions.count(), "one row per visit with a next visit, per model");
        assertEquals(0, predictions.filter(size(col(PredictionTable.PREDICTED_CODES)).notEqual(30)).count(),
                "30 codes kept per row, not the whole target vocabulary");

        Config config = LongitudeConfigLoader.load(null, List.of());
        ObjectNode metrics = new EvaluateJob(EvaluateConfig.from(config, warehouse.toString(), TASK, trained.model()))
                .run(spark);
        assertEquals(EvaluateJob.NEXT_VISIT, metrics.get("kind").asText());
        JsonNode network = metrics.get("models").get(0);
        JsonNode baseline = metrics.get("models").get(1);
        assertEquals(PredictionTable.MOST_FREQUENT_BASELINE, baseline.get("model").asText());
        JsonNode networkRecall = network.get("metrics").get("recallAt20");
        JsonNode baselineRecall = baseline.get("metrics").get("recallAt20");
        assertTrue(networkRecall.get("ciLower").asDouble() > baselineRecall.get("ciUpper").asDouble(),
                "test recall@20 " + networkRecall + " vs baseline " + baselineRecall);
        assertTrue(networkRecall.get("value").asDouble() > 0.8, "network test recall@20 " + networkRecall);
        for (JsonNode m : List.of(network, baseline)) {
            double r10 = m.get("metrics").get("recallAt10").get("value").asDouble();
            double r20 = m.get("metrics").get("recallAt20").get("value").asDouble();
            double r30 = m.get("metrics").get("recallAt30").get("value").asDouble();
            assertTrue(r10 <= r20 && r20 <= r30, "recall grows with k: " + m.get("metrics"));
            assertTrue(m.get("judgeable").asBoolean());
        }
                assertEquals(List.of("sampleId", "patientKey", "indexTime", "step", "model", "modelVersion", "predictedCodes",
                "predictedScores", "trueCodes"), List.of(spark.read().parquet(new Warehouse(warehouse.toString()).calibratedPredictions(TASK, trained.model())).columns()));

        String html = Files.readString(Path.of(new ReportJob(ReportConfig.from(config, warehouse.toString(), TASK,
                trained.model())).run(spark).path()));
        for (JsonNode m : metrics.get("models")) {
            for (String key : List.of("recallAt10", "recallAt20", "recallAt30", "precisionAt20")) {
                Matcher shown = Pattern.compile("data-metric=\"" + Pattern.quote(m.get("model").asText() + "." + key)
                        + "\">([0-9.]+)<").matcher(html);
                assertTrue(shown.find(), "report shows " + m.get("model").asText() + "." + key);
                assertEquals(m.get("metrics").get(key).get("value").asDouble(), Double.parseDouble(shown.group(1)), 5e-4);
            }
        }
        assertFalse(html.contains("alt=\"ROC curve\"") || html.contains("alt=\"Reliability curve\""),
                "no ROC or reliability plot for next-visit-dx");
        assertTrue(html.contains("most frequent next-visit codes"), "the model card names the baseline");
    }

    @Test
    void aBinaryModelIsRefusedForANextVisitCohort(SparkSession spark) throws Exception {
        Path warehouse = tmp.resolve("refused");
        writeCohort(spark, warehouse, cohort(20, new Random(1)));
        Path model = tmp.resolve("gru-binary.conf");
        Files.writeString(model, String.join("\n", "name = gru-binary", "task = binary", "type = gru", "head = last"));
        Exception e = assertThrows(RuntimeException.class, () -> new TrainJob(new TrainConfig(warehouse.toString(), TASK,
                model.toString(), false, 1, 2, TrainConfig.Approach.EXPORT, 0.01, 100, 1, 30)).run(spark));
        assertTrue(e.getMessage().contains("needs a next-visit one"), e.getMessage());
    }

    private static List<CohortSample> cohort(int patients, Random random) {
        List<CohortSample> out = new ArrayList<>();
        for (int p = 0; p < patients; p++) {
            List<Integer> own = new ArrayList<>();
            while (own.size() < 3) {
                int code = random.nextInt(TARGETS);
                if (!own.contains(code)) {
                    own.add(code);
                }
            }
            int length = 3 + random.nextInt(8);
            List<SampleVisit> visits = new ArrayList<>();
            List<List<Integer>> targets = new ArrayList<>();
            for (int t = 0; t < length; t++) {
                List<Integer> conditions = new ArrayList<>();
                for (int code : own) {
                    if (random.nextDouble() < 0.9) {
                        conditions.add(code);
                    }
                }
                if (random.nextDouble() < 0.1) {
                    conditions.add(random.nextInt(TARGETS));
                }
                List<Integer> sortedConditions = conditions.stream().distinct().sorted().toList();
                // Input ids: 0 is out-of-vocabulary, condition target id c is input id c + 1, then noise codes.
                List<Integer> codes = new ArrayList<>(sortedConditions.stream().map(c -> c + 1).toList());
                codes.add(1 + TARGETS + random.nextInt(NOISE_CODES));
                SampleVisit visit = new SampleVisit();
                visit.setCodes(codes.stream().distinct().sorted().toList());
                visit.setNumeric(List.of((float) random.nextDouble(), 60f + t, 0f, 0f, 1f));
                visits.add(visit);
                targets.add(sortedConditions);
            }
            CohortSample sample = new CohortSample();
            sample.setSampleId(String.format("s%04d", p));
            sample.setPatientKey(String.format("p%04d", p));
            double u = random.nextDouble();
            sample.setSplit(u < 0.6 ? "train" : u < 0.8 ? "validation" : "test");
            sample.setIndexTime(Instant.parse("2021-01-01T00:00:00Z").plusSeconds(86_400L * p));
            sample.setIndexEncounterKey(String.format("e%04d", p));
            sample.setTargets(targets);
            sample.setVisits(visits);
            sample.setSex(random.nextBoolean() ? "female" : "male");
            sample.setAgeAtIndex(40 + random.nextInt(40));
            sample.setVisitCount(length);
            out.add(sample);
        }
        return out;
    }

    private static void writeCohort(SparkSession spark, Path warehouse, List<CohortSample> samples) {
        Warehouse cohort = new Warehouse(warehouse.toString());
        spark.createDataset(samples, Encoders.bean(CohortSample.class)).repartition(3)
                .write().mode(SaveMode.Overwrite).parquet(cohort.cohortSamples(TASK));
        CohortMetadataFiles.write(spark.sparkContext().hadoopConfiguration(), cohort,
                new CohortMetadata(TASK, TaskKind.NEXT_VISIT_DX, Instant.parse("2025-01-01T00:00:00Z")));
        StructType schema = new StructType().add("token", DataTypes.StringType).add("id", DataTypes.IntegerType)
                .add("count", DataTypes.LongType);
        List<Row> vocabulary = new ArrayList<>();
        List<Row> targets = new ArrayList<>();
        vocabulary.add(RowFactory.create("<oov>", 0, 0L));
        for (int c = 0; c < TARGETS; c++) {
            vocabulary.add(RowFactory.create(String.format("cond|%02d", c), c + 1, 50L));
            targets.add(RowFactory.create(String.format("cond|%02d", c), c, 50L));
        }
        for (int n = 0; n < NOISE_CODES; n++) {
            vocabulary.add(RowFactory.create(String.format("obs|%02d", n), 1 + TARGETS + n, 50L));
        }
        spark.createDataFrame(vocabulary, schema).write().mode(SaveMode.Overwrite).parquet(cohort.cohortVocabulary(TASK));
        spark.createDataFrame(targets, schema).write().mode(SaveMode.Overwrite)
                .parquet(cohort.cohortTargetVocabulary(TASK));
    }
}
