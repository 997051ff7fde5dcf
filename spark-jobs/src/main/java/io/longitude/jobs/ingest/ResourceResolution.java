package io.longitude.jobs.ingest;

import io.longitude.fhir.ExtractedRecord;
import io.longitude.fhir.RejectReason;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;

import static io.longitude.jobs.ingest.StateRecords.ALIASES;
import static io.longitude.jobs.ingest.StateRecords.LAST_UPDATED;
import static io.longitude.jobs.ingest.StateRecords.LOCATION;
import static io.longitude.jobs.ingest.StateRecords.OUTCOME;
import static io.longitude.jobs.ingest.StateRecords.PAYLOAD;
import static io.longitude.jobs.ingest.StateRecords.RESOURCE_TYPE;
import static io.longitude.jobs.ingest.StateRecords.SOURCE_FILE;
import static io.longitude.jobs.ingest.StateRecords.SUBJECT_REF;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.when;

/**
 * The cross-file part of ingest, done with joins rather than on the driver, over every record in the
 * ingest state (the files read by this run and by earlier ones, {@link StateRecords}), each tagged with the run
 * that read it:
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
 * All of it runs over the records' keys: the payloads are read once, by {@link #recordsOfPatients}, and shuffled
 * once, into the per-patient rebuild. Nothing that grows with the export is cached in memory: the ranked keys are
 * kept on disk and the current versions are written to {@code state/current} and read back.
 */
final class ResourceResolution {

    /** Columns of {@code state/current} beside the record keys: the run that read it, its {@code Type/id}, and
     * the patient it belongs to. */
    static final String RUN_ID = StateRecords.RUN_ID;
    static final String RESOURCE_REF = StateRecords.RESOURCE_REF;
    static final String PATIENT_REF = "patientRef";
    /** In {@link #recordsOfPatients}: 0 for the key of a current version, 1 for a record's payload. */
    static final String ROW_KIND = "_kind";
    static final String[] CURRENT_COLUMNS = {RESOURCE_TYPE, SOURCE_FILE, LOCATION, RESOURCE_REF, RUN_ID, PATIENT_REF};
    private static final String[] VERSION_COLUMNS = {RESOURCE_TYPE, SOURCE_FILE, LOCATION, RESOURCE_REF, RUN_ID,
            LAST_UPDATED, SUBJECT_REF, ALIASES};
    private static final String PATIENT = "Patient";
    private static final String MATCHES = "_matches";
    private static final String DELETED_IN = "_deletedIn";
    private static final String RANK = "_rank";

    private final Dataset<Row> state;
    private final Dataset<Row> removedByDelete;
    private final Dataset<Row> ranked;
    private final Dataset<Row> duplicates;
    private final Dataset<Row> aliases;
    private final Dataset<Row> clinicalLookedUp;
    private final Dataset<Row> current;

