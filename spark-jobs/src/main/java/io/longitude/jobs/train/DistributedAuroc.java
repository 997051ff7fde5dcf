package io.longitude.jobs.train;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;

/** AUROC of (score, label) rows computed by Spark MLlib on the executors; NaN when one class is absent. */
final class DistributedAuroc {

    private DistributedAuroc() {
    }

    static double of(Dataset<Row> scoredAndLabelled) {
        Row counts = scoredAndLabelled.agg(count(col("label")), sum(col("label"))).first();
        long total = counts.getLong(0);
        long positives = counts.isNullAt(1) ? 0 : counts.getLong(1);
        if (positives == 0 || positives == total) {
            return Double.NaN;
        }
        JavaRDD<Tuple2<Object, Object>> pairs = scoredAndLabelled.select("score", "label").toJavaRDD()
                .map(r -> new Tuple2<>(r.getDouble(0), (double) r.getInt(1)));
        return new BinaryClassificationMetrics(pairs.rdd()).areaUnderROC();
    }
}
