package io.longitude.jobs.evaluate;

import io.longitude.models.evaluation.LogisticRecalibration;
import io.longitude.models.evaluation.ModelEvaluator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.testing.LocalSpark;
import io.longitude.models.registry.PredictionTable;
import io.longitude.cohort.CohortMetadata;
import io.longitude.cohort.TaskKind;
import io.longitude.jobs.CohortMetadataFiles;
import io.longitude.warehouse.Warehouse;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * recall@k and precision@k of next-visit-dx against values worked out by hand on a tiny prediction set:
 * two test patients, three scored test visits (a fourth has no true code and is not scored), codes x, y, z.
 */
@ExtendWith(LocalSpark.class)
class NextVisitEvaluationTest {

    private static final String TASK = "next-visit-dx";
    private static final String NETWORK = "seq2seq-gru";
    private static final String VERSION = "v20261125T230000Z";

    @Test
    void recallAndPrecisionAtKEqualHandComputedValues(SparkSession spark, @TempDir Path warehouse) throws Exception {
        List<Row> rows = new ArrayList<>();
        // network                                 sample patient split  step predicted (ranked)  truth
        rows.add(row("sA", "pA", "test", 0, List.of("x", "y", "z"), List.of("y"), NETWORK));
        rows.add(row("sA", "pA", "test", 1, List.of("y", "x", "z"), List.of("x", "z"), NETWORK));
        rows.add(row("sA", "pA", "test", 2, List.of("x", "y", "z"), List.of(), NETWORK));
        rows.add(row("sB", "pB", "test", 0, List.of("z", "x", "y"), List.of("z"), NETWORK));
        rows.add(row("sC", "pC", "validation", 0, List.of("z", "x", "y"), List.of("x"), NETWORK));
        for (Row r : List.copyOf(rows)) {
            rows.add(row(r.getString(0), r.getString(1), r.getString(3), r.getInt(7), List.of("x", "y", "z"),
                    JavaConverters.seqAsJavaList(r.getSeq(10)), PredictionTable.MOST_FREQUENT_BASELINE));
        }
        write(spark, warehouse, rows);
        EvaluateConfig loaded = EvaluateConfig.from(LongitudeConfigLoader.load(null, List.of()), warehouse.toString(),
                TASK, NETWORK);
        EvaluateConfig config = new EvaluateConfig(loaded.warehouse(), TASK, NETWORK, loaded.baselineModel(),
                loaded.maxCollectedSamples(), List.of(1, 2, 3), loaded.settings(), loaded.explain());

        ObjectNode metrics = new EvaluateJob(config).run(spark);

        assertEquals("next-visit", metrics.get("kind").asText());
        JsonNode network = metrics.get("models").get(0);
        JsonNode baseline = metrics.get("models").get(1);
        assertEquals("network", network.get("role").asText());
        assertEquals(PredictionTable.MOST_FREQUENT_BASELINE, baseline.get("model").asText());
        // Per scored visit, network hits at k = 1, 2, 3: A0 (truth y) 0,1,1; A1 (truth x,z) 0,1,2; B0 (truth z) 1,1,1.
        assertMetric(network, "recallAt1", (0 + 0 + 1) / 3.0);
        assertMetric(network, "recallAt2", (1 + 0.5 + 1) / 3.0);
        assertMetric(network, "recallAt3", 1.0);
        assertMetric(network, "precisionAt1", 1 / 3.0);
        assertMetric(network, "precisionAt2", 0.5);
        assertMetric(network, "precisionAt3", (1 / 3.0 + 2 / 3.0 + 1 / 3.0) / 3);
        // Baseline ranks x, y, z everywhere: A0 0,1,1; A1 1,1,2; B0 0,0,1.
        assertMetric(baseline, "recallAt1", (0 + 0.5 + 0) / 3.0);
        assertMetric(baseline, "recallAt2", (1 + 0.5 + 0) / 3.0);
        assertMetric(baseline, "recallAt3", 1.0);
        assertMetric(baseline, "precisionAt2", (0.5 + 0.5 + 0) / 3);

        assertEquals(3, network.get("visits").asInt());
        assertEquals(2, network.get("samples").asInt());
        assertEquals(2, network.get("patients").asInt());
        assertFalse(network.get("judgeable").asBoolean(), "2 patients are below the minimum of 10");
        assertTrue(network.get("note").asText().contains(ModelEvaluator.CANNOT_BE_JUDGED));
        // Patient bootstrap of recall@1: {A,A} gives 0, {B,B} gives 1, each with probability 1/4.
        JsonNode recall1 = network.get("metrics").get("recallAt1");
        assertEquals(0.0, recall1.get("ciLower").asDouble(), 1e-12);
        assertEquals(1.0, recall1.get("ciUpper").asDouble(), 1e-12);

                assertEquals(8, spark.read().parquet(new io.longitude.warehouse.Warehouse(warehouse.toString()).calibratedPredictions(TASK, NETWORK)).count(),
                "the test rows of both models, compact");
    }

