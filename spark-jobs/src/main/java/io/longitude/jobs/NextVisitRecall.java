package io.longitude.jobs;

import io.longitude.models.evaluation.RecallAtK;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static io.longitude.models.registry.PredictionTable.PREDICTED_CODES;
import static io.longitude.models.registry.PredictionTable.TRUE_CODES;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.array_intersect;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;

/**
 * {@link RecallAtK} as Spark column expressions over next-visit prediction rows, so hits are counted where the
 * rows are and only aggregates or small per-visit counts travel: the train job's validation recall@k and the
 * evaluate job's per-visit hits.
 */
public final class NextVisitRecall {

    private NextVisitRecall() {
    }

    /** Hits among the top {@code k} predicted codes of a row ({@link RecallAtK#hits}). */
    public static Column hits(int k) {
        return size(array_intersect(slice(col(PREDICTED_CODES), 1, k), col(TRUE_CODES)));
    }

    /** The number of distinct codes of the next visit ({@link RecallAtK#distinct}). */
    public static Column trueCodes() {
        return size(array_distinct(col(TRUE_CODES)));
    }

    /** Mean recall@k over the rows whose next visit has at least one code; NaN if none has. */
    public static double mean(Dataset<Row> predictions, int k) {
        Row r = predictions.filter(trueCodes().gt(0)).agg(avg(hits(k).divide(trueCodes()))).first();
        return r.isNullAt(0) ? Double.NaN : r.getDouble(0);
    }
}
