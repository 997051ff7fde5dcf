package io.longitude.jobs.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.longitude.cohort.TaskFiles;
import io.longitude.config.BadInputException;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.explain.ContributingCode;
import io.longitude.jobs.cohort.CohortJob;
import io.longitude.jobs.evaluate.EvaluateConfig;
import io.longitude.jobs.evaluate.EvaluateJob;
import io.longitude.jobs.ingest.IngestConfig;
import io.longitude.jobs.ingest.IngestJob;
import io.longitude.jobs.report.ReportConfig;
import io.longitude.jobs.report.ReportJob;
import io.longitude.jobs.run.PromotionGate;
import io.longitude.jobs.testing.LocalSpark;
import io.longitude.jobs.testing.TestData;
import io.longitude.jobs.train.TrainConfig;
import io.longitude.jobs.train.TrainJob;
import io.longitude.jobs.writeback.WritebackConfig;
import io.longitude.jobs.writeback.WritebackJob;
import io.longitude.jobs.writeback.WritebackSummary;
import io.longitude.models.evaluation.JudgedMetric;
import io.longitude.models.evaluation.RankedScores;
import io.longitude.models.evaluation.Recalibrator;
import io.longitude.models.registry.ModelRegistry;
import io.longitude.models.registry.ModelVersion;
import io.longitude.report.Html;
import io.longitude.report.SmallCells;
import io.longitude.scoring.RiskBands;
import io.longitude.warehouse.Warehouse;
import io.longitude.writeback.WritebackSource;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static io.longitude.scoring.ScoresTable.EXPLAINED_ATTRIBUTIONS;
import static io.longitude.scoring.ScoresTable.EXPLAINED_CODES;
import static io.longitude.scoring.ScoresTable.EXPLAINED_DAYS_BEFORE;
import static io.longitude.scoring.ScoresTable.EXPLAINED_DESCRIPTIONS;
import static io.longitude.scoring.ScoresTable.EXPLAINED_VISITS_BEFORE;
import static io.longitude.scoring.ScoresTable.MODEL_VERSION;
import static io.longitude.scoring.ScoresTable.PREDICTION_TIME;
import static io.longitude.scoring.ScoresTable.PROBABILITY;
import static io.longitude.scoring.ScoresTable.RAW_SCORE;
import static io.longitude.scoring.ScoresTable.RISK_BAND;
import static io.longitude.scoring.ScoresTable.SAMPLE_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scoring readmission-30d as of instants after training, on a warehouse ingested from shared Synthea bundles:
 * the scored events are exactly the open events an independent reading of the FHIR JSON finds; an event's features
 * are the same whether seen at its prediction time or later; probabilities are the version's recalibrator applied
 * to the raw score; a version trained later does not change the promoted version's scores; write-back turns every
 * scored event into one RiskAssessment; the promotion gate decides on both versions' AUROC on the same test split;
 * a backtest's realised metrics equal a direct computation, and the report shows them beside the test-split metrics.
 * Every scored event carries its top contributing codes, and its RiskAssessment a rationale naming them.
 */
@ExtendWith(LocalSpark.class)
class ScoreJobTest {

    private static final String TASK = "readmission-30d";
    private static final String MODEL = "gru-score-test";
    /** Splits by patient wide enough for evaluate's validation and test splits on a few dozen patients. */
    private static final List<String> SPLIT = List.of("task.split.train=0.5", "task.split.validation=0.25",
            "task.split.test=0.25");

    @TempDir
    static Path tmp;

