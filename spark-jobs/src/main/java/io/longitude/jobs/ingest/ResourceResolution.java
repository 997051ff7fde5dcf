package io.longitude.jobs.ingest;

import io.longitude.ingest.ExtractedRecord;
import io.longitude.ingest.PatientRecord;
import io.longitude.ingest.RejectReason;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;

import java.util.Arrays;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.when;

/**
 * The cross-file part of ingest, done with joins rather than on the driver:
 * <ol>
 *   <li>one version per resource (type/id): the latest {@code meta.lastUpdated}, then the last in
 *       (file, position) order; the others are rejected as DUPLICATE_RESOURCE;</li>
 *   <li>each clinical resource's subject reference is looked up among the aliases of all patients
 *       ({@code Patient/id}, bundle fullUrl, {@code Patient?identifier=…}); no match is
 *       SUBJECT_NOT_FOUND, a match to several patients is AMBIGUOUS_SUBJECT.</li>
 * </ol>
 */
final class ResourceResolution {

    static final String PATIENT_REF = "patientRef";
    private static final String REF = "_ref";
    private static final String SUBJECT = "_subject";
    private static final String MATCHES = "_matches";

    private final Dataset<Row> ranked;
    private final Dataset<Row> winners;
    private final Dataset<Row> duplicates;
    private final Dataset<Row> clinicalLookedUp;
    private final Dataset<Row> libraryRejects;
    private final String[] recordColumns;

    private ResourceResolution(Dataset<ExtractedRecord> records) {
        this.recordColumns = records.columns();
        Column events0 = element_at(col("events"), 1);
        Dataset<Row> accepted = records.filter(col("outcome").equalTo(ExtractedRecord.ACCEPTED))
                .withColumn(REF, coalesce(col("patient.sourceRef"), col("encounter.sourceRef"), events0.getField("sourceRef")))
                .withColumn("_lastUpdated", coalesce(col("patient.lastUpdated"), col("encounter.lastUpdated"),
                        events0.getField("lastUpdated")))
                .withColumn(SUBJECT, coalesce(col("encounter.subjectRef"), events0.getField("subjectRef")));
        WindowSpec newestFirst = Window.partitionBy(REF).orderBy(col("_lastUpdated").desc_nulls_last(),
                col("sourceFile").desc(), col("location").desc_nulls_last());
        this.ranked = accepted.withColumn("_rank", row_number().over(newestFirst))
                .persist(StorageLevel.MEMORY_AND_DISK());
        this.winners = ranked.filter(col("_rank").equalTo(1));
        this.duplicates = ranked.filter(col("_rank").gt(1));

        Dataset<Row> aliases = winners.filter(col("patient").isNotNull())
                .select(explode(col("patient.aliases")).as("alias"), col("patient.sourceRef").as(PATIENT_REF))
                .distinct()
                .groupBy("alias")
                .agg(count(lit(1)).as(MATCHES), min(PATIENT_REF).as(PATIENT_REF));
        Dataset<Row> clinical = winners.filter(col("patient").isNull());
        this.clinicalLookedUp = clinical.join(aliases, clinical.col(SUBJECT).equalTo(aliases.col("alias")), "left");
        this.libraryRejects = records.filter(col("outcome").equalTo(ExtractedRecord.REJECTED)).select(rejectColumns(
                col("reject.sourceFile"), col("reject.location"), col("reject.resourceType"),
                col("reject.resourceId"), col("reject.reason"), col("reject.message")));
    }

    static ResourceResolution of(Dataset<ExtractedRecord> records) {
        return new ResourceResolution(records);
    }

    Dataset<PatientRecord> patients() {
        return winners.filter(col("patient").isNotNull()).select("patient.*").as(Encoders.bean(PatientRecord.class));
    }

    /** Clinical records whose subject resolved to exactly one patient, with that patient's source reference. */
    Dataset<Row> resolvedClinical() {
        return clinicalLookedUp.filter(col(MATCHES).equalTo(1));
    }

    JavaPairRDD<String, ExtractedRecord> resolvedClinicalByPatient() {
        Column record = struct(Arrays.stream(recordColumns).map(c -> col(c)).toArray(Column[]::new));
        return resolvedClinical().select(col(PATIENT_REF).as("_1"), record.as("_2"))
                .as(Encoders.tuple(Encoders.STRING(), Encoders.bean(ExtractedRecord.class)))
                .toJavaRDD()
                .mapToPair(t -> t);
    }

    /** Rejects raised while reading plus those raised here; one row per rejected resource, file or line. */
    Dataset<Row> rejects() {
        return libraryRejects.unionByName(stageRejects());
    }

    /** The rejects raised here, after the reader had accepted the resource. */
    private Dataset<Row> stageRejects() {
        Column unresolvedReason = when(col(MATCHES).isNull(), lit(RejectReason.SUBJECT_NOT_FOUND.name()))
                .otherwise(lit(RejectReason.AMBIGUOUS_SUBJECT.name()));
        Column unresolvedMessage = when(col(MATCHES).isNull(), lit("the subject reference matches no Patient in the input"))
                .otherwise(lit("the subject reference matches more than one Patient"));
        Dataset<Row> unresolved = clinicalLookedUp.filter(col(MATCHES).isNull().or(col(MATCHES).gt(1)))
                .select(rejectColumns(col("sourceFile"), col("location"), col("resourceType"),
                        substring_index(col(REF), "/", -1), unresolvedReason, unresolvedMessage));
        Dataset<Row> duplicated = duplicates.select(rejectColumns(col("sourceFile"), col("location"),
                col("resourceType"), substring_index(col(REF), "/", -1), lit(RejectReason.DUPLICATE_RESOURCE.name()),
                lit("another version of this resource was kept (newest meta.lastUpdated, then last in file order)")));
        return unresolved.unionByName(duplicated);
    }

    void release() {
        ranked.unpersist();
    }

    private static Column[] rejectColumns(Column sourceFile, Column location, Column resourceType, Column resourceId,
                                          Column reason, Column message) {
        return new Column[]{sourceFile.as("sourceFile"), location.as("location"), resourceType.as("resourceType"),
                resourceId.as("resourceId"), reason.as("reason"), message.as("message")};
    }
}
