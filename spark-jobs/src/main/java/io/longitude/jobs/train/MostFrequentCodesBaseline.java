package io.longitude.jobs.train;

import io.longitude.cohort.CohortSample;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.size;

/**
 * The next-visit-dx baseline: the target codes ranked by how many training-split next visits carry them
 * (ties by code), the same list for every visit of every patient; a code's score is that share of next
 * visits. "Next visits" are the visits the network is trained to predict: every visit but the first of
 * the most recent {@code maxVisits}.
 *
 * @param codes       the ranked target codes (at most the configured number of predicted codes)
 * @param frequencies the share of training next visits holding each code, in the same order
 * @param nextVisits  how many training next visits were counted
 */
public record MostFrequentCodesBaseline(List<String> codes, List<Double> frequencies, long nextVisits)
        implements Serializable {

    public static final String NAME = "baseline-most-frequent";

    public MostFrequentCodesBaseline {
        codes = new ArrayList<>(codes);
        frequencies = new ArrayList<>(frequencies);
        if (codes.size() != frequencies.size()) {
            throw new IllegalArgumentException(codes.size() + " codes but " + frequencies.size() + " frequencies");
        }
    }

    /**
     * The share of training next visits that carry each target code (index = target id), counted by Spark;
     * only one count per target code reaches the driver.
     */
    public record NextVisitRates(double[] rates, long nextVisits) {
    }

    static NextVisitRates rates(Dataset<CohortSample> train, int maxVisits, int targetCodes) {
        Column visits = size(col("targets"));
        Column first = maxVisits > 0 ? greatest(visits.minus(maxVisits), lit(0)) : lit(0);
        Dataset<Row> nextVisits = train
                .select(first.as("first"), posexplode(col("targets")).as(new String[] {"position", "codes"}))
                .filter(col("position").gt(col("first")));
        long counted = nextVisits.count();
        double[] rates = new double[targetCodes];
        for (Row r : nextVisits.select(explode(col("codes")).as("id")).groupBy("id").agg(count("*")).collectAsList()) {
            rates[r.getInt(0)] = r.getLong(1) / (double) counted;
        }
        return new NextVisitRates(rates, counted);
    }

    /** The {@code topN} codes with the highest rates, ties by target id. */
    static MostFrequentCodesBaseline fit(NextVisitRates rates, List<String> targetTokens, int topN) {
        double[] r = rates.rates();
        List<Integer> ranked = IntStream.range(0, r.length).boxed()
                .sorted(Comparator.comparingDouble((Integer id) -> -r[id]).thenComparingInt(id -> id))
                .limit(topN).toList();
        return new MostFrequentCodesBaseline(ranked.stream().map(targetTokens::get).toList(),
                ranked.stream().map(id -> r[id]).toList(), rates.nextVisits());
    }

    /** The baseline's prediction rows, on the same (sample, step) grid as {@link NextVisitScorer}'s. */
    Dataset<Row> score(Dataset<CohortSample> samples, int maxVisits, List<String> targetTokens) {
        List<String> tokens = new ArrayList<>(targetTokens);
        List<String> ranked = codes;
        List<Double> scores = frequencies;
        return samples.mapPartitions((MapPartitionsFunction<CohortSample, Row>) rows -> {
            List<Row> out = new ArrayList<>();
            while (rows.hasNext()) {
                CohortSample sample = rows.next();
                List<List<Integer>> targets = sample.getTargets();
                int n = targets.size();
                int first = maxVisits > 0 ? Math.max(0, n - maxVisits) : 0;
                for (int t = first; t < n - 1; t++) {
                    int[] truth = targets.get(t + 1).stream().mapToInt(Integer::intValue).toArray();
                    out.add(NextVisitScorer.row(sample.getSampleId(), t, ranked, scores,
                            NextVisitScorer.tokensOf(truth, tokens)));
                }
            }
            return out.iterator();
        }, Encoders.row(NextVisitScorer.PREDICTIONS));
    }
}