    private static void assertMetric(JsonNode model, String key, double expected) {
        assertEquals(expected, model.get("metrics").get(key).get("value").asDouble(), 1e-12, model.get("model") + " " + key);
    }

    private static Row row(String sample, String patient, String split, int step, List<String> predicted,
                           List<String> truth, String model) {
        List<Double> scores = new ArrayList<>();
        for (int i = 0; i < predicted.size(); i++) {
            scores.add(0.9 - 0.1 * i);
        }
        return RowFactory.create(sample, patient, "e-" + sample, split, Timestamp.valueOf("2024-03-01 10:00:00"), "female",
                70, step, JavaConverters.asScalaBuffer(predicted).toSeq(), JavaConverters.asScalaBuffer(scores).toSeq(),
                JavaConverters.asScalaBuffer(truth).toSeq(), model, VERSION);
    }

    private static void write(SparkSession spark, Path warehouse, List<Row> rows) throws Exception {
        StructType schema = new StructType()
                .add("sampleId", DataTypes.StringType).add("patientKey", DataTypes.StringType)
                .add("encounterKey", DataTypes.StringType).add("split", DataTypes.StringType)
                .add("indexTime", DataTypes.TimestampType).add("sex", DataTypes.StringType)
                .add("ageAtIndex", DataTypes.IntegerType).add("step", DataTypes.IntegerType)
                .add("predictedCodes", DataTypes.createArrayType(DataTypes.StringType))
                .add("predictedScores", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("trueCodes", DataTypes.createArrayType(DataTypes.StringType))
                .add("model", DataTypes.StringType).add("modelVersion", DataTypes.StringType);
        Path version = warehouse.resolve("models/" + TASK + "/" + NETWORK + "/" + VERSION);
        spark.createDataFrame(rows, schema).write().mode(SaveMode.Overwrite).parquet(version.resolve("predictions").toString());
        Files.writeString(version.resolve("_SUCCESS"), "");
        Files.writeString(version.getParent().resolve("latest"), VERSION + "\n");
        StructType vocabulary = new StructType().add("token", DataTypes.StringType).add("id", DataTypes.IntegerType)
                .add("count", DataTypes.LongType);
        spark.createDataFrame(List.of(RowFactory.create("x", 0, 9L), RowFactory.create("y", 1, 7L),
                        RowFactory.create("z", 2, 5L)), vocabulary)
                .write().mode(SaveMode.Overwrite).parquet(warehouse.resolve("tables/cohorts/" + TASK + "/target_vocabulary").toString());
        CohortMetadataFiles.write(spark.sparkContext().hadoopConfiguration(), new Warehouse(warehouse.toString()),
                new CohortMetadata(TASK, TaskKind.NEXT_VISIT_DX, Instant.parse("2025-01-01T00:00:00Z")));
    }
}