    private ResourceResolution(SparkSession spark, Dataset<Row> state, String currentPath) {
        this.state = state;
        Dataset<Row> deletes = state.filter(col(OUTCOME).equalTo(ExtractedRecord.DELETE))
                .groupBy(col(RESOURCE_REF).as("_deletedRef"))
                .agg(max(RUN_ID).as(DELETED_IN));
        Dataset<Row> accepted = state.filter(col(OUTCOME).equalTo(ExtractedRecord.ACCEPTED));
        Dataset<Row> versions = accepted.select(columns(VERSION_COLUMNS));
        versions = versions.join(deletes, versions.col(RESOURCE_REF).equalTo(deletes.col("_deletedRef")), "left")
                .drop("_deletedRef");
        Column removed = col(DELETED_IN).isNotNull().and(col(RUN_ID).leq(col(DELETED_IN)));
        this.removedByDelete = versions.filter(removed);
        WindowSpec newestFirst = Window.partitionBy(RESOURCE_REF).orderBy(col(LAST_UPDATED).desc_nulls_last(),
                col(RUN_ID).desc(), col(SOURCE_FILE).desc(), col(LOCATION).desc_nulls_last());
        this.ranked = versions.filter(not(removed)).withColumn(RANK, row_number().over(newestFirst))
                .persist(StorageLevel.DISK_ONLY());
        Dataset<Row> winners = ranked.filter(col(RANK).equalTo(1));
        this.duplicates = ranked.filter(col(RANK).gt(1));

        Dataset<Row> winningPatients = winners.filter(col(RESOURCE_TYPE).equalTo(PATIENT));
        this.aliases = winningPatients
                .select(explode(col(ALIASES)).as("alias"), col(RESOURCE_REF).as(PATIENT_REF))
                .distinct()
                .groupBy("alias")
                .agg(count(lit(1)).as(MATCHES), min(PATIENT_REF).as(PATIENT_REF))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> clinical = winners.filter(col(RESOURCE_TYPE).notEqual(PATIENT));
        this.clinicalLookedUp = clinical.join(aliases, clinical.col(SUBJECT_REF).equalTo(aliases.col("alias")), "left");
        Dataset<Row> currentPatients = winningPatients.withColumn(PATIENT_REF, col(RESOURCE_REF));
        Dataset<Row> currentClinical = clinicalLookedUp
                .withColumn("_resolved", when(col(MATCHES).equalTo(1), col(PATIENT_REF)))
                .drop(PATIENT_REF)
                .withColumnRenamed("_resolved", PATIENT_REF);
        currentPatients.select(columns(CURRENT_COLUMNS)).unionByName(currentClinical.select(columns(CURRENT_COLUMNS)))
                .write().mode(SaveMode.Overwrite).parquet(currentPath);
        this.current = spark.read().parquet(currentPath);
    }

    /**
     * Resolves the state's records ({@link StateRecords#SCHEMA}) and writes the current version of every resource
     * to {@code currentPath} ({@link #CURRENT_COLUMNS}).
     */
    static ResourceResolution of(SparkSession spark, Dataset<Row> state, String currentPath) {
        return new ResourceResolution(spark, state, currentPath);
    }

    /** The current version of every resource ({@link #CURRENT_COLUMNS}), with {@link #PATIENT_REF}: a patient's
     * own reference, the resolved patient of a clinical record, null when it did not resolve. */
    Dataset<Row> current() {
        return current;
    }

    /** The current patients' references ({@link #RESOURCE_REF}). */
    Dataset<Row> patients() {
        return current.filter(col(RESOURCE_TYPE).equalTo(PATIENT)).select(RESOURCE_REF);
    }

    /** Current clinical records whose subject resolved to exactly one patient, with that patient's {@link #PATIENT_REF}. */
    Dataset<Row> resolvedClinical() {
        return current.filter(col(RESOURCE_TYPE).notEqual(PATIENT).and(col(PATIENT_REF).isNotNull()));
    }

