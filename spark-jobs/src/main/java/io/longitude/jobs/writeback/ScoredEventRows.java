package io.longitude.jobs.writeback;

import io.longitude.cohort.TaskConfig;
import io.longitude.config.BadInputException;
import io.longitude.explain.ContributingCode;
import io.longitude.warehouse.Warehouse;
import io.longitude.writeback.RiskProbability;
import io.longitude.writeback.ScoredEvent;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.longitude.scoring.ScoresTable.TASK;
import static io.longitude.scoring.ScoresTable.MODEL;
import static io.longitude.scoring.ScoresTable.MODEL_VERSION;
import static io.longitude.scoring.ScoresTable.SAMPLE_ID;
import static io.longitude.scoring.ScoresTable.PATIENT_KEY;
import static io.longitude.scoring.ScoresTable.ENCOUNTER_KEY;
import static io.longitude.scoring.ScoresTable.PREDICTION_TIME;
import static io.longitude.scoring.ScoresTable.PROBABILITY;
import static io.longitude.scoring.ScoresTable.RISK_BAND;
import static io.longitude.scoring.ScoresTable.PREDICTED_CODES;
import static io.longitude.scoring.ScoresTable.PREDICTED_PROBABILITIES;
import static io.longitude.scoring.ScoresTable.EXPLAINED_ATTRIBUTIONS;
import static io.longitude.scoring.ScoresTable.EXPLAINED_CODES;
import static io.longitude.scoring.ScoresTable.EXPLAINED_DAYS_BEFORE;
import static io.longitude.scoring.ScoresTable.EXPLAINED_DESCRIPTIONS;
import static io.longitude.scoring.ScoresTable.EXPLAINED_VISITS_BEFORE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.lit;

/**
 * The rows write-back turns into RiskAssessments, in the columns of the scores table ({@link io.longitude.scoring.ScoresTable}),
 * whichever the source: a scoring read as it is, or the cohort audit's calibrated test-split predictions
 * brought into the same columns. {@link #event} reads one such row.
 */
final class ScoredEventRows {


    private static final Map<String, DataType> COMMON = new LinkedHashMap<>();
    private static final Map<String, DataType> NEXT_VISIT = new LinkedHashMap<>();
    /** Optional: a scoring without explanations (or from before them) reads as nulls. */
    private static final Map<String, DataType> EXPLAINED = new LinkedHashMap<>();

    static {
        for (String name : List.of(TASK, MODEL, MODEL_VERSION, SAMPLE_ID, PATIENT_KEY, ENCOUNTER_KEY, RISK_BAND)) {
            COMMON.put(name, DataTypes.StringType);
        }
        COMMON.put(PREDICTION_TIME, DataTypes.TimestampType);
        COMMON.put(PROBABILITY, DataTypes.DoubleType);
        NEXT_VISIT.put(PREDICTED_CODES, DataTypes.createArrayType(DataTypes.StringType));
        NEXT_VISIT.put(PREDICTED_PROBABILITIES, DataTypes.createArrayType(DataTypes.DoubleType));
        EXPLAINED.put(EXPLAINED_CODES, DataTypes.createArrayType(DataTypes.StringType));
        EXPLAINED.put(EXPLAINED_DESCRIPTIONS, DataTypes.createArrayType(DataTypes.StringType));
        EXPLAINED.put(EXPLAINED_ATTRIBUTIONS, DataTypes.createArrayType(DataTypes.DoubleType));
        EXPLAINED.put(EXPLAINED_VISITS_BEFORE, DataTypes.createArrayType(DataTypes.IntegerType));
        EXPLAINED.put(EXPLAINED_DAYS_BEFORE, DataTypes.createArrayType(DataTypes.DoubleType));
    }

    private static final Object[] BAND_CODES = Arrays.stream(RiskProbability.values()).map(RiskProbability::code)
            .toArray();

    private ScoredEventRows() {
    }

    /** A scoring's Parquet folder, its columns checked against the contract (a next-visit task needs the codes). */
    static Dataset<Row> scores(SparkSession spark, String path, TaskConfig task) {
        Dataset<Row> scores = spark.read().parquet(path);
        Map<String, DataType> required = new LinkedHashMap<>(COMMON);
        if (!task.kind().binary()) {
            required.putAll(NEXT_VISIT);
        }
        List<String> problems = new ArrayList<>();
        required.forEach((name, type) -> {
            StructField field = List.of(scores.schema().fields()).stream().filter(f -> f.name().equals(name))
                    .findFirst().orElse(null);
            if (field == null) {
                problems.add("no column " + name);
            } else if (!field.dataType().sameType(type)) {
                problems.add(name + " is " + field.dataType().simpleString() + ", not " + type.simpleString());
            }
        });
        if (!problems.isEmpty()) {
            throw new BadInputException("scores " + path + " are not a " + task.kind().label() + " scoring: "
                    + String.join("; ", problems));
        }
        List<Column> columns = new ArrayList<>(required.keySet().stream().map(name -> col(name)).toList());
        if (task.kind().binary()) {
            columns.add(lit(null).cast(NEXT_VISIT.get(PREDICTED_CODES)).as(PREDICTED_CODES));
            columns.add(lit(null).cast(NEXT_VISIT.get(PREDICTED_PROBABILITIES)).as(PREDICTED_PROBABILITIES));
        }
        List<String> present = List.of(scores.columns());
        EXPLAINED.forEach((name, type) -> columns.add(present.contains(name) ? col(name) : lit(null).cast(type).as(name)));
        return scores.select(columns.toArray(Column[]::new));
    }

