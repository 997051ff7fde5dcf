package io.longitude.jobs;

import io.longitude.config.BadInputException;
import io.longitude.fhir.VisitSequence;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.sql.Timestamp;
import java.time.Instant;

import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.max;

/** How far the warehouse's data reaches, computed by Spark over {@code visit_sequences}. */
public final class WarehouseTimes {

    private WarehouseTimes() {
    }

    /** The latest encounter end (or start, when the end is unknown): where cohorts' follow-up ends. */
    public static Instant dataEnd(Dataset<VisitSequence> sequences) {
        return instant(sequences.select(explode(col("visits")).as("v"))
                .agg(max(coalesce(col("v.end"), col("v.start")))).first(), "build a cohort from");
    }

    /** The newest time anything happened: a visit's start or end, or an event's time (scoring's default as-of). */
    public static Instant newestEventTime(Dataset<VisitSequence> sequences) {
        return instant(sequences.select(explode(col("visits")).as("v"))
                .select(greatest(col("v.start"), coalesce(col("v.end"), col("v.start")),
                        array_max(col("v.events.time"))).as("t"))
                .agg(max(col("t"))).first(), "score as of");
    }

    private static Instant instant(Row row, String what) {
        if (row.isNullAt(0)) {
            throw new BadInputException("the warehouse holds no encounter with a time: nothing to " + what);
        }
        Object time = row.get(0);
        return time instanceof Instant instant ? instant : ((Timestamp) time).toInstant();
    }
}
