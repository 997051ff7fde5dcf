package io.longitude.jobs.ingest;

import io.longitude.warehouse.Warehouse;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.util.Arrays;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.size;

/**
 * Writes ingest's Parquet tables. {@code visit_sequences} is the table of record; {@code patients},
 * {@code encounters} and {@code events} are flat projections of it, so they can never disagree with it.
 */
final class IngestTables {

    private IngestTables() {
    }

    private static final String[] VISIT_SEQUENCE_COLUMNS = {"patientKey", "schemaVersion", "birthDate", "gender",
            "deceased", "deathTime", "visits", "eventsWithoutVisit", "attachedByReference", "attachedByTime", "unattached"};

    /** The columns of {@code visit_sequences}, in table order. */
    static Column[] visitSequenceColumns() {
        return Arrays.stream(VISIT_SEQUENCE_COLUMNS).map(c -> col(c)).toArray(Column[]::new);
    }

    /**
     * Rows rebuilt from {@code VisitSequence} beans and rows carried over from the previous table alike,
     * hash-partitioned by patient and sorted within files. No partition count is given, so adaptive query
     * execution may coalesce the shuffle: a small input is not written as {@code spark.sql.shuffle.partitions}
     * tiny files.
     */
    static void writeVisitSequences(Dataset<Row> sequences, Warehouse warehouse) {
        Dataset<Row> ordered = sequences.select(visitSequenceColumns())
                .repartition(col("patientKey"))
                .sortWithinPartitions("patientKey");
        write(ordered, warehouse.table(Warehouse.VISIT_SEQUENCES));
    }

    static void writeFlatTables(SparkSession spark, Warehouse warehouse) {
        Dataset<Row> sequences = spark.read().parquet(warehouse.table(Warehouse.VISIT_SEQUENCES));
        write(sequences.select(col("patientKey"), col("birthDate"), col("gender"), col("deceased"), col("deathTime"),
                size(col("visits")).as("visitCount")), warehouse.table(Warehouse.PATIENTS));

        Dataset<Row> visits = sequences.select(col("patientKey"), posexplode(col("visits")).as(new String[]{"visitIndex", "visit"}));
        write(visits.select(col("patientKey"), col("visitIndex"), col("visit.encounterKey"), col("visit.status"),
                col("visit.classSystem"), col("visit.classCode"), col("visit.typeCodes"), col("visit.start"),
                col("visit.end"), col("visit.dischargeDisposition"), col("visit.reasonCodes"),
                size(col("visit.events")).as("eventCount")), warehouse.table(Warehouse.ENCOUNTERS));

        Dataset<Row> attached = visits.select(col("patientKey"), col("visit.encounterKey"),
                explode(col("visit.events")).as("event"));
        Dataset<Row> unattached = sequences.select(col("patientKey"), lit(null).cast("string").as("encounterKey"),
                explode(col("eventsWithoutVisit")).as("event"));
        write(attached.unionByName(unattached).select(col("patientKey"), col("encounterKey"), col("event.kind"),
                col("event.time"), col("event.endTime"), col("event.codeSystem"), col("event.code"),
                col("event.value"), col("event.unit"), col("event.valueCode")), warehouse.table(Warehouse.EVENTS));
    }

    static void write(Dataset<Row> table, String path) {
        table.write().mode(SaveMode.Overwrite).parquet(path);
    }

}