    /**
     * The audit: evaluate's calibrated test-split predictions of the model, each with its stay's encounter from
     * the cohort (sample ids are the same in both), prediction time = the sample's index time, no risk band.
     */
    static Dataset<Row> cohortAudit(SparkSession spark, Warehouse warehouse, TaskConfig task, String model) {
        Dataset<Row> calibrated = spark.read().parquet(warehouse.calibratedPredictions(task.name(), model))
                .filter(col(MODEL).equalTo(model));
        Dataset<Row> encounters = spark.read().parquet(warehouse.cohortSamples(task.name()))
                .select(col(SAMPLE_ID), col("indexEncounterKey").as(ENCOUNTER_KEY));
        return calibrated.join(encounters, calibrated.col(SAMPLE_ID).equalTo(encounters.col(SAMPLE_ID)), "left")
                .select(lit(task.name()).as(TASK), col(MODEL), col(MODEL_VERSION), calibrated.col(SAMPLE_ID),
                        col(PATIENT_KEY), col(ENCOUNTER_KEY), col("indexTime").as(PREDICTION_TIME),
                        col("calibratedScore").as(PROBABILITY), lit(null).cast(DataTypes.StringType).as(RISK_BAND),
                        lit(null).cast(NEXT_VISIT.get(PREDICTED_CODES)).as(PREDICTED_CODES),
                        lit(null).cast(NEXT_VISIT.get(PREDICTED_PROBABILITIES)).as(PREDICTED_PROBABILITIES),
                        lit(null).cast(EXPLAINED.get(EXPLAINED_CODES)).as(EXPLAINED_CODES),
                        lit(null).cast(EXPLAINED.get(EXPLAINED_DESCRIPTIONS)).as(EXPLAINED_DESCRIPTIONS),
                        lit(null).cast(EXPLAINED.get(EXPLAINED_ATTRIBUTIONS)).as(EXPLAINED_ATTRIBUTIONS),
                        lit(null).cast(EXPLAINED.get(EXPLAINED_VISITS_BEFORE)).as(EXPLAINED_VISITS_BEFORE),
                        lit(null).cast(EXPLAINED.get(EXPLAINED_DAYS_BEFORE)).as(EXPLAINED_DAYS_BEFORE));
    }

    /** Rows no RiskAssessment can say: without a probability in [0, 1] or with an unknown band (binary tasks), or
     * without as many probabilities as codes (next-visit-dx). */
    static Column unusable(TaskConfig task) {
        if (task.kind().binary()) {
            return col(PROBABILITY).isNull().or(not(col(PROBABILITY).between(0.0, 1.0)))
                    .or(col(RISK_BAND).isNotNull().and(not(col(RISK_BAND).isin(BAND_CODES))));
        }
        return col(PREDICTED_CODES).isNull().or(col(PREDICTED_PROBABILITIES).isNull())
                .or(size(col(PREDICTED_CODES)).notEqual(size(col(PREDICTED_PROBABILITIES))))
                .or(exists(col(PREDICTED_PROBABILITIES), p -> p.isNull().or(not(p.between(0.0, 1.0)))));
    }

    /** One row of {@link #scores} or {@link #cohortAudit} (other columns may follow). */
    static ScoredEvent event(Row row) {
        int probability = row.fieldIndex(PROBABILITY);
        int codes = row.fieldIndex(PREDICTED_CODES);
        int codeProbabilities = row.fieldIndex(PREDICTED_PROBABILITIES);
        return new ScoredEvent(row.getAs(TASK), row.getAs(MODEL), row.getAs(MODEL_VERSION), row.getAs(SAMPLE_ID),
                row.getAs(PATIENT_KEY), row.getAs(ENCOUNTER_KEY), row.<Timestamp>getAs(PREDICTION_TIME).toInstant(),
                row.isNullAt(probability) ? null : row.getDouble(probability), row.getAs(RISK_BAND),
                row.isNullAt(codes) ? null : List.copyOf(row.getList(codes)),
                row.isNullAt(codeProbabilities) ? null : List.copyOf(row.getList(codeProbabilities)),
                topCodes(row));
    }

    private static List<ContributingCode> topCodes(Row row) {
        int codes = row.fieldIndex(EXPLAINED_CODES);
        if (row.isNullAt(codes)) {
            return null;
        }
        List<String> tokens = row.getList(codes);
        List<String> descriptions = row.getList(row.fieldIndex(EXPLAINED_DESCRIPTIONS));
        List<Double> attributions = row.getList(row.fieldIndex(EXPLAINED_ATTRIBUTIONS));
        List<Integer> visitsBefore = row.getList(row.fieldIndex(EXPLAINED_VISITS_BEFORE));
        List<Double> daysBefore = row.getList(row.fieldIndex(EXPLAINED_DAYS_BEFORE));
        List<ContributingCode> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            out.add(new ContributingCode(tokens.get(i), descriptions.get(i), attributions.get(i), visitsBefore.get(i),
                    daysBefore.get(i)));
        }
        return out;
    }
}