    @Test
    void scoresTheOpenEventsAsOfEachInstantWithTheVersionThatIsPromoted(SparkSession spark) throws Exception {
        Path input = IndependentOpenReadmissions.bundlesWithInpatientStays(TestData.sharedSyntheaBundles(),
                tmp.resolve("input"));
        String warehouse = tmp.resolve("warehouse").toString();
        Config config = LongitudeConfigLoader.load(null, List.of());
        new IngestJob(IngestConfig.from(config, List.of(input.toString()), warehouse)).run(spark);
        IndependentOpenReadmissions independent = IndependentOpenReadmissions.of(input);

        List<Instant> discharges = independent.discharges();
        int trained = discharges.size() * 3 / 4;
        Instant trainedAsOf = discharges.get(trained);
        List<Instant> asOfs = discharges.subList(trained + 1, discharges.size()).stream()
                .map(d -> d.plus(1, ChronoUnit.DAYS)).filter(t -> !independent.openAsOf(t).isEmpty()).toList();
        Instant first = asOfs.get(asOfs.size() / 3);
        Instant second = asOfs.get(asOfs.size() - 1);
        assertTrue(trainedAsOf.isBefore(first) && first.isBefore(second));

        Path modelFile = writeModel();
        String v1 = train(spark, warehouse, modelFile, trainedAsOf);
        evaluate(spark, config, warehouse);

        Map<String, double[]> atFirst = null;
        List<Row> later = null;
        for (Instant asOf : List.of(first, second)) {
            ScoreSummary summary = score(spark, config, warehouse, asOf, null);
            List<Row> rows = rows(spark, summary);
            List<Instant> expected = independent.openAsOf(asOf);
            assertEquals(expected.size(), summary.scored(), "open events as of " + asOf);
            assertEquals(expected.size(), summary.openEvents());
            assertEquals(expected, rows.stream().map(r -> r.<Timestamp>getAs(PREDICTION_TIME).toInstant()).sorted()
                    .toList(), "prediction times (discharges) as of " + asOf);
            assertEquals(v1, summary.modelVersion());
            assertCalibrated(warehouse, v1, config, rows);
            assertExplained(spark, warehouse, v1, config, rows);
            if (asOf.equals(first)) {
                atFirst = byId(rows);
            } else {
                later = rows;
            }
        }

        // Seen at its own prediction time, an event has the same features, hence the same score, as seen later.
        for (Row event : later.subList(0, Math.min(2, later.size()))) {
            Instant predictionTime = event.<Timestamp>getAs(PREDICTION_TIME).toInstant();
            Map<String, double[]> atPrediction = byId(rows(spark, score(spark, config, warehouse, predictionTime, null)));
            assertEquals(event.<Double>getAs(RAW_SCORE), atPrediction.get(event.<String>getAs(SAMPLE_ID))[0], 1e-9);
        }

        // A version trained later (on a cohort rebuilt to a later data end) scores only once evaluated, and leaves
        // the promoted version's scores as they were.
        String v2 = train(spark, warehouse, modelFile, first);
        assertNotEquals(v1, v2);
        BadInputException refused = assertThrows(BadInputException.class,
                () -> score(spark, config, warehouse, first, v2));
        assertTrue(refused.getMessage().contains("recalibrator"), refused.getMessage());
        evaluate(spark, config, warehouse);
        ScoreSummary again = score(spark, config, warehouse, first, null);
        assertEquals(v1, again.modelVersion());
        Map<String, double[]> rescored = byId(rows(spark, again));
        assertEquals(atFirst.keySet(), rescored.keySet());
        for (Map.Entry<String, double[]> e : atFirst.entrySet()) {
            assertEquals(e.getValue()[0], rescored.get(e.getKey())[0], 0.0, "raw score of " + e.getKey());
            assertEquals(e.getValue()[1], rescored.get(e.getKey())[1], 0.0, "probability of " + e.getKey());
        }
        ScoreSummary withV2 = score(spark, config, warehouse, second, v2);
        assertEquals(v2, withV2.modelVersion());
        assertEquals(independent.openAsOf(second).size(), withV2.scored());

        // Write-back of the promoted version's scoring as of the first instant: one RiskAssessment per scored event.
        WritebackSummary written = new WritebackJob(WritebackConfig.from(config, warehouse,
                TaskFiles.load(TASK, List.of()), MODEL, WritebackSource.SCORES, first, "", Map.of())).run(spark);
        assertEquals(again.scored(), written.resourcesWritten());
        List<String> riskAssessments = Files.readAllLines(Path.of(new Warehouse(warehouse).riskAssessments(TASK, MODEL),
                Warehouse.RISK_ASSESSMENT_NDJSON));
        assertEquals(again.scored(), riskAssessments.size());
        // Each RiskAssessment's rationale names the top codes its scored event carries.
        List<String> expectedRationales = new ArrayList<>();
        for (Row r : rows(spark, again)) {
            String rationale = ContributingCode.rationale(topCodes(r));
            expectedRationales.add(rationale == null ? "" : rationale);
        }
        List<String> rationales = new ArrayList<>();
        for (String line : riskAssessments) {
            rationales.add(new ObjectMapper().readTree(line).path("prediction").path(0).path("rationale").asText(""));
        }
        assertEquals(expectedRationales.stream().sorted().toList(), rationales.stream().sorted().toList());
        assertTrue(rationales.stream().anyMatch(r -> r.startsWith("Top contributing codes: ")), "some rationale");

        // The promotion gate scores the new test split with the promoted V1 as well: with no drop allowed, V2 is
        // promoted exactly when its test AUROC is not below V1's there; then a rollback returns to V1.
        double v2Auroc = networkTestAuroc(warehouse);
        PromotionGate.Decision gate = new PromotionGate(0.0).decide(spark, new Warehouse(warehouse), TASK, MODEL, v2,
                v2Auroc);
        assertTrue(Double.isFinite(gate.promotedAuroc()), gate.reason());
        assertEquals(v2Auroc >= gate.promotedAuroc(), gate.promoted(), gate.reason());
        ModelRegistry registry = new Warehouse(warehouse).modelRegistry();
        assertEquals(gate.scoredBy(), registry.promoted(TASK, MODEL).orElseThrow().name());
        assertEquals(gate.scoredBy(), score(spark, config, warehouse, first, null).modelVersion());
        if (gate.promoted()) {
            registry.rollback(TASK, MODEL, "test", "back to the first version");
            assertEquals(v1, score(spark, config, warehouse, first, null).modelVersion());
        }
        PromotionGate.Decision anyDrop = new PromotionGate(1.0).decide(spark, new Warehouse(warehouse), TASK, MODEL,
                v2, v2Auroc);
        assertEquals(v2, anyDrop.scoredBy(), "a drop of at most 1 always passes: " + anyDrop.reason());

        // A backtest with V1 over five nights around the first as-of: its realised figures equal a direct computation
        // over those nights' scores and the labels of a cohort built to the warehouse's data end.
        Instant from = first.minus(2, ChronoUnit.DAYS);
        Instant to = first.plus(2, ChronoUnit.DAYS);
        Map<String, Object> backtest = new BacktestJob(ScoreConfig.from(config, warehouse, TASK, MODEL, null, v1), from,
                to, Duration.ofDays(1), 10).run(spark);
        new CohortJob(warehouse, TaskFiles.load(TASK, SPLIT)).run(spark);
        Map<String, Integer> labels = new TreeMap<>();
        spark.read().parquet(new Warehouse(warehouse).cohortSamples(TASK)).select("sampleId", "label").collectAsList()
                .forEach(r -> labels.put(r.getString(0), r.getInt(1)));
        List<double[]> known = new ArrayList<>();
        for (Instant night = from; !night.isAfter(to); night = night.plus(1, ChronoUnit.DAYS)) {
            for (Row r : spark.read().parquet(new Warehouse(warehouse).scores(TASK, MODEL, night)).collectAsList()) {
                assertEquals(v1, r.<String>getAs(MODEL_VERSION), "every night is scored by the one version");
                Integer label = labels.get(r.<String>getAs(SAMPLE_ID));
                if (label != null) {
                    known.add(new double[]{r.<Double>getAs(PROBABILITY), label});
                }
            }
        }
        Map<?, ?> overall = (Map<?, ?>) backtest.get("overall");
        assertEquals(5, ((List<?>) backtest.get("nights")).size());
        assertTrue(!known.isEmpty(), "some scored events have a known outcome");
        assertEquals((long) known.size(), overall.get("events"));
        assertEquals(known.stream().mapToLong(k -> (long) k[1]).sum(), overall.get("positives"));
        double auroc = RankedScores.auroc(known.stream().mapToDouble(k -> k[0]).toArray(),
                known.stream().mapToInt(k -> (int) k[1]).toArray());
        assertEquals(Double.isFinite(auroc) ? auroc : null, overall.get("auroc"));
        assertEquals(known.stream().mapToDouble(k -> k[0]).average().orElseThrow(), (Double) overall.get("meanProbability"),
                1e-12);

        // The report shows that backtest, read as the backtest wrote it, beside the test-split metrics.
        String report = Files.readString(Path.of(new ReportJob(ReportConfig.from(config, warehouse, TASK, MODEL))
                .run(spark).path()));
        assertTrue(report.contains("<td data-metric=\"backtest.auroc\">" + (overall.get("auroc") == null ? "n/a"
                : String.format(Locale.ROOT, "%.3f", (Double) overall.get("auroc"))) + "</td>"), "realised AUROC");
        SmallCells cells = new SmallCells(config.getInt("report.small-cell-threshold"));
        assertTrue(report.contains("<td class=\"l\">Positive patients</td><td>"
                + Html.esc(cells.count(networkTestPositivePatients(warehouse))) + "</td><td>"
                + Html.esc(cells.count((Long) overall.get("positivePatients"))) + "</td>"),
                "positive patients, test split and backtest");
        assertEquals(!(Boolean) overall.get("judgeable"),
                report.contains("the realised metrics cannot be judged on this data"), "the cannot-be-judged flag");
        for (Instant night = from; !night.isAfter(to); night = night.plus(1, ChronoUnit.DAYS)) {
            assertTrue(report.contains("<tr><td class=\"l\">" + night + "</td>"), "night " + night);
        }

        assertExplanations(warehouse, report);
    }

