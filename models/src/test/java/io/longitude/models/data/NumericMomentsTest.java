package io.longitude.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.longitude.models.SyntheticSequences;
import java.util.List;
import org.junit.jupiter.api.Test;

class NumericMomentsTest {

    @Test
    void partitionsMergedGiveTheMomentsOfOnePass() {
        List<VisitSequenceExample> examples = SyntheticSequences.memoryTask(60, 3);
        NumericMoments whole = NumericMoments.of(examples, 1);
        NumericMoments merged = new NumericMoments(1)
                .merge(NumericMoments.of(examples.subList(0, 25), 1))
                .merge(new NumericMoments(1))
                .merge(NumericMoments.of(examples.subList(25, 60), 1));
        assertEquals(whole.visits(), merged.visits());
        assertArrayEquals(whole.normaliser().means(), merged.normaliser().means(), 1e-9);
        assertArrayEquals(whole.normaliser().scales(), merged.normaliser().scales(), 1e-12);
    }

    @Test
    void theNormaliserStandardisesToThePopulationMeanAndDeviation() {
        // Feature 0 over the visits: 1, 3, 5, 7 (mean 4, population sd sqrt(5)); feature 1 is constant.
        VisitSequenceExample a = VisitSequenceExample.binary("a", new int[][] {{0}, {0}},
                new float[][] {{1, 2}, {3, 2}}, true);
        VisitSequenceExample b = VisitSequenceExample.binary("b", new int[][] {{0}, {0}},
                new float[][] {{5, 2}, {7, 2}}, false);
        NumericNormaliser normaliser = NumericMoments.of(List.of(a, b), 2).normaliser();
        assertArrayEquals(new double[] {4, 2}, normaliser.means(), 1e-12);
        assertArrayEquals(new double[] {1 / Math.sqrt(5), 1}, normaliser.scales(), 1e-12);
    }
}
