package io.longitude.jobs.ingest;

import io.longitude.fhir.EncounterFacts;
import io.longitude.fhir.EventFacts;
import io.longitude.fhir.PatientFacts;
import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitSequence;
import io.longitude.warehouse.Warehouse;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

    private static final String[] VISIT_SEQUENCE_COLUMNS = {VisitSequence.PATIENT_KEY, VisitSequence.SCHEMA_VERSION_COLUMN,
            PatientFacts.BIRTH_DATE, PatientFacts.GENDER, PatientFacts.DECEASED, PatientFacts.DEATH_TIME,
            VisitSequence.VISITS, VisitSequence.EVENTS_WITHOUT_VISIT, VisitSequence.ATTACHED_BY_REFERENCE,
            VisitSequence.ATTACHED_BY_TIME, VisitSequence.UNATTACHED};
    private static final String[] ENCOUNTER_FACTS = {EncounterFacts.STATUS, EncounterFacts.CLASS_SYSTEM,
            EncounterFacts.CLASS_CODE, EncounterFacts.TYPE_CODES, EncounterFacts.START, EncounterFacts.END,
            EncounterFacts.DISCHARGE_DISPOSITION, EncounterFacts.REASON_CODES};
    private static final String[] EVENT_FACTS = {EventFacts.KIND, EventFacts.TIME, EventFacts.END_TIME,
            EventFacts.CODE_SYSTEM, EventFacts.CODE, EventFacts.VALUE, EventFacts.UNIT, EventFacts.VALUE_CODE};

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
                .repartition(col(VisitSequence.PATIENT_KEY))
                .sortWithinPartitions(VisitSequence.PATIENT_KEY);
        write(ordered, warehouse.table(Warehouse.VISIT_SEQUENCES));
    }

    static void writeFlatTables(SparkSession spark, Warehouse warehouse) {
        Column patientKey = col(VisitSequence.PATIENT_KEY);
        Dataset<Row> sequences = spark.read().parquet(warehouse.table(Warehouse.VISIT_SEQUENCES));
        write(sequences.select(patientKey, col(PatientFacts.BIRTH_DATE), col(PatientFacts.GENDER),
                col(PatientFacts.DECEASED), col(PatientFacts.DEATH_TIME),
                size(col(VisitSequence.VISITS)).as("visitCount")), warehouse.table(Warehouse.PATIENTS));

        Dataset<Row> visits = sequences.select(patientKey,
                posexplode(col(VisitSequence.VISITS)).as(new String[]{"visitIndex", "visit"}));
        List<Column> encounterColumns = new ArrayList<>(List.of(patientKey, col("visitIndex"),
                field("visit", Visit.ENCOUNTER_KEY)));
        Arrays.stream(ENCOUNTER_FACTS).map(f -> field("visit", f)).forEach(encounterColumns::add);
        encounterColumns.add(size(field("visit", Visit.EVENTS)).as("eventCount"));
        write(visits.select(encounterColumns.toArray(Column[]::new)), warehouse.table(Warehouse.ENCOUNTERS));

        Dataset<Row> attached = visits.select(patientKey, field("visit", Visit.ENCOUNTER_KEY),
                explode(field("visit", Visit.EVENTS)).as("event"));
        Dataset<Row> unattached = sequences.select(patientKey, lit(null).cast("string").as(Visit.ENCOUNTER_KEY),
                explode(col(VisitSequence.EVENTS_WITHOUT_VISIT)).as("event"));
        List<Column> eventColumns = new ArrayList<>(List.of(patientKey, col(Visit.ENCOUNTER_KEY)));
        Arrays.stream(EVENT_FACTS).map(f -> field("event", f)).forEach(eventColumns::add);
        write(attached.unionByName(unattached).select(eventColumns.toArray(Column[]::new)),
                warehouse.table(Warehouse.EVENTS));
    }

    /** A field of a struct column, named as the field (as {@code select("struct.field")} names it). */
    private static Column field(String struct, String name) {
        return col(struct + "." + name);
    }

    static void write(Dataset<Row> table, String path) {
        table.write().mode(SaveMode.Overwrite).parquet(path);
    }

}
