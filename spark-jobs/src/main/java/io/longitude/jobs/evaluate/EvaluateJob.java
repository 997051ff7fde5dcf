package io.longitude.jobs.evaluate;

import io.longitude.jobs.CohortMetadataFiles;
import io.longitude.jobs.HadoopFiles;
import io.longitude.models.evaluation.NextVisitEvaluator;
import io.longitude.models.evaluation.ModelEvaluator;
import io.longitude.models.evaluation.EvaluationSet;
import io.longitude.models.evaluation.Recalibrator;
import io.longitude.models.registry.ModelVersion;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.longitude.config.BadInputException;
import io.longitude.warehouse.Warehouse;
import io.longitude.jobs.NextVisitRecall;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static io.longitude.models.registry.PredictionTable.AGE_AT_INDEX;
import static io.longitude.models.registry.PredictionTable.CALIBRATED_SCORE;
import static io.longitude.models.registry.PredictionTable.INDEX_TIME;
import static io.longitude.models.registry.PredictionTable.LABEL;
import static io.longitude.models.registry.PredictionTable.MODEL;
import static io.longitude.models.registry.PredictionTable.MODEL_VERSION;
import static io.longitude.models.registry.PredictionTable.MOST_FREQUENT_BASELINE;
import static io.longitude.models.registry.PredictionTable.PATIENT_KEY;
import static io.longitude.models.registry.PredictionTable.PREDICTED_CODES;
import static io.longitude.models.registry.PredictionTable.PREDICTED_SCORES;
import static io.longitude.models.registry.PredictionTable.SAMPLE_ID;
import static io.longitude.models.registry.PredictionTable.SCORE;
import static io.longitude.models.registry.PredictionTable.SEX;
import static io.longitude.models.registry.PredictionTable.SPLIT;
import static io.longitude.models.registry.PredictionTable.STEP;
import static io.longitude.models.registry.PredictionTable.TRUE_CODES;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.size;

/**
 * Evaluates a network and the baseline on the test split of a task: {@code metrics.json} (one object per
 * model, side by side; {@code kind} says "binary" or "next-visit") and the test predictions — with their
 * calibrated score for binary tasks, as the compact top-code rows for next-visit-dx. A binary network's
 * recalibrator (fitted on validation) is written into the evaluated version, where scoring reads it, and its
 * explanations over the test split into {@code explanations.json} ({@link ExplanationEvaluation}).
 */
public final class EvaluateJob {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    public static final String BINARY = "binary";
    public static final String NEXT_VISIT = "next-visit";
    private static final String[] REQUIRED = {SAMPLE_ID, PATIENT_KEY, INDEX_TIME, SPLIT, LABEL, SCORE, MODEL,
            MODEL_VERSION, SEX, AGE_AT_INDEX};

    static final StructType CALIBRATED_SCHEMA = new StructType()
            .add(SAMPLE_ID, DataTypes.StringType, false)
            .add(PATIENT_KEY, DataTypes.StringType, false)
            .add(INDEX_TIME, DataTypes.TimestampType, true)
            .add(MODEL, DataTypes.StringType, false)
            .add(MODEL_VERSION, DataTypes.StringType, false)
            .add(LABEL, DataTypes.IntegerType, false)
            .add(SCORE, DataTypes.DoubleType, false)
            .add(CALIBRATED_SCORE, DataTypes.DoubleType, false);

    private final EvaluateConfig config;

    public EvaluateJob(EvaluateConfig config) {
        this.config = config;
    }

