package io.longitude.jobs.ingest;

import io.longitude.fhir.ExtractedRecord;
import io.longitude.fhir.PatientRecord;
import io.longitude.fhir.RejectReason;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.KeyValueGroupedDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.when;

/**
 * The cross-file part of ingest, done with joins rather than on the driver, over every record in the
 * ingest state (the files read by this run and by earlier ones), each tagged with the run that read it:
 * <ol>
 *   <li>a DELETE removes every version of its resource read by the same or an earlier run (so a delete
 *       wins over a version read in the same run); a version read by a later run re-creates it;</li>
 *   <li>one version per remaining resource (type/id): the latest {@code meta.lastUpdated}, then the latest
 *       run, then the last in (file, position) order; the others are rejected as DUPLICATE_RESOURCE;</li>
 *   <li>each clinical resource's subject reference is looked up among the aliases of all patients
 *       ({@code Patient/id}, bundle fullUrl, {@code Patient?identifier=…}); no match is
 *       SUBJECT_NOT_FOUND, a match to several patients is AMBIGUOUS_SUBJECT. Unresolved records stay in
 *       the state, so a Patient read by a later run resolves them.</li>
 * </ol>
 */
final class ResourceResolution {

    /** State columns beside the record's own: the run that read it, its {@code Type/id}, and after resolution
     * whether it is the resource's current version and the patient it belongs to. */
    static final String RUN_ID = "runId";
    static final String RESOURCE_REF = "resourceRef";
    static final String CURRENT = "current";
    static final String PATIENT_REF = "patientRef";
    private static final String SUBJECT = "_subject";
    private static final String LAST_UPDATED = "_lastUpdated";
    private static final String MATCHES = "_matches";
    private static final String DELETED_IN = "_deletedIn";
    private static final String RANK = "_rank";
    private static final String[] RECORD_COLUMNS = Encoders.bean(ExtractedRecord.class).schema().fieldNames();

    private final Dataset<Row> state;
    private final String[] stateColumns;
    private final Dataset<Row> removedByDelete;
    private final Dataset<Row> ranked;
    private final Dataset<Row> duplicates;
    private final Dataset<Row> clinicalLookedUp;
    private final Dataset<Row> current;

    private ResourceResolution(Dataset<Row> state) {
        this.state = state;
        this.stateColumns = state.columns();
        Column events0 = element_at(col("events"), 1);
        Dataset<Row> deletes = state.filter(col("outcome").equalTo(ExtractedRecord.DELETE))
                .groupBy(col(RESOURCE_REF).as("_deletedRef"))
                .agg(max(RUN_ID).as(DELETED_IN));
        Dataset<Row> versions = state.filter(col("outcome").equalTo(ExtractedRecord.ACCEPTED))
                .withColumn(LAST_UPDATED, coalesce(col("patient.lastUpdated"), col("encounter.lastUpdated"),
                        events0.getField("lastUpdated")))
                .withColumn(SUBJECT, coalesce(col("encounter.subjectRef"), events0.getField("subjectRef")));
        versions = versions.join(deletes, versions.col(RESOURCE_REF).equalTo(deletes.col("_deletedRef")), "left")
                .drop("_deletedRef");
        Column removed = col(DELETED_IN).isNotNull().and(col(RUN_ID).leq(col(DELETED_IN)));
        this.removedByDelete = versions.filter(removed);
        WindowSpec newestFirst = Window.partitionBy(RESOURCE_REF).orderBy(col(LAST_UPDATED).desc_nulls_last(),
                col(RUN_ID).desc(), col("sourceFile").desc(), col("location").desc_nulls_last());
        this.ranked = versions.filter(not(removed)).withColumn(RANK, row_number().over(newestFirst))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> winners = ranked.filter(col(RANK).equalTo(1));
        this.duplicates = ranked.filter(col(RANK).gt(1));

        Dataset<Row> aliases = winners.filter(col("patient").isNotNull())
                .select(explode(col("patient.aliases")).as("alias"), col("patient.sourceRef").as(PATIENT_REF))
                .distinct()
                .groupBy("alias")
                .agg(count(lit(1)).as(MATCHES), min(PATIENT_REF).as(PATIENT_REF));
        Dataset<Row> clinical = winners.filter(col("patient").isNull());
        this.clinicalLookedUp = clinical.join(aliases, clinical.col(SUBJECT).equalTo(aliases.col("alias")), "left");
        Dataset<Row> currentPatients = winners.filter(col("patient").isNotNull())
                .select(withColumns(col("patient.sourceRef").as(PATIENT_REF)));
        Dataset<Row> currentClinical = clinicalLookedUp
                .select(withColumns(when(col(MATCHES).equalTo(1), col(PATIENT_REF)).as(PATIENT_REF)));
        this.current = currentPatients.unionByName(currentClinical).persist(StorageLevel.MEMORY_AND_DISK());
    }

    /**
     * Resolves the state's records: the record columns of {@link ExtractedRecord}, {@link #RUN_ID} and
     * {@link #RESOURCE_REF}.
     */
    static ResourceResolution of(Dataset<Row> state) {
        return new ResourceResolution(state);
    }

    /** Freshly read records as state rows: tagged with the run and keyed by {@code Type/id} (null for rejects). */
    static Dataset<Row> stateRows(Dataset<Row> records, String runId) {
        Column events0 = element_at(col("events"), 1);
        return records.select(Stream.concat(Arrays.stream(RECORD_COLUMNS).map(c -> col(c)), Stream.of(
                lit(runId).as(RUN_ID), coalesce(col("patient.sourceRef"), col("encounter.sourceRef"),
                        events0.getField("sourceRef"), col("deletedRef")).as(RESOURCE_REF))).toArray(Column[]::new));
    }

