package io.longitude.jobs.ingest;

import io.longitude.fhir.ExtractedRecord;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.row_number;

/**
 * The warehouse's {@code codes} table: one row per coding ({@code codeSystem}, {@code code}, the columns
 * {@code events} names codes by) with its {@code display}. A code seen with several displays gets the one it was
 * seen with most often; a tie goes to the display that sorts first. Built by distributed aggregation: nothing
 * per record reaches the driver, and display text (free text) is never logged.
 */
final class CodeDisplays {

    static final String CODE_SYSTEM = "codeSystem";
    static final String CODE = "code";
    static final String DISPLAY = "display";
    static final StructType CODING = new StructType()
            .add(CODE_SYSTEM, DataTypes.StringType)
            .add(CODE, DataTypes.StringType)
            .add(DISPLAY, DataTypes.StringType);
    private static final String SEEN = "_seen";

    private CodeDisplays() {
    }

    /**
     * From the ingest state ({@link StateRecords#SCHEMA}): the displays of the current versions in {@code current}
     * whose patient resolved ({@link ResourceResolution#current()}), one count per coding of a record.
     */
    static Dataset<Row> ofState(Dataset<Row> state, Dataset<Row> current) {
        Dataset<Row> codings = state.filter(col(StateRecords.OUTCOME).equalTo(ExtractedRecord.ACCEPTED)
                        .and(col(StateRecords.CODINGS).isNotNull()))
                .select(col(StateRecords.RESOURCE_REF), col(StateRecords.RUN_ID), col(StateRecords.SOURCE_FILE),
                        col(StateRecords.LOCATION), explode(col(StateRecords.CODINGS)).as("_coding"));
        Dataset<Row> kept = current.filter(col(ResourceResolution.PATIENT_REF).isNotNull());
        Column sameVersion = codings.col(StateRecords.RESOURCE_REF).equalTo(kept.col(StateRecords.RESOURCE_REF))
                .and(codings.col(StateRecords.RUN_ID).equalTo(kept.col(StateRecords.RUN_ID)))
                .and(codings.col(StateRecords.SOURCE_FILE).eqNullSafe(kept.col(StateRecords.SOURCE_FILE)))
                .and(codings.col(StateRecords.LOCATION).eqNullSafe(kept.col(StateRecords.LOCATION)));
        return mostFrequent(codings.join(kept, sameVersion, "left_semi")
                .select(col("_coding." + CODE_SYSTEM), col("_coding." + CODE), col("_coding." + DISPLAY)));
    }

    /** One row per ({@code codeSystem}, {@code code}) of {@code seen} (one row per sighting), its most frequent display. */
    static Dataset<Row> mostFrequent(Dataset<Row> seen) {
        return seen.filter(col(CODE).isNotNull().and(col(DISPLAY).isNotNull()))
                .groupBy(CODE_SYSTEM, CODE, DISPLAY).count().withColumnRenamed("count", SEEN)
                .withColumn("_rank", row_number().over(Window.partitionBy(CODE_SYSTEM, CODE)
                        .orderBy(col(SEEN).desc(), col(DISPLAY).asc())))
                .filter(col("_rank").equalTo(1))
                .select(CODE_SYSTEM, CODE, DISPLAY);
    }
}