    /** Returns the metrics.json document it wrote. */
    public ObjectNode run(SparkSession spark) throws IOException {
        Warehouse warehouse = new Warehouse(config.warehouse());
        ModelVersion evaluated = warehouse.latestVersion(config.task(), config.model());
        String predictionsPath = evaluated.predictions();
        if (!HadoopFiles.exists(spark.sparkContext().hadoopConfiguration(), predictionsPath)) {
            throw new BadInputException("no predictions for task '" + config.task() + "' at " + predictionsPath
                    + " (run train first)");
        }
        if (!CohortMetadataFiles.read(spark.sparkContext().hadoopConfiguration(), warehouse, config.task()).kind().binary()) {
            return runNextVisit(spark, warehouse, predictionsPath);
        }
        Dataset<Row> predictions = readPredictions(spark, predictionsPath);

        // Only the validation and test rows of two models reach the driver, ten scalar columns each: the
        // splits are a fixed share of the cohort's index stays (15% each by default), a few tens of bytes a
        // row, and the patient bootstrap needs every test score in one place a thousand times over. A whole
        // cohort (sequences, features) never comes here. max-collected-samples turns an unexpectedly large
        // split into a clear error rather than a driver out of memory.
        Dataset<Row> scored = predictions
                .filter(col(SPLIT).isin("validation", "test")
                        .and(col(MODEL).isin(config.model(), config.baselineModel())))
                .select(MODEL, MODEL_VERSION, SPLIT, SAMPLE_ID, PATIENT_KEY, INDEX_TIME, SCORE, LABEL, SEX, AGE_AT_INDEX);
        List<Row> rows = collectBounded(scored.orderBy(MODEL, SPLIT, SAMPLE_ID), "validation and test predictions");

        ModelEvaluator evaluator = new ModelEvaluator(config.settings());
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        ArrayNode models = header(document, BINARY).putArray("models");
        List<Row> calibratedRows = new ArrayList<>();
        for (String model : List.of(config.model(), config.baselineModel())) {
            List<Row> test = rows.stream().filter(r -> r.getString(0).equals(model) && r.getString(2).equals("test")).toList();
            List<Row> validation = rows.stream()
                    .filter(r -> r.getString(0).equals(model) && r.getString(2).equals("validation")).toList();
            if (test.isEmpty() || validation.isEmpty()) {
                throw new BadInputException("no " + (test.isEmpty() ? "test" : "validation") + " predictions for model '"
                        + model + "' of task '" + config.task() + "' in " + predictionsPath);
            }
            Set<String> versions = new TreeSet<>(test.stream().map(r -> r.getString(1)).toList());
            if (versions.size() != 1) {
                throw new BadInputException("model '" + model + "' has test predictions from several versions " + versions);
            }
            String version = versions.iterator().next();
            EvaluationSet testSet = toSet(test);
            EvaluationSet validationSet = toSet(validation);
            ModelEvaluator.Result result = evaluator.evaluate(model, version,
                    model.equals(config.baselineModel()) ? "baseline" : "network", testSet, validationSet);
            models.add(result.json());
            if (model.equals(config.model())) {
                // Scoring applies the recalibration the metrics were measured with, so it lives in the version.
                result.recalibrator().write(evaluated.recalibration());
                Recalibrator recalibrator = result.recalibrator();
                if (recalibrator.reason() != null) {
                    LOG.warn("{} {}: {} recalibration not applied ({}; {} validation samples): {}", model, version,
                            config.settings().recalibration().name().toLowerCase(Locale.ROOT), recalibrator.reason(),
                            validationSet.size(), recalibrator.recalibrates()
                                    ? "only the base rate is recalibrated, the model's ranking kept"
                                    : "its scores are scored and written back uncalibrated");
                }
            }
            for (int i = 0; i < test.size(); i++) {
                Row r = test.get(i);
                calibratedRows.add(RowFactory.create(r.getString(3), r.getString(4), (Timestamp) r.get(5), model,
                        version, testSet.labels()[i], testSet.scores()[i], result.calibratedScores()[i]));
            }
            LOG.info("evaluated {} {} on {} test samples ({} positive patients)", model, version, testSet.size(),
                    testSet.positivePatients());
        }
        HadoopFiles.writeString(spark.sparkContext().hadoopConfiguration(), warehouse.metricsJson(config.task(), config.model()),
                JSON.writeValueAsString(document));
        spark.createDataFrame(calibratedRows, CALIBRATED_SCHEMA).coalesce(1)
                .write().mode(SaveMode.Overwrite).parquet(warehouse.calibratedPredictions(config.task(), config.model()));
        ExplanationEvaluation.run(spark, warehouse, config.task(), config.model(), evaluated, config.explain(),
                config.settings().minPositivePatients());
        return document;
    }

    private ObjectNode header(ObjectNode document, String kind) {
        document.put("task", config.task());
        document.put("kind", kind);
        document.put("split", "test");
        ObjectNode bootstrap = document.putObject("bootstrap");
        bootstrap.put("resamples", config.settings().bootstrapResamples());
        bootstrap.put("seed", config.settings().bootstrapSeed());
        bootstrap.put("unit", "patient");
        bootstrap.put("level", 0.95);
        document.put("minPositivePatients", config.settings().minPositivePatients());
        return document;
    }