    /** The current version of every resource, with {@link #PATIENT_REF}: a patient's own reference, the
     * resolved patient of a clinical record, null when it did not resolve. */
    Dataset<Row> current() {
        return current;
    }

    Dataset<PatientRecord> patients() {
        return current.filter(col("patient").isNotNull()).select("patient.*").as(Encoders.bean(PatientRecord.class));
    }

    /** Clinical records whose subject resolved to exactly one patient, with that patient's {@link #PATIENT_REF}. */
    Dataset<Row> resolvedClinical() {
        return current.filter(col("patient").isNull().and(col(PATIENT_REF).isNotNull()));
    }

    /** The resolved clinical records of the given patients ({@link #PATIENT_REF} column), grouped by patient. */
    KeyValueGroupedDataset<String, Tuple2<String, ExtractedRecord>> resolvedClinicalByPatient(Dataset<Row> patients) {
        Column record = struct(Arrays.stream(RECORD_COLUMNS).map(c -> col(c)).toArray(Column[]::new));
        Dataset<Row> clinical = resolvedClinical();
        return clinical.join(patients, clinical.col(PATIENT_REF).equalTo(patients.col(PATIENT_REF)), "left_semi")
                .select(col(PATIENT_REF).as("_1"), record.as("_2"))
                .as(Encoders.tuple(Encoders.STRING(), Encoders.bean(ExtractedRecord.class)))
                .groupByKey((MapFunction<Tuple2<String, ExtractedRecord>, String>) Tuple2::_1, Encoders.STRING());
    }

    /**
     * The ingest state after this run: every record with {@link #CURRENT} and {@link #PATIENT_REF} — current
     * versions, superseded ones (kept so that a rewritten file can bring an older version back), versions a
     * delete removed, the deletes themselves and read-level rejects.
     */
    Dataset<Row> nextState() {
        Column notCurrent = lit(false).as(CURRENT);
        Column noPatient = lit(null).cast("string").as(PATIENT_REF);
        return current.select(withColumns(lit(true).as(CURRENT), col(PATIENT_REF)))
                .unionByName(duplicates.select(withColumns(notCurrent, noPatient)))
                .unionByName(removedByDelete.select(withColumns(notCurrent, noPatient)))
                .unionByName(state.filter(not(col("outcome").equalTo(ExtractedRecord.ACCEPTED)))
                        .select(withColumns(notCurrent, noPatient)));
    }

    /** Rejects raised while reading plus those raised here; one row per rejected resource, file or line. */
    Dataset<Row> rejects() {
        Dataset<Row> libraryRejects = state.filter(col("outcome").equalTo(ExtractedRecord.REJECTED)).select(rejectColumns(
                col("reject.sourceFile"), col("reject.location"), col("reject.resourceType"),
                col("reject.resourceId"), col("reject.reason"), col("reject.message")));
        return libraryRejects.unionByName(stageRejects(lit(true)));
    }

    /** The rejects raised here, after the reader had accepted the resource, among the records read by a run. */
    Dataset<Row> stageRejectsOf(String runId) {
        return stageRejects(col(RUN_ID).equalTo(runId));
    }

    /** Versions read by a run that a delete removed. */
    Dataset<Row> removedByDeleteOf(String runId) {
        return removedByDelete.filter(col(RUN_ID).equalTo(runId));
    }

    void release() {
        ranked.unpersist();
        current.unpersist();
    }

    private Dataset<Row> stageRejects(Column which) {
        Column unresolvedReason = when(col(MATCHES).isNull(), lit(RejectReason.SUBJECT_NOT_FOUND.name()))
                .otherwise(lit(RejectReason.AMBIGUOUS_SUBJECT.name()));
        Column unresolvedMessage = when(col(MATCHES).isNull(), lit("the subject reference matches no Patient in the input"))
                .otherwise(lit("the subject reference matches more than one Patient"));
        Dataset<Row> unresolved = clinicalLookedUp.filter(which.and(col(MATCHES).isNull().or(col(MATCHES).gt(1))))
                .select(rejectColumns(col("sourceFile"), col("location"), col("resourceType"),
                        substring_index(col(RESOURCE_REF), "/", -1), unresolvedReason, unresolvedMessage));
        Dataset<Row> duplicated = duplicates.filter(which).select(rejectColumns(col("sourceFile"), col("location"),
                col("resourceType"), substring_index(col(RESOURCE_REF), "/", -1), lit(RejectReason.DUPLICATE_RESOURCE.name()),
                lit("another version of this resource was kept (newest meta.lastUpdated, then latest run, then last in file order)")));
        return unresolved.unionByName(duplicated);
    }

    private Column[] withColumns(Column... extra) {
        return Stream.concat(Arrays.stream(stateColumns).map(c -> col(c)), Arrays.stream(extra)).toArray(Column[]::new);
    }

    private static Column[] rejectColumns(Column sourceFile, Column location, Column resourceType, Column resourceId,
                                          Column reason, Column message) {
        return new Column[]{sourceFile.as("sourceFile"), location.as("location"), resourceType.as("resourceType"),
                resourceId.as("resourceId"), reason.as("reason"), message.as("message")};
    }
}
