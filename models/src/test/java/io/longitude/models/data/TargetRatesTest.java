package io.longitude.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.longitude.models.SyntheticSequences;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetRatesTest {

    @Test
    void partitionsMergedCountWhatOnePassCounts() {
        List<VisitSequenceExample> examples = SyntheticSequences.nextVisitTask(40, 3, 12, 5);
        int codes = SyntheticSequences.NEXT_VISIT_VOCAB;
        TargetRates whole = TargetRates.of(examples, codes, 4);
        TargetRates merged = TargetRates.of(examples.subList(0, 13), codes, 4)
                .merge(TargetRates.of(examples.subList(13, 40), codes, 4));
        assertEquals(whole.predictedVisits(), merged.predictedVisits());
        assertArrayEquals(whole.rates(), merged.rates(), 0);
        long capped = examples.stream().mapToLong(e -> Math.min(4, e.length()) - 1).sum();
        assertEquals(capped, whole.predictedVisits(), "every visit but the first within the cap of 4");
    }
}
