package io.longitude.cohort;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.SortedMap;

/**
 * Token ids in a fixed order: entry i has id i. The input vocabulary reserves id 0 for the
 * out-of-vocabulary token and numbers the kept tokens in sorted order from 1; a target vocabulary has
 * no such entry (a code outside it is simply not a target). An input vocabulary carries the {@link ValueBins} its
 * value tokens were made with, so that whoever maps events through it makes the same tokens. Small by construction,
 * so it is collected and broadcast.
 */
public final class Vocabulary implements Serializable {

    public static final String OUT_OF_VOCABULARY = "<oov>";

    private static final long serialVersionUID = 1L;

    private final ArrayList<String> tokens;
    private final ArrayList<Long> counts;
    private final HashMap<String, Integer> ids;
    private final boolean withOutOfVocabulary;
    private final ValueBins valueBins;

    private Vocabulary(List<String> tokens, List<Long> counts, boolean withOutOfVocabulary, ValueBins valueBins) {
        this.tokens = new ArrayList<>(tokens);
        this.counts = new ArrayList<>(counts);
        this.withOutOfVocabulary = withOutOfVocabulary;
        this.valueBins = valueBins;
        this.ids = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            ids.put(tokens.get(i), i);
        }
    }

    /** {@code kept}: token → count of the tokens at or above the minimum count; {@code dropped}: the others' sum. */
    public static Vocabulary withOutOfVocabulary(SortedMap<String, Long> kept, long droppedCount) {
        List<String> tokens = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        tokens.add(OUT_OF_VOCABULARY);
        counts.add(droppedCount);
        kept.forEach((token, count) -> {
            tokens.add(token);
            counts.add(count);
        });
        return new Vocabulary(tokens, counts, true, ValueBins.NONE);
    }

    /**
     * A vocabulary as a model version keeps it: tokens in id order, with the out-of-vocabulary entry when the first
     * token is {@value #OUT_OF_VOCABULARY}. Counts are not kept (0).
     */
    public static Vocabulary ofTokens(List<String> tokensInIdOrder) {
        List<Long> counts = new ArrayList<>(Collections.nCopies(tokensInIdOrder.size(), 0L));
        return new Vocabulary(tokensInIdOrder, counts,
                !tokensInIdOrder.isEmpty() && OUT_OF_VOCABULARY.equals(tokensInIdOrder.get(0)), ValueBins.NONE);
    }

    public static Vocabulary closed(SortedMap<String, Long> tokens) {
        return new Vocabulary(new ArrayList<>(tokens.keySet()), new ArrayList<>(tokens.values()), false,
                ValueBins.NONE);
    }

    /** This vocabulary with the value bins its value tokens were made with. */
    public Vocabulary withValueBins(ValueBins bins) {
        return new Vocabulary(tokens, counts, withOutOfVocabulary, bins);
    }

    /** How events' values become tokens ({@link ValueBins#NONE} unless set). */
    public ValueBins valueBins() {
        return valueBins;
    }

    /** The token's id; the out-of-vocabulary id (0) or -1 for a closed vocabulary when it is unknown. */
    public int id(String token) {
        Integer id = ids.get(token);
        if (id != null) {
            return id;
        }
        return withOutOfVocabulary ? 0 : -1;
    }

    public int size() {
        return tokens.size();
    }

    /** Tokens in id order. */
    public List<String> tokens() {
        return List.copyOf(tokens);
    }

    public long count(int id) {
        return counts.get(id);
    }
}
