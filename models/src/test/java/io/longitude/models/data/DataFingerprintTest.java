package io.longitude.models.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.longitude.models.SyntheticSequences;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DataFingerprintTest {

    private final List<VisitSequenceExample> examples = SyntheticSequences.memoryTask(50, 61);

    @Test
    void orderAndPartitioningDoNotMatter() {
        List<VisitSequenceExample> shuffled = new ArrayList<>(examples);
        Collections.shuffle(shuffled, new Random(1));
        DataFingerprint whole = DataFingerprint.of(examples);
        DataFingerprint merged = DataFingerprint.of(shuffled.subList(30, 50)).merge(DataFingerprint.of(shuffled.subList(0, 30)));
        assertEquals(whole.hex(), DataFingerprint.of(shuffled).hex());
        assertEquals(whole.hex(), merged.hex());
        assertEquals(50, merged.count());
    }

    @Test
    void anyChangeToAnExampleChangesTheFingerprint() {
        VisitSequenceExample first = examples.get(0);
        int[][] codes = new int[first.length()][];
        float[][] numeric = new float[first.length()][];
        for (int t = 0; t < first.length(); t++) {
            codes[t] = first.codes(t);
            numeric[t] = first.numeric(t).clone();
        }
        numeric[first.length() - 1][0] += 1e-3f;
        List<VisitSequenceExample> nudged = new ArrayList<>(examples);
        nudged.set(0, VisitSequenceExample.binary(first.id(), codes, numeric, first.label() == 1));
        assertNotEquals(DataFingerprint.of(examples).hex(), DataFingerprint.of(nudged).hex());

        List<VisitSequenceExample> relabelled = new ArrayList<>(examples);
        relabelled.set(0, VisitSequenceExample.binary(first.id(), codes, numeric,
                first.label() == 0));
        assertNotEquals(DataFingerprint.of(nudged).hex(), DataFingerprint.of(relabelled).hex());
    }
}