    /**
     * Everything the rebuild of the given patients needs, partitioned by patient and sorted: for each current
     * version a key row ({@link #ROW_KIND} 0) directly followed by the payload rows of the same record (kind 1,
     * {@link StateRecords#PAYLOAD}); payloads of other versions follow no matching key row. Columns: patient,
     * resource, run, file, location, kind, payload. The payloads cross one shuffle, this one; the patient of
     * a clinical payload is found through the (broadcast) aliases, as the resolution found it.
     *
     * @param patients    the patients to rebuild ({@link #PATIENT_REF}), or null for every patient
     */
    Dataset<Row> recordsOfPatients(Dataset<Row> patients) {
        Dataset<Row> keys = current.filter(col(PATIENT_REF).isNotNull());
        Dataset<Row> accepted = state.filter(col(OUTCOME).equalTo(ExtractedRecord.ACCEPTED))
                .select(RESOURCE_TYPE, SOURCE_FILE, LOCATION, RESOURCE_REF, RUN_ID, SUBJECT_REF, PAYLOAD);
        Dataset<Row> lookup = broadcast(aliases.filter(col(MATCHES).equalTo(1)).select(col("alias"),
                col(PATIENT_REF).as("_aliasPatient")));
        Dataset<Row> payloads = accepted.join(lookup, accepted.col(SUBJECT_REF).equalTo(lookup.col("alias")), "left")
                .withColumn(PATIENT_REF, when(col(RESOURCE_TYPE).equalTo(PATIENT), col(RESOURCE_REF))
                        .otherwise(col("_aliasPatient")))
                .filter(col(PATIENT_REF).isNotNull());
        if (patients != null) {
            Dataset<Row> only = broadcast(patients.select(col(PATIENT_REF).as("_only")));
            keys = keys.join(only, keys.col(PATIENT_REF).equalTo(only.col("_only")), "left_semi");
            payloads = payloads.join(only, payloads.col(PATIENT_REF).equalTo(only.col("_only")), "left_semi");
        }
        Column[] columns = {col(PATIENT_REF), col(RESOURCE_REF), col(RUN_ID), col(SOURCE_FILE), col(LOCATION),
                col(ROW_KIND), col(PAYLOAD)};
        return keys.withColumn(ROW_KIND, lit(0)).withColumn(PAYLOAD, lit(null).cast("binary")).select(columns)
                .unionByName(payloads.withColumn(ROW_KIND, lit(1)).select(columns))
                .repartition(col(PATIENT_REF))
                .sortWithinPartitions(PATIENT_REF, RESOURCE_REF, RUN_ID, SOURCE_FILE, LOCATION, ROW_KIND);
    }

    /** Rejects raised while reading plus those raised here; one row per rejected resource, file or line. */
    Dataset<Row> rejects() {
        Dataset<Row> libraryRejects = state.filter(col(OUTCOME).equalTo(ExtractedRecord.REJECTED)).select(rejectColumns(
                col(SOURCE_FILE), col(LOCATION), col(RESOURCE_TYPE), col(StateRecords.REJECT_RESOURCE_ID),
                col(StateRecords.REJECT_REASON), col(StateRecords.REJECT_MESSAGE)));
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
        aliases.unpersist();
    }

    private Dataset<Row> stageRejects(Column which) {
        Column unresolvedReason = when(col(MATCHES).isNull(), lit(RejectReason.SUBJECT_NOT_FOUND.name()))
                .otherwise(lit(RejectReason.AMBIGUOUS_SUBJECT.name()));
        Column unresolvedMessage = when(col(MATCHES).isNull(), lit("the subject reference matches no Patient in the input"))
                .otherwise(lit("the subject reference matches more than one Patient"));
        Dataset<Row> unresolved = clinicalLookedUp.filter(which.and(col(MATCHES).isNull().or(col(MATCHES).gt(1))))
                .select(rejectColumns(col(SOURCE_FILE), col(LOCATION), col(RESOURCE_TYPE),
                        substring_index(col(RESOURCE_REF), "/", -1), unresolvedReason, unresolvedMessage));
        Dataset<Row> duplicated = duplicates.filter(which).select(rejectColumns(col(SOURCE_FILE), col(LOCATION),
                col(RESOURCE_TYPE), substring_index(col(RESOURCE_REF), "/", -1), lit(RejectReason.DUPLICATE_RESOURCE.name()),
                lit("another version of this resource was kept (newest meta.lastUpdated, then latest run, then last in file order)")));
        return unresolved.unionByName(duplicated);
    }

    private static Column[] columns(String... names) {
        Column[] columns = new Column[names.length];
        for (int i = 0; i < names.length; i++) {
            columns[i] = col(names[i]);
        }
        return columns;
    }

    private static Column[] rejectColumns(Column sourceFile, Column location, Column resourceType, Column resourceId,
                                          Column reason, Column message) {
        return new Column[]{sourceFile.as("sourceFile"), location.as("location"), resourceType.as("resourceType"),
                resourceId.as("resourceId"), reason.as("reason"), message.as("message")};
    }
}
