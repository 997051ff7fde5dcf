package io.longitude.jobs;

import io.longitude.models.evaluation.RankedScores;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;

import static io.longitude.models.registry.PredictionTable.LABEL;
import static io.longitude.models.registry.PredictionTable.SCORE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

/**
 * AUROC of (score, label) rows: the executors count samples per (score, label), and {@link RankedScores}
 * computes the AUROC over those counts as weights — the same statistic, ties included, as on the samples
 * themselves. NaN when one class is absent. Shared by training (validation AUROC) and the backtest.
 */
public final class DistributedAuroc {

    private DistributedAuroc() {
    }

    public static double of(Dataset<Row> scoredAndLabelled) {
        List<Row> counts = scoredAndLabelled.groupBy(col(SCORE), col(LABEL)).agg(count(lit(1))).collectAsList();
        double[] scores = new double[counts.size()];
        int[] labels = new int[counts.size()];
        double[] weights = new double[counts.size()];
        for (int i = 0; i < counts.size(); i++) {
            Row r = counts.get(i);
            scores[i] = r.getDouble(0);
            labels[i] = ((Number) r.get(1)).intValue();
            weights[i] = r.getLong(2);
        }
        return new RankedScores(scores, labels).auroc(weights);
    }
}