    /**
     * evaluate explained the version it evaluated over its whole test split: the top codes by mean |attribution|,
     * largest first, the baseline's largest coefficients as its saved model has them, a sum of attributions close to
     * score minus baseline score, and the report shows the values explanations.json holds.
     */
    private static void assertExplanations(String warehouse, String report) throws Exception {
        JsonNode explanations = new ObjectMapper().readTree(
                Path.of(new Warehouse(warehouse).explanationsJson(TASK, MODEL)).toFile());
        JsonNode network = evaluatedNetwork(warehouse);
        String version = network.path("modelVersion").asText();
        assertEquals(version, explanations.path("modelVersion").asText());
        assertEquals(network.path("samples").asLong(), explanations.path("samples").asLong(), "the whole test split");
        assertEquals(network.path("positivePatients").asLong(), explanations.path("positivePatients").asLong());
        JsonNode top = explanations.path("topCodes");
        assertTrue(top.size() > 0 && top.size() <= 20, "top codes " + top.size());
        for (int i = 0; i < top.size(); i++) {
            JsonNode c = top.get(i);
            assertTrue(i == 0 || c.path("meanAbsoluteAttribution").asDouble()
                    <= top.get(i - 1).path("meanAbsoluteAttribution").asDouble(), "largest first");
            assertTrue(Math.abs(c.path("meanAttribution").asDouble()) <= c.path("meanAbsoluteAttribution").asDouble() + 1e-12);
            assertTrue(c.path("samples").asLong() >= 1);
            assertTrue(report.contains("<td data-metric=\"explanations.topCodes." + i + ".meanAbsoluteAttribution\">"
                    + String.format(Locale.ROOT, "%.4f", c.path("meanAbsoluteAttribution").asDouble()) + "</td>"));
        }
        JsonNode completeness = explanations.path("completeness");
        assertTrue(completeness.path("meanAbsoluteGap").asDouble()
                <= 1e-4 + 0.05 * completeness.path("meanAbsoluteDifference").asDouble(), completeness.toString());

        ModelVersion v = new Warehouse(warehouse).modelRegistry().version(TASK, MODEL, version);
        List<String> vocabulary = new ArrayList<>();
        new ObjectMapper().readTree(v.vocabulary().toFile()).path("tokens").forEach(t -> vocabulary.add(t.asText()));
        double[] weights = LogisticRegressionModel.load(v.baseline().toUri().toString()).coefficients().toArray();
        List<Integer> largest = new ArrayList<>();
        for (int i = 0; i < vocabulary.size(); i++) {
            largest.add(i);
        }
        largest.sort((a, b) -> Double.compare(Math.abs(weights[b]), Math.abs(weights[a])));
        JsonNode coefficients = explanations.path("baselineCoefficients");
        assertEquals(Math.min(20, vocabulary.size()), coefficients.size());
        for (int i = 0; i < coefficients.size(); i++) {
            assertEquals(Math.abs(weights[largest.get(i)]), Math.abs(coefficients.get(i).path("coefficient").asDouble()),
                    1e-12, "coefficient " + i);
            assertEquals(weights[vocabulary.indexOf(coefficients.get(i).path("token").asText())],
                    coefficients.get(i).path("coefficient").asDouble(), 0.0);
            assertTrue(report.contains("<td data-metric=\"explanations.baselineCoefficients." + i + ".coefficient\">"
                    + String.format(Locale.ROOT, "%.4f", coefficients.get(i).path("coefficient").asDouble()) + "</td>"));
        }
        for (String metric : List.of("topDrop", "randomDrop", "margin")) {
            assertTrue(report.contains("<td data-metric=\"explanations.comprehensiveness." + metric + "\">"
                    + String.format(Locale.ROOT, "%.4f", explanations.path("comprehensiveness").path(metric).asDouble())
                    + "</td>"), metric);
        }
    }

