package io.longitude.jobs.train;

import io.longitude.cohort.CohortMetadata;
import io.longitude.cohort.CohortSample;
import io.longitude.cohort.ValueBins;
import io.longitude.cohort.VisitTokeniser;
import io.longitude.config.BadInputException;
import io.longitude.jobs.CohortMetadataFiles;
import io.longitude.jobs.HadoopFiles;
import io.longitude.models.data.FeatureLayout;
import io.longitude.warehouse.Warehouse;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static io.longitude.models.registry.PredictionTable.AGE_AT_INDEX;
import static io.longitude.models.registry.PredictionTable.ENCOUNTER_KEY;
import static io.longitude.models.registry.PredictionTable.INDEX_TIME;
import static io.longitude.models.registry.PredictionTable.LABEL;
import static io.longitude.models.registry.PredictionTable.MODEL;
import static io.longitude.models.registry.PredictionTable.MODEL_VERSION;
import static io.longitude.models.registry.PredictionTable.PATIENT_KEY;
import static io.longitude.models.registry.PredictionTable.SAMPLE_ID;
import static io.longitude.models.registry.PredictionTable.SEX;
import static io.longitude.models.registry.PredictionTable.SPLIT;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * A task's cohort as the train job reads it: the samples of every split, the training and validation splits
 * (persisted while open: every epoch reads them), the vocabulary with its value bins and, for next-visit-dx (as the
 * cohort's metadata says), the target codes, and the feature layout they make.
 */
final class TrainingCohort implements AutoCloseable {

    private final Dataset<CohortSample> samples;
    private final Dataset<CohortSample> train;
    private final Dataset<CohortSample> validation;
    private final List<String> vocabulary;
    private final ValueBins valueBins;
    private final List<String> targetTokens;
    private final FeatureLayout layout;
    private final String taskDefinition;

    private TrainingCohort(Dataset<CohortSample> samples, List<String> vocabulary, ValueBins valueBins,
                           List<String> targetTokens, String taskDefinition) {
        this.taskDefinition = taskDefinition;
        this.samples = samples;
        this.train = split(samples, "train");
        this.validation = split(samples, "validation");
        this.vocabulary = vocabulary;
        this.valueBins = valueBins;
        this.targetTokens = targetTokens;
        this.layout = targetTokens != null
                ? FeatureLayout.forNextVisit(vocabulary, VisitTokeniser.numericFeatures(valueBins), targetTokens)
                : FeatureLayout.forSequenceLabels(vocabulary, VisitTokeniser.numericFeatures(valueBins));
    }

    static TrainingCohort read(SparkSession spark, Warehouse warehouse, String task) {
        if (!exists(spark, warehouse.cohortSamples(task))) {
            throw new BadInputException("no cohort for task '" + task + "' in " + warehouse.root()
                    + ": run `scripts/longitude cohort --task " + task + "` first");
        }
        CohortMetadata metadata = CohortMetadataFiles.read(spark.sparkContext().hadoopConfiguration(), warehouse, task);
        boolean nextVisit = !metadata.kind().binary();
        Dataset<CohortSample> samples = spark.read().parquet(warehouse.cohortSamples(task))
                .as(Encoders.bean(CohortSample.class));
        return new TrainingCohort(samples, tokens(spark, warehouse.cohortVocabulary(task)),
                valueBins(spark, warehouse.cohortValueBins(task)), nextVisit ? tokens(spark, warehouse.cohortTargetVocabulary(task)) : null, metadata.definition());
    }

    boolean nextVisit() {
        return targetTokens != null;
    }

    Dataset<CohortSample> samples() {
        return samples;
    }

    Dataset<CohortSample> train() {
        return train;
    }

    Dataset<CohortSample> validation() {
        return validation;
    }

    List<String> vocabulary() {
        return vocabulary;
    }

    /** How the cohort made its value tokens. */
    ValueBins valueBins() {
        return valueBins;
    }

    /** next-visit-dx: the target codes in id order; null for a binary task. */
    List<String> targetTokens() {
        return targetTokens;
    }

    /** The task definition the cohort was built from; null for a cohort built before it was kept. */
    String taskDefinition() {
        return taskDefinition;
    }

    FeatureLayout layout() {
        return layout;
    }

    /**
     * Prediction rows of {@code model}: its {@code scores} (keyed by sample id) with what every row repeats of its
     * sample — keys, split, covariates and, for binary tasks, the label — and the model's name and version.
     */
    Dataset<Row> predictionRows(Dataset<Row> scores, String model, String modelVersion) {
        return predictionKeys().join(scores, SAMPLE_ID).withColumn(MODEL, lit(model))
                .withColumn(MODEL_VERSION, lit(modelVersion));
    }

    private Dataset<Row> predictionKeys() {
        List<Column> keys = new ArrayList<>(List.of(col("sampleId").as(SAMPLE_ID), col("patientKey").as(PATIENT_KEY),
                col("indexEncounterKey").as(ENCOUNTER_KEY), col("indexTime").as(INDEX_TIME), col("split").as(SPLIT)));
        if (!nextVisit()) {
            keys.add(col("label").as(LABEL));
        }
        keys.add(col("sex").as(SEX));
        keys.add(col("ageAtIndex").as(AGE_AT_INDEX));
        return samples.select(keys.toArray(Column[]::new));
    }

    @Override
    public void close() {
        train.unpersist();
        validation.unpersist();
    }

    private static Dataset<CohortSample> split(Dataset<CohortSample> samples, String split) {
        return samples.filter(col("split").equalTo(split)).persist(StorageLevel.MEMORY_AND_DISK());
    }

    private static List<String> tokens(SparkSession spark, String vocabularyPath) {
        return spark.read().parquet(vocabularyPath).orderBy("id").select("token").as(Encoders.STRING())
                .collectAsList();
    }

    /** The cohort's value bins; none for a cohort built before values were features. */
    private static ValueBins valueBins(SparkSession spark, String path) {
        if (!exists(spark, path)) {
            return ValueBins.NONE;
        }
        try {
            return ValueBins.fromJson(HadoopFiles.readString(spark.sparkContext().hadoopConfiguration(), path), path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static boolean exists(SparkSession spark, String path) {
        try {
            return HadoopFiles.exists(spark.sparkContext().hadoopConfiguration(), path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for " + path, e);
        }
    }
}
