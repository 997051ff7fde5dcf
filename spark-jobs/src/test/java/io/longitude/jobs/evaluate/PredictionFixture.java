package io.longitude.jobs.evaluate;

import io.longitude.models.registry.PredictionTable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import io.longitude.cohort.CohortMetadata;
import io.longitude.cohort.TaskKind;
import io.longitude.jobs.CohortMetadataFiles;
import io.longitude.warehouse.Warehouse;

/**
 * A small warehouse as the cohort and training jobs leave it: a published model version whose predictions
 * hold the network and the baseline for every split, cohort samples, the identity table, a cohort summary
 * and a training history.
 * Risk rises with age and a latent severity; the network sees the severity more sharply than the baseline.
 */
public final class PredictionFixture {

    public static final String TASK = "mortality-inhospital";
    public static final String NETWORK = "gru";
    public static final String NETWORK_VERSION = "v20261125T180000Z";
    public static final String BASELINE = PredictionTable.LOGISTIC_BASELINE;

    public record Sample(String sampleId, String patientKey, String encounterKey, String patientRef,
                         String encounterRef, Timestamp indexTime, String split, int label, String sex, int age,
                         double networkScore, double baselineScore) {
    }

    private PredictionFixture() {
    }

    public static List<Sample> samples(int patients, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Sample> out = new ArrayList<>();
        for (int p = 0; p < patients; p++) {
            String patientKey = String.format("pk%06d", p);
            String patientRef = "Patient/" + new UUID(random.nextLong(), random.nextLong());
            String split = p % 20 < 14 ? "train" : p % 20 < 17 ? "validation" : "test";
            String sex = random.nextBoolean() ? "female" : "male";
            int age = 25 + random.nextInt(70);
            double frailty = random.nextGaussian();
            int stays = 1 + random.nextInt(3);
            for (int s = 0; s < stays; s++) {
                double severity = 0.7 * frailty + 0.7 * random.nextGaussian();
                double logit = -3.2 + 0.03 * (age - 60) + 1.4 * severity;
                int label = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
                double network = sigmoid(-2.6 + 0.03 * (age - 60) + 1.2 * severity + 0.4 * random.nextGaussian());
                double baseline = sigmoid(-2.0 + 0.02 * (age - 60) + 0.8 * severity + 0.9 * random.nextGaussian());
                String encounterKey = String.format("ek%06d-%d", p, s);
                Timestamp index = Timestamp.from(Instant.parse("2019-01-01T08:00:00Z").plusSeconds(
                        86_400L * random.nextInt(1500) + 3_600L * random.nextInt(24)));
                out.add(new Sample("s-" + encounterKey, patientKey, encounterKey, patientRef,
                        "Encounter/" + new UUID(random.nextLong(), random.nextLong()), index, split, label, sex, age + s,
                        network, baseline));
            }
        }
        return out;
    }

    /** Writes predictions, cohort samples, identity and the cohort summary under {@code warehouse}. */
    public static void write(SparkSession spark, Path warehouse, List<Sample> samples) throws java.io.IOException {
        StructType predictionSchema = new StructType()
                .add("sampleId", DataTypes.StringType).add("patientKey", DataTypes.StringType)
                .add("encounterKey", DataTypes.StringType).add("indexTime", DataTypes.TimestampType)
                .add("split", DataTypes.StringType).add("label", DataTypes.IntegerType)
                .add("sex", DataTypes.StringType).add("ageAtIndex", DataTypes.IntegerType)
                .add("score", DataTypes.DoubleType).add("model", DataTypes.StringType)
                .add("modelVersion", DataTypes.StringType);
        List<Row> predictions = new ArrayList<>();
        List<Row> cohort = new ArrayList<>();
        List<Row> identity = new ArrayList<>();
        java.util.Set<String> seenPatients = new java.util.HashSet<>();
        for (Sample s : samples) {
            predictions.add(RowFactory.create(s.sampleId(), s.patientKey(), s.encounterKey(), s.indexTime(), s.split(),
                    s.label(), s.sex(), s.age(), s.networkScore(), NETWORK, NETWORK_VERSION));
            predictions.add(RowFactory.create(s.sampleId(), s.patientKey(), s.encounterKey(), s.indexTime(), s.split(),
                    s.label(), s.sex(), s.age(), s.baselineScore(), BASELINE, NETWORK_VERSION));
            cohort.add(RowFactory.create(s.sampleId(), s.patientKey(), s.split(), s.indexTime(), s.label(), s.sex(),
                    s.age(), s.encounterKey()));
            if (seenPatients.add(s.patientKey())) {
                identity.add(RowFactory.create("Patient", s.patientKey(), s.patientRef(), s.patientKey()));
            }
            identity.add(RowFactory.create("Encounter", s.encounterKey(), s.encounterRef(), s.patientKey()));
        }
        String root = warehouse.toString();
        Path version = warehouse.resolve("models/" + TASK + "/" + NETWORK + "/" + NETWORK_VERSION);
        spark.createDataFrame(predictions, predictionSchema).write().mode(SaveMode.Overwrite)
                .parquet(version.resolve("predictions").toString());
        java.nio.file.Files.writeString(version.resolve("_SUCCESS"), "");
        java.nio.file.Files.writeString(version.resolve("training-history.json"), """
                [{"epoch": 1, "trainLoss": 0.41, "validationScore": 0.71, "seconds": 3.0, "sequencesPerSecond": 700},
                 {"epoch": 2, "trainLoss": 0.33, "validationScore": 0.78, "seconds": 3.0, "sequencesPerSecond": 710},
                 {"epoch": 3, "trainLoss": 0.30, "validationScore": 0.80, "seconds": 3.0, "sequencesPerSecond": 705}]""");
        java.nio.file.Files.writeString(version.getParent().resolve("latest"), NETWORK_VERSION + "\n");
        StructType cohortSchema = new StructType()
                .add("sampleId", DataTypes.StringType).add("patientKey", DataTypes.StringType)
                .add("split", DataTypes.StringType).add("indexTime", DataTypes.TimestampType)
                .add("label", DataTypes.IntegerType).add("sex", DataTypes.StringType)
                .add("ageAtIndex", DataTypes.IntegerType).add("indexEncounterKey", DataTypes.StringType);
        spark.createDataFrame(cohort, cohortSchema).write().mode(SaveMode.Overwrite)
                .parquet(root + "/tables/cohorts/" + TASK + "/samples");
        CohortMetadataFiles.write(spark.sparkContext().hadoopConfiguration(), new Warehouse(root),
                new CohortMetadata(TASK, TaskKind.MORTALITY, Instant.parse("2024-06-01T00:00:00Z")));
        StructType identitySchema = new StructType()
                .add("resourceType", DataTypes.StringType).add("key", DataTypes.StringType)
                .add("sourceRef", DataTypes.StringType).add("patientKey", DataTypes.StringType);
        spark.createDataFrame(identity, identitySchema).write().mode(SaveMode.Overwrite)
                .parquet(root + "/tables/identity");
        long positives = samples.stream().filter(s -> s.label() == 1).count();
        java.nio.file.Files.createDirectories(warehouse.resolve("runs/20261125T170000Z"));
        java.nio.file.Files.writeString(warehouse.resolve("runs/20261125T170000Z/cohort-" + TASK + ".json"),
                "{\"task\":\"" + TASK + "\",\"attrition\":[{\"step\":\"all stays\",\"remaining\":" + (samples.size() + 57)
                        + "},{\"step\":\"drop non-adults\",\"remaining\":" + samples.size() + "}],\"samples\":"
                        + samples.size() + ",\"positives\":" + positives + "}");
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
