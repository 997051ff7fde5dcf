package io.longitude.jobs.evaluate;

import io.longitude.models.evaluation.LogisticRecalibration;
import io.longitude.models.evaluation.ModelEvaluator;
import io.longitude.models.evaluation.RankedScores;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.longitude.config.BadInputException;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.testing.LocalSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LocalSpark.class)
class EvaluateJobTest {

    @Test
    void writesSideBySideMetricsThatMatchTheTestSplit(SparkSession spark, @TempDir Path warehouse) throws Exception {
        List<PredictionFixture.Sample> samples = PredictionFixture.samples(600, 5);
        PredictionFixture.write(spark, warehouse, samples);
        EvaluateConfig config = EvaluateConfig.from(LongitudeConfigLoader.load(null, List.of()), warehouse.toString(),
                PredictionFixture.TASK, PredictionFixture.NETWORK);

        new EvaluateJob(config).run(spark);

        JsonNode metrics = new ObjectMapper().readTree(Files.readString(
                warehouse.resolve("evaluations/" + PredictionFixture.TASK + "/" + PredictionFixture.NETWORK + "/metrics.json")));
        List<PredictionFixture.Sample> test = samples.stream().filter(s -> s.split().equals("test")).toList();
        double[] networkScores = test.stream().mapToDouble(PredictionFixture.Sample::networkScore).toArray();
        double[] baselineScores = test.stream().mapToDouble(PredictionFixture.Sample::baselineScore).toArray();
        int[] labels = test.stream().mapToInt(PredictionFixture.Sample::label).toArray();
        long positivePatients = test.stream().filter(s -> s.label() == 1).map(PredictionFixture.Sample::patientKey)
                .distinct().count();

        assertEquals(2, metrics.get("models").size());
        JsonNode network = metrics.get("models").get(0);
        JsonNode baseline = metrics.get("models").get(1);
        assertEquals("gru", network.get("model").asText());
        assertEquals("network", network.get("role").asText());
        assertEquals("baseline-logreg", baseline.get("model").asText());
        assertEquals(test.size(), network.get("samples").asInt());
        assertEquals(positivePatients, network.get("positivePatients").asLong());
        assertTrue(positivePatients >= 10, "the fixture is large enough to judge: " + positivePatients);
        assertTrue(network.get("judgeable").asBoolean());

        RankedScores networkRanked = new RankedScores(networkScores, labels);
        JsonNode auroc = network.get("metrics").get("auroc");
        assertEquals(networkRanked.auroc(networkRanked.unitWeights()), auroc.get("value").asDouble(), 1e-12);
        assertTrue(auroc.get("ciLower").asDouble() < auroc.get("value").asDouble()
                && auroc.get("value").asDouble() < auroc.get("ciUpper").asDouble());
        assertEquals(positivePatients, auroc.get("positivePatients").asLong());
        RankedScores baselineRanked = new RankedScores(baselineScores, labels);
        assertEquals(baselineRanked.averagePrecision(baselineRanked.unitWeights()),
                baseline.get("metrics").get("auprc").get("value").asDouble(), 1e-12);

        // Per patient: each patient's stays weigh 1/(their count), computed here without the evaluator's helpers.
        java.util.Map<String, Long> stays = test.stream().collect(java.util.stream.Collectors.groupingBy(
                PredictionFixture.Sample::patientKey, java.util.stream.Collectors.counting()));
        double[] perPatient = test.stream().mapToDouble(s -> 1.0 / stays.get(s.patientKey())).toArray();
        JsonNode aurocPerPatient = network.get("metrics").get("aurocPerPatient");
        assertEquals(networkRanked.auroc(perPatient), aurocPerPatient.get("value").asDouble(), 1e-12);
        assertTrue(aurocPerPatient.get("value").asDouble() != auroc.get("value").asDouble(), "patients have 1-3 stays");
        assertTrue(aurocPerPatient.get("ciLower").asDouble() < aurocPerPatient.get("value").asDouble()
                && aurocPerPatient.get("value").asDouble() < aurocPerPatient.get("ciUpper").asDouble());
        assertEquals(baselineRanked.averagePrecision(perPatient),
                baseline.get("metrics").get("auprcPerPatient").get("value").asDouble(), 1e-12);

        // Decision curve at 20%, by hand; treat-all from the prevalence.
        long tp = 0;
        long fp = 0;
        for (int i = 0; i < labels.length; i++) {
            if (networkScores[i] >= 0.2) {
                tp += labels[i];
                fp += 1 - labels[i];
            }
        }
        JsonNode at20 = network.get("decisionCurve").get("points").get(19);
        assertEquals(0.2, at20.get("threshold").asDouble(), 1e-12);
        assertEquals((tp - fp * 0.25) / labels.length, at20.get("netBenefit").asDouble(), 1e-12);
        double prevalence = (double) java.util.Arrays.stream(labels).sum() / labels.length;
        assertEquals(prevalence - (1 - prevalence) * 0.25, at20.get("treatAll").asDouble(), 1e-12);
        assertEquals(50, network.get("decisionCurve").get("points").size());

        long binned = 0;
        long positivesBinned = 0;
        for (JsonNode bin : network.get("riskDistribution")) {
            binned += bin.get("negatives").asLong() + bin.get("positives").asLong();
            positivesBinned += bin.get("positives").asLong();
        }
        assertEquals(test.size(), binned);
        assertEquals(java.util.Arrays.stream(labels).sum(), positivesBinned);

        JsonNode smooth = network.get("smoothCalibration");
        assertEquals(10, smooth.get("points").size());
        for (JsonNode p : smooth.get("points")) {
            assertTrue(p.get("ciLower").asDouble() <= p.get("observed").asDouble()
                    && p.get("observed").asDouble() <= p.get("ciUpper").asDouble(), p.toString());
        }
        for (JsonNode g : network.get("subgroups")) {
            assertTrue(g.has("calibrationSlope") && g.has("expectedPositives"), g.toString());
        }

        assertEquals(10, network.get("reliability").size());
        assertEquals(4, network.get("thresholds").size());
        assertTrue(network.get("subgroups").size() >= 5, "sex and age bands");
        List<Row> calibrated = spark.read().parquet(warehouse.resolve(
                "evaluations/" + PredictionFixture.TASK + "/gru/predictions").toString()).collectAsList();
        assertEquals(2L * test.size(), calibrated.size());
        // The calibrated score is the Platt fit of the validation split, as metrics.json reports it, applied to test.
        assertEquals("platt", network.get("recalibration").get("applied").asText());
        assertTrue(network.get("recalibration").get("reason").isNull());
        JsonNode platt = network.get("recalibration").get("platt");
        LogisticRecalibration fit = new LogisticRecalibration(platt.get("intercept").asDouble(), platt.get("slope").asDouble());
        List<Row> networkRows = calibrated.stream().filter(r -> r.getString(3).equals("gru")).toList();
        assertEquals(test.size(), networkRows.size());
        for (Row r : networkRows) {
            assertEquals(fit.apply(r.getDouble(6)), r.getDouble(7), 1e-12);
        }
        List<PredictionFixture.Sample> validation = samples.stream().filter(s -> s.split().equals("validation")).toList();
        LogisticRecalibration expected = LogisticRecalibration.fit(
                validation.stream().mapToDouble(PredictionFixture.Sample::networkScore).toArray(),
                validation.stream().mapToInt(PredictionFixture.Sample::label).toArray());
        assertEquals(expected.intercept(), fit.intercept(), 1e-9);
        assertEquals(expected.slope(), fit.slope(), 1e-9);
    }