    /**
     * Every scored event carries its top contributing codes (at most score.explain.top-codes, parallel arrays): tokens
     * of the version's vocabulary with positive attributions, largest first, each described as the codes table
     * describes its coding (read here independently), its visit counted back from the index visit with the days back
     * growing as the visits do.
     */
    private static void assertExplained(SparkSession spark, String warehouse, String version, Config config,
                                        List<Row> rows) throws Exception {
        ModelVersion v = new Warehouse(warehouse).modelRegistry().version(TASK, MODEL, version);
        List<String> vocabulary = new ArrayList<>();
        new ObjectMapper().readTree(v.vocabulary().toFile()).path("tokens").forEach(t -> vocabulary.add(t.asText()));
        Map<String, String> displays = new TreeMap<>();
        for (Row c : spark.read().parquet(new Warehouse(warehouse).table(Warehouse.CODES)).collectAsList()) {
            String coding = (c.isNullAt(c.fieldIndex("codeSystem")) ? "" : c.getAs("codeSystem")) + "|" + c.getAs("code");
            String display = c.getAs("display");
            if (display != null) {
                displays.merge(coding, display, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        int limit = config.getInt("score.explain.top-codes");
        int explained = 0;
        for (Row r : rows) {
            List<ContributingCode> codes = topCodes(r);
            assertTrue(codes != null && codes.size() <= limit, "explained codes of " + r.getAs(SAMPLE_ID));
            explained += codes.isEmpty() ? 0 : 1;
            for (int i = 0; i < codes.size(); i++) {
                ContributingCode c = codes.get(i);
                assertTrue(vocabulary.contains(c.token()), c.token());
                assertTrue(c.attribution() > 0 && (i == 0 || c.attribution() <= codes.get(i - 1).attribution()),
                        "positive, largest first: " + codes);
                assertEquals(displays.get(c.token().split("[#\\[=]")[0]), c.description(), c.token());
                assertTrue(c.visitsBefore() >= 0 && c.daysBefore() >= 0, "visit of " + c);
            }
            for (ContributingCode a : codes) {
                for (ContributingCode b : codes) {
                    if (a.visitsBefore() < b.visitsBefore()) {
                        assertTrue(a.daysBefore() <= b.daysBefore() + 1e-3, a + " is not later than " + b);
                    }
                }
            }
        }
        assertTrue(explained > 0, "some scored event has a contributing code");
    }

    private static List<ContributingCode> topCodes(Row r) {
        if (r.isNullAt(r.fieldIndex(EXPLAINED_CODES))) {
            return null;
        }
        List<String> tokens = r.getList(r.fieldIndex(EXPLAINED_CODES));
        List<ContributingCode> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            out.add(new ContributingCode(tokens.get(i), r.<String>getList(r.fieldIndex(EXPLAINED_DESCRIPTIONS)).get(i),
                    r.<Double>getList(r.fieldIndex(EXPLAINED_ATTRIBUTIONS)).get(i),
                    r.<Integer>getList(r.fieldIndex(EXPLAINED_VISITS_BEFORE)).get(i),
                    r.<Double>getList(r.fieldIndex(EXPLAINED_DAYS_BEFORE)).get(i)));
        }
        return out;
    }

    private static double networkTestAuroc(String warehouse) throws Exception {
        return JudgedMetric.fromJson("test", "auroc", evaluatedNetwork(warehouse).path("metrics").path("auroc")).value();
    }

    private static long networkTestPositivePatients(String warehouse) throws Exception {
        return evaluatedNetwork(warehouse).path("positivePatients").asLong();
    }

    private static JsonNode evaluatedNetwork(String warehouse) throws Exception {
        JsonNode metrics = new ObjectMapper().readTree(Path.of(new Warehouse(warehouse).metricsJson(TASK, MODEL)).toFile());
        for (JsonNode model : metrics.path("models")) {
            if ("network".equals(model.path("role").asText())) {
                return model;
            }
        }
        throw new IllegalStateException("no network in metrics.json");
    }

    private static Path writeModel() throws Exception {
        Path file = tmp.resolve(MODEL + ".conf");
        Files.writeString(file, String.join("\n", "name = " + MODEL, "task = binary", "type = gru",
                "bidirectional = false", "layers = 1", "hidden-size = 8", "embedding-size = 8", "head = last",
                "dropout = 0.0", "l2 = 1e-5", "gradient-clip = 1.0", "learning-rate = 0.01", "batch-size = 32",
                "epochs = 1", "early-stopping-patience = 1", "max-visits = 20", "seed = 7"));
        return file;
    }

    /** A cohort built to {@code dataEnd} and a network trained on it; returns the new version's name. */
    private static String train(SparkSession spark, String warehouse, Path modelFile, Instant dataEnd) {
        List<String> overrides = new ArrayList<>(SPLIT);
        overrides.add("task.data-end=" + dataEnd);
        new CohortJob(warehouse, TaskFiles.load(TASK, overrides)).run(spark);
        return new TrainJob(new TrainConfig(warehouse, TASK, modelFile.toString(), false, 1, 2,
                TrainConfig.Approach.EXPORT, 0.01, 50, 1, 30)).run(spark).version();
    }

    private static void evaluate(SparkSession spark, Config config, String warehouse) throws Exception {
        new EvaluateJob(EvaluateConfig.from(config, warehouse, TASK, MODEL)).run(spark);
    }

    private static ScoreSummary score(SparkSession spark, Config config, String warehouse, Instant asOf,
                                      String version) {
        return new ScoreJob(ScoreConfig.from(config, warehouse, TASK, MODEL, asOf, version)).run(spark);
    }

    private static List<Row> rows(SparkSession spark, ScoreSummary summary) {
        return spark.read().parquet(summary.path()).orderBy(PREDICTION_TIME, SAMPLE_ID).collectAsList();
    }

    /** {sample id → [raw score, probability]} */
    private static Map<String, double[]> byId(List<Row> rows) {
        Map<String, double[]> out = new TreeMap<>();
        rows.forEach(r -> out.put(r.getAs(SAMPLE_ID), new double[]{r.<Double>getAs(RAW_SCORE), r.<Double>getAs(PROBABILITY)}));
        return out;
    }

    private static void assertCalibrated(String warehouse, String version, Config config, List<Row> rows) {
        ModelVersion v = new Warehouse(warehouse).modelRegistry().version(TASK, MODEL, version);
        Recalibrator recalibrator = Recalibrator.read(v.recalibration());
        RiskBands bands = ScoreConfig.from(config, warehouse, TASK, MODEL, null, null).bands();
        for (Row r : rows) {
            double probability = recalibrator.apply(r.<Double>getAs(RAW_SCORE));
            assertEquals(probability, r.<Double>getAs(PROBABILITY), 0.0);
            assertEquals(bands.band(probability).code(), r.<String>getAs(RISK_BAND));
            assertEquals(version, r.<String>getAs(MODEL_VERSION));
        }
    }
}
