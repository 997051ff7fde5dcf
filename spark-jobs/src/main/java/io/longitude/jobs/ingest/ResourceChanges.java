package io.longitude.jobs.ingest;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.longitude.jobs.ingest.ResourceResolution.PATIENT_REF;
import static io.longitude.jobs.ingest.ResourceResolution.RESOURCE_REF;
import static io.longitude.jobs.ingest.ResourceResolution.RUN_ID;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

/**
 * What a run changed, per resource (type/id), comparing the current versions before and after it by
 * which record they are (run, file, position): added, replaced, deleted or unchanged. The patients to
 * rebuild are those owning (before or after) a resource that changed, plus those whose records resolve
 * differently (a new Patient alias can resolve a record that matched nobody before, or make it ambiguous).
 * Only keys are compared: no payload is shuffled. The comparison (one row per resource) is kept on disk, not in memory;
 * without a previous snapshot there is nothing to compare and every resource is added.
 */
final class ResourceChanges {

    private static final String CHANGE = "_change";
    private final Dataset<Row> compared;

    private ResourceChanges(Dataset<Row> compared) {
        this.compared = compared;
    }

    /**
     * @param before the previous current versions ({@code state/resources} where {@code current}), or null when
     *               there is no previous snapshot to carry patients over from
     * @param after  {@link ResourceResolution#current()}
     */
    static ResourceChanges between(Dataset<Row> before, Dataset<Row> after) {
        Dataset<Row> a = keys(after, "a");
        if (before == null) {
            // Every resource is new: no join, and nothing worth keeping on disk (the keys are one narrow Parquet read).
            return new ResourceChanges(a.withColumn("bPatient", lit(null).cast("string")).withColumn(CHANGE, lit("added")));
        }
        Dataset<Row> b = keys(before, "b");
        Column change = when(col("bRef").isNull(), lit("added"))
                .when(col("aRef").isNull(), lit("deleted"))
                .when(not(col("bVersion").eqNullSafe(col("aVersion"))), lit("replaced"))
                .otherwise(lit("unchanged"));
        Dataset<Row> compared = b.join(a, b.col("bRef").equalTo(a.col("aRef")), "full_outer")
                .withColumn(CHANGE, change)
                .persist(StorageLevel.DISK_ONLY());
        return new ResourceChanges(compared);
    }

    /** Resources added, replaced, deleted and unchanged by this run. */
    Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String change : new String[]{"added", "replaced", "deleted", "unchanged"}) {
            counts.put(change, 0L);
        }
        for (Row r : compared.groupBy(CHANGE).count().collectAsList()) {
            counts.put(r.getString(0), r.getLong(1));
        }
        return counts;
    }

    /** The patients ({@link ResourceResolution#PATIENT_REF}) whose visit sequences must be rebuilt. */
    Dataset<Row> changedPatients() {
        Dataset<Row> touched = compared.filter(col(CHANGE).notEqual("unchanged")
                .or(not(col("bPatient").eqNullSafe(col("aPatient")))));
        return touched.select(col("bPatient").as(PATIENT_REF))
                .union(touched.select(col("aPatient").as(PATIENT_REF)))
                .filter(col(PATIENT_REF).isNotNull())
                .distinct();
    }

    void release() {
        compared.unpersist();
    }

    private static Dataset<Row> keys(Dataset<Row> current, String side) {
        return current.select(col(RESOURCE_REF).as(side + "Ref"),
                struct(col(RUN_ID), col("sourceFile"), col("location")).as(side + "Version"),
                col(PATIENT_REF).as(side + "Patient"));
    }
}
