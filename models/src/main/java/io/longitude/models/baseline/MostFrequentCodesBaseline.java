package io.longitude.models.baseline;

import io.longitude.models.data.TargetRates;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The next-visit-dx baseline: the target codes ranked by how many training-split next visits carry them (ties
 * by code id), the same list for every visit of every patient; a code's score is that share of next visits.
 * "Next visits" are the visits the network is trained to predict ({@link TargetRates}).
 *
 * @param codes       the ranked target codes (at most the configured number of predicted codes)
 * @param frequencies the share of training next visits holding each code, in the same order
 * @param nextVisits  how many training next visits were counted
 */
public record MostFrequentCodesBaseline(List<String> codes, List<Double> frequencies, long nextVisits)
        implements Serializable {

    public MostFrequentCodesBaseline {
        codes = new ArrayList<>(codes);
        frequencies = new ArrayList<>(frequencies);
        if (codes.size() != frequencies.size()) {
            throw new IllegalArgumentException(codes.size() + " codes but " + frequencies.size() + " frequencies");
        }
    }

    /** The {@code topN} codes with the highest rates, ties by target id. */
    public static MostFrequentCodesBaseline fit(TargetRates training, List<String> targetTokens, int topN) {
        double[] r = training.rates();
        List<Integer> ranked = IntStream.range(0, r.length).boxed()
                .sorted(Comparator.comparingDouble((Integer id) -> -r[id]).thenComparingInt(id -> id))
                .limit(topN).toList();
        return new MostFrequentCodesBaseline(ranked.stream().map(targetTokens::get).toList(),
                ranked.stream().map(id -> r[id]).toList(), training.predictedVisits());
    }
}