    @Test
    void flagsATestSplitWithTooFewPositivePatients(SparkSession spark, @TempDir Path warehouse) throws Exception {
        PredictionFixture.write(spark, warehouse, PredictionFixture.samples(120, 9));
        EvaluateConfig config = EvaluateConfig.from(LongitudeConfigLoader.load(null,
                        List.of("evaluate.min-positive-patients=50")), warehouse.toString(),
                PredictionFixture.TASK, PredictionFixture.NETWORK);
        JsonNode network = new ObjectMapper().readTree(new EvaluateJob(config).run(spark).get("models").get(0).toString());
        assertFalse(network.get("judgeable").asBoolean());
        assertTrue(network.get("note").asText().startsWith(ModelEvaluator.CANNOT_BE_JUDGED));
        assertFalse(network.get("metrics").get("auroc").get("judgeable").asBoolean());
        assertFalse(network.get("metrics").get("aurocPerPatient").get("judgeable").asBoolean());
        assertFalse(network.get("smoothCalibration").get("judgeable").asBoolean());
        assertFalse(network.get("decisionCurve").get("judgeable").asBoolean());

        // Too few positive patients in validation as well to fit Platt's slope: the base rate alone is recalibrated.
        JsonNode recalibration = network.get("recalibration");
        assertEquals("platt", recalibration.get("configured").asText());
        assertEquals("intercept", recalibration.get("applied").asText());
        assertTrue(recalibration.get("reason").asText().endsWith("fewer than the minimum of 50"),
                recalibration.get("reason").asText());
        LogisticRecalibration baseRate = new LogisticRecalibration(
                recalibration.get("intercept").get("intercept").asDouble(), 1);
        List<Row> calibrated = spark.read().parquet(warehouse.resolve(
                "evaluations/" + PredictionFixture.TASK + "/gru/predictions").toString()).collectAsList();
        for (Row r : calibrated.stream().filter(r -> r.getString(3).equals("gru")).toList()) {
            assertEquals(baseRate.apply(r.getDouble(6)), r.getDouble(7), 1e-12);
        }
    }

    @Test
    void refusesAnUnknownRecalibrationAndTooFewResamples() {
        var unknown = assertThrows(io.longitude.config.InvalidConfigException.class, () -> EvaluateConfig.from(
                LongitudeConfigLoader.load(null, List.of("evaluate.recalibration=beta")), "w", "t", "m"));
        assertTrue(unknown.getMessage().contains("platt or isotonic"), unknown.getMessage());
        var few = assertThrows(io.longitude.config.InvalidConfigException.class, () -> EvaluateConfig.from(
                LongitudeConfigLoader.load(null, List.of("evaluate.bootstrap-resamples=200")), "w", "t", "m"));
        assertTrue(few.getMessage().contains("1000"), few.getMessage());
    }

    @Test
    void missingPredictionsAreABadInput(SparkSession spark, @TempDir Path warehouse) {
        EvaluateConfig config = EvaluateConfig.from(LongitudeConfigLoader.load(null, List.of()), warehouse.toString(),
                PredictionFixture.TASK, PredictionFixture.NETWORK);
        BadInputException e = assertThrows(BadInputException.class, () -> new EvaluateJob(config).run(spark));
        assertTrue(e.getMessage().contains("run train first"), e.getMessage());
    }
}