    /**
     * next-visit-dx: recall@k and precision@k of the network and the most-frequent-codes baseline. Spark counts
     * the hits at each k per test visit; only (sample, patient, hits, true-code count) rows reach the driver,
     * for the patient bootstrap. The test predictions are copied, still compact, beside metrics.json.
     */
    private ObjectNode runNextVisit(SparkSession spark, Warehouse warehouse, String predictionsPath)
            throws IOException {
        List<String> modelNames = List.of(config.model(), MOST_FREQUENT_BASELINE);
        Dataset<Row> test = spark.read().parquet(predictionsPath)
                .filter(col(SPLIT).equalTo("test").and(col(MODEL).isin(modelNames.toArray())));
        List<Integer> ks = config.recallAtK();
        int largestK = ks.get(ks.size() - 1);
        Row kept = test.agg(max(size(col(PREDICTED_CODES)))).first();
        long targetCodes = spark.read().parquet(warehouse.cohortTargetVocabulary(config.task())).count();
        if (!kept.isNullAt(0) && kept.getInt(0) < Math.min(largestK, targetCodes)) {
            throw new BadInputException("predictions keep " + kept.getInt(0) + " codes per visit, fewer than "
                    + "evaluate.recall-at-k's largest k " + largestK + ": raise train.next-visit.predicted-codes and retrain");
        }
        List<Column> columns = new ArrayList<>(List.of(col(MODEL), col(MODEL_VERSION), col(SAMPLE_ID),
                col(PATIENT_KEY), NextVisitRecall.trueCodes().as("trueCount")));
        for (int k : ks) {
            columns.add(NextVisitRecall.hits(k).as("hits" + k));
        }
        Dataset<Row> visits = test.filter(NextVisitRecall.trueCodes().gt(0)).select(columns.toArray(Column[]::new));
        List<Row> rows = collectBounded(visits.orderBy(MODEL, SAMPLE_ID, PATIENT_KEY), "test visits");

        NextVisitEvaluator evaluator = new NextVisitEvaluator(config.settings(), ks);
        ObjectNode document = header(JsonNodeFactory.instance.objectNode(), NEXT_VISIT);
        ArrayNode kNode = document.putArray("recallAtK");
        ks.forEach(kNode::add);
        ArrayNode models = document.putArray("models");
        for (String model : modelNames) {
            List<Row> own = rows.stream().filter(r -> r.getString(0).equals(model)).toList();
            if (own.isEmpty()) {
                throw new BadInputException("no test predictions for model '" + model + "' of task '" + config.task()
                        + "' in " + predictionsPath);
            }
            Set<String> versions = new TreeSet<>(own.stream().map(r -> r.getString(1)).toList());
            if (versions.size() != 1) {
                throw new BadInputException("model '" + model + "' has test predictions from several versions " + versions);
            }
            int n = own.size();
            String[] samples = new String[n];
            String[] patients = new String[n];
            int[] trueCounts = new int[n];
            int[][] hits = new int[n][ks.size()];
            for (int i = 0; i < n; i++) {
                Row r = own.get(i);
                samples[i] = r.getString(2);
                patients[i] = r.getString(3);
                trueCounts[i] = r.getInt(4);
                for (int j = 0; j < ks.size(); j++) {
                    hits[i][j] = r.getInt(5 + j);
                }
            }
            NextVisitEvaluator.Visits set = new NextVisitEvaluator.Visits(samples, patients, hits, trueCounts);
            models.add(evaluator.evaluate(model, versions.iterator().next(),
                    model.equals(MOST_FREQUENT_BASELINE) ? "baseline" : "network", set));
            LOG.info("evaluated {} on {} test visits of {} patients", model, n,
                    Arrays.stream(patients).distinct().count());
        }
        HadoopFiles.writeString(spark.sparkContext().hadoopConfiguration(), warehouse.metricsJson(config.task(), config.model()),
                JSON.writeValueAsString(document));
        test.select(SAMPLE_ID, PATIENT_KEY, INDEX_TIME, STEP, MODEL, MODEL_VERSION, PREDICTED_CODES, PREDICTED_SCORES,
                        TRUE_CODES)
                .orderBy(MODEL, SAMPLE_ID, STEP)
                .write().mode(SaveMode.Overwrite).parquet(warehouse.calibratedPredictions(config.task(), config.model()));
        return document;
    }

    private Dataset<Row> readPredictions(SparkSession spark, String path) {
        Dataset<Row> predictions = spark.read().parquet(path);
        List<String> columns = List.of(predictions.columns());
        for (String required : REQUIRED) {
            if (!columns.contains(required)) {
                throw new BadInputException("predictions at " + path + " lack column '" + required + "'");
            }
        }
        return predictions;
    }

    private static EvaluationSet toSet(List<Row> rows) {
        int n = rows.size();
        String[] ids = new String[n];
        String[] patients = new String[n];
        double[] scores = new double[n];
        int[] labels = new int[n];
        String[] sexes = new String[n];
        int[] ages = new int[n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            ids[i] = r.getString(3);
            patients[i] = r.getString(4);
            scores[i] = ((Number) r.get(6)).doubleValue();
            labels[i] = ((Number) r.get(7)).intValue();
            sexes[i] = r.isNullAt(8) ? null : r.getString(8);
            ages[i] = r.isNullAt(9) ? -1 : ((Number) r.get(9)).intValue();
        }
        return new EvaluationSet(ids, patients, scores, labels, sexes, ages);
    }

    /** The rows, in their order, unless there are more than evaluate.max-collected-samples: then a clear error. */
    private List<Row> collectBounded(Dataset<Row> rows, String what) {
        long count = rows.count();
        if (count > config.maxCollectedSamples()) {
            throw new BadInputException(count + " " + what + " exceed evaluate.max-collected-samples="
                    + config.maxCollectedSamples());
        }
        return rows.collectAsList();
    }
}
