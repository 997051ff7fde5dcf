package io.longitude.jobs.writeback;

import io.longitude.warehouse.Warehouse;
import io.longitude.writeback.ScoredEvent;
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
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A scoring as the score job leaves it (PLAN "Scores table": Parquet under {@link Warehouse#scores}, its columns
 * by name), with the identity table that maps its keys to source references.
 */
final class ScoresFixture {

    static final StructType SCHEMA = new StructType()
            .add("task", DataTypes.StringType).add("model", DataTypes.StringType)
            .add("modelVersion", DataTypes.StringType).add("asOf", DataTypes.TimestampType)
            .add("sampleId", DataTypes.StringType).add("patientKey", DataTypes.StringType)
            .add("encounterKey", DataTypes.StringType).add("predictionTime", DataTypes.TimestampType)
            .add("probability", DataTypes.DoubleType).add("riskBand", DataTypes.StringType)
            .add("rawScore", DataTypes.DoubleType)
            .add("predictedCodes", DataTypes.createArrayType(DataTypes.StringType))
            .add("predictedProbabilities", DataTypes.createArrayType(DataTypes.DoubleType));
    private static final StructType IDENTITY = new StructType()
            .add("resourceType", DataTypes.StringType).add("key", DataTypes.StringType)
            .add("sourceRef", DataTypes.StringType).add("patientKey", DataTypes.StringType);
    private static final List<String> BANDS = List.of("negligible", "low", "moderate", "high");
    private static final List<String> CODES = List.of("http://snomed.info/sct|44054006",
            "http://snomed.info/sct|38341003", "http://snomed.info/sct|55822004", "http://snomed.info/sct|271737000");

    /** A scored event and the source references of its patient and encounter (null: none). */
    record Scored(ScoredEvent event, String patientRef, String encounterRef) {
    }

    private ScoresFixture() {
    }

    /** Events of a binary task, one per patient; every fifth has no encounter. */
    static List<Scored> binary(String task, String model, String version, Instant asOf, int patients, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Scored> out = new ArrayList<>();
        for (int p = 0; p < patients; p++) {
            String encounterKey = p % 5 == 4 ? null : String.format("ek%04d", p);
            double probability = random.nextDouble();
            Instant at = asOf.minusSeconds(3_600L * (1 + random.nextInt(400)));
            out.add(new Scored(ScoredEvent.binary(task, model, version, "s-" + p, String.format("pk%04d", p),
                    encounterKey, at, probability, BANDS.get(Math.min(3, (int) (probability * 4)))),
                    "Patient/" + new UUID(random.nextLong(), random.nextLong()),
                    encounterKey == null ? null : "Encounter/" + new UUID(random.nextLong(), random.nextLong())));
        }
        return out;
    }

    /** Events of next-visit-dx, one per patient at the as-of instant, three ranked codes each. */
    static List<Scored> nextVisit(String model, String version, Instant asOf, int patients, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Scored> out = new ArrayList<>();
        for (int p = 0; p < patients; p++) {
            List<String> codes = new ArrayList<>(CODES);
            Collections.rotate(codes, p);
            double top = 0.3 + 0.6 * random.nextDouble();
            out.add(new Scored(ScoredEvent.nextVisit("next-visit-dx", model, version, "nv-" + p,
                    String.format("pk%04d", p), String.format("ek%04d", p), asOf, List.copyOf(codes.subList(0, 3)),
                    List.of(top, top / 2, top / 4)),
                    "Patient/" + new UUID(random.nextLong(), random.nextLong()),
                    "Encounter/" + new UUID(random.nextLong(), random.nextLong())));
        }
        return out;
    }

    /** Writes the scoring as of {@code asOf} and the identity table of the events' patients and encounters. */
    static void write(SparkSession spark, Path warehouse, Instant asOf, List<Scored> scored) {
        List<Row> rows = new ArrayList<>();
        List<Row> identity = new ArrayList<>();
        for (Scored s : scored) {
            ScoredEvent e = s.event();
            rows.add(RowFactory.create(e.task(), e.model(), e.modelVersion(), Timestamp.from(asOf), e.sampleId(),
                    e.patientKey(), e.encounterKey(), Timestamp.from(e.predictionTime()), e.probability(), e.riskBand(),
                    e.probability() == null ? null : 2 * e.probability() - 1,
                    e.predictedCodes() == null ? null : e.predictedCodes().toArray(new String[0]),
                    e.predictedProbabilities() == null ? null : e.predictedProbabilities().toArray(new Double[0])));
            identity.add(RowFactory.create("Patient", e.patientKey(), s.patientRef(), e.patientKey()));
            if (e.encounterKey() != null) {
                identity.add(RowFactory.create("Encounter", e.encounterKey(), s.encounterRef(), e.patientKey()));
            }
        }
        ScoredEvent first = scored.get(0).event();
        Warehouse w = new Warehouse(warehouse.toString());
        spark.createDataFrame(rows, SCHEMA).write().mode(SaveMode.Overwrite)
                .parquet(w.scores(first.task(), first.model(), asOf));
        spark.createDataFrame(identity, IDENTITY).write().mode(SaveMode.Overwrite).parquet(w.table(Warehouse.IDENTITY));
    }
}
