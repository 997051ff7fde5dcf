package io.longitude.jobs.ingest;

import io.longitude.fhir.Pseudonymiser;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;
import scala.Tuple4;

import static org.apache.spark.sql.functions.col;

/**
 * The only tables that link pseudonymised keys back to the source: {@code identity} maps patient and
 * encounter keys to source references ({@code Patient/id}, {@code Encounter/id}) — predictions are written
 * back to the source FHIR server through it — and {@code identity_source_files} maps file keys to input
 * paths, so that an engineer allowed to read identity can find the file a reject came from. Every other
 * table carries keys only.
 */
final class IdentityTable {

    private static final Encoder<Tuple4<String, String, String, String>> ROW = Encoders.tuple(
            Encoders.STRING(), Encoders.STRING(), Encoders.STRING(), Encoders.STRING());

    private IdentityTable() {
    }

    /**
     * @param patients         the current patients' references ({@link ResourceResolution#patients()})
     * @param resolvedClinical {@link ResourceResolution#resolvedClinical()}
     */
    static Dataset<Row> build(Dataset<Row> patients, Dataset<Row> resolvedClinical, Pseudonymiser pseudonymiser) {
        Dataset<Tuple4<String, String, String, String>> patientRows = patients.map(
                (MapFunction<Row, Tuple4<String, String, String, String>>) p -> {
                    String key = pseudonymiser.key(p.getString(0));
                    return new Tuple4<>("Patient", key, p.getString(0), key);
                }, ROW);
        Dataset<Tuple4<String, String, String, String>> encounterRows = resolvedClinical
                .filter(col(StateRecords.RESOURCE_TYPE).equalTo("Encounter"))
                .select(col(ResourceResolution.RESOURCE_REF), col(ResourceResolution.PATIENT_REF))
                .map((MapFunction<Row, Tuple4<String, String, String, String>>) r -> new Tuple4<>("Encounter",
                        pseudonymiser.key(r.getString(0)), r.getString(0), pseudonymiser.key(r.getString(1))), ROW);
        return patientRows.union(encounterRows).toDF("resourceType", "key", "sourceRef", "patientKey");
    }

    static Dataset<Row> sourceFiles(SparkSession spark, JavaRDD<String> paths, Pseudonymiser pseudonymiser) {
        Dataset<String> distinct = spark.createDataset(paths.rdd(), Encoders.STRING()).distinct();
        return distinct.map((MapFunction<String, Tuple2<String, String>>) path ->
                        new Tuple2<>(pseudonymiser.fileKey(path), path), Encoders.tuple(Encoders.STRING(), Encoders.STRING()))
                .toDF("fileKey", "path");
    }
}
