package io.longitude.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longitude.models.SyntheticSequences;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class SequenceFeaturiserTest {

    private static final FeatureLayout LAYOUT = FeatureLayout.forNextVisit(
            SyntheticSequences.codes(5), List.of("age", "days"), SyntheticSequences.codes(4));
    private static final NumericNormaliser IDENTITY = new NumericNormaliser(new double[] {0, 0}, new double[] {1, 1});

    /** Three visits: codes {0,3}, {1}, {2,4}; numeric (visit, 10 * visit); label positive. */
    private static final VisitSequenceExample THREE = VisitSequenceExample.binary("a",
            new int[][] {{0, 3}, {1}, {2, 4}},
            new float[][] {{0, 0}, {1, 10}, {2, 20}}, true);
    private static final VisitSequenceExample ONE = VisitSequenceExample.binary("b",
            new int[][] {{4}}, new float[][] {{7, 70}}, false);

    private static VisitSequenceExample nextVisit(String id, int[][] codes, int[][] targets) {
        float[][] numeric = new float[codes.length][2];
        return VisitSequenceExample.nextVisit(id, codes, numeric, targets);
    }

    @Test
    void featuresAreMultiHotCodesThenNumericsLeftAlignedAndZeroPadded() {
        SequenceFeaturiser f = new SequenceFeaturiser(LAYOUT, LabelLayout.SEQUENCE, IDENTITY, 0);
        DataSet ds = f.featurise(List.of(THREE, ONE));
        INDArray x = ds.getFeatures();
        assertArrayEquals(new long[] {2, 7, 3}, x.shape());
        float[][] expectedFirst = {
            {1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}, {0, 0, 1}, {0, 1, 2}, {0, 10, 20}};
        for (int row = 0; row < 7; row++) {
            for (int t = 0; t < 3; t++) {
                assertEquals(expectedFirst[row][t], x.getFloat(0, row, t), "feature " + row + " step " + t);
            }
        }
        assertEquals(1f, x.getFloat(1, 4, 0));
        assertEquals(7f, x.getFloat(1, 5, 0));
        assertEquals(70f, x.getFloat(1, 6, 0));
        for (int row = 0; row < 7; row++) {
            assertEquals(0f, x.getFloat(1, row, 1), "padding must be zero");
            assertEquals(0f, x.getFloat(1, row, 2), "padding must be zero");
        }
        assertArrayEquals(new float[][] {{1, 1, 1}, {1, 0, 0}}, ds.getFeaturesMaskArray().toFloatMatrix());
    }

    @Test
    void sequenceLabelsAre2dWithoutMask() {
        DataSet ds = new SequenceFeaturiser(LAYOUT, LabelLayout.SEQUENCE, IDENTITY, 0).featurise(List.of(THREE, ONE));
        assertArrayEquals(new long[] {2, 1}, ds.getLabels().shape());
        assertArrayEquals(new float[][] {{1}, {0}}, ds.getLabels().toFloatMatrix());
        assertNull(ds.getLabelsMaskArray());
    }

    @Test
    void lastStepLabelsSitAtTheLastRealStepOnly() {
        DataSet ds = new SequenceFeaturiser(LAYOUT, LabelLayout.LAST_STEP, IDENTITY, 0).featurise(List.of(ONE, THREE));
        assertArrayEquals(new long[] {2, 1, 3}, ds.getLabels().shape());
        assertArrayEquals(new float[][] {{1, 0, 0}, {0, 0, 1}}, ds.getLabelsMaskArray().toFloatMatrix());
        assertEquals(0f, ds.getLabels().getFloat(0, 0, 0));
        assertEquals(1f, ds.getLabels().getFloat(1, 0, 2));
        assertEquals(1f, ds.getLabels().sumNumber().floatValue());
    }

    @Test
    void targetRatesCountThePredictedVisitsInsideTheCap() {
        VisitSequenceExample a = nextVisit("a", new int[][] {{0}, {1}, {2}}, new int[][] {{0}, {1, 2}, {3}});
        VisitSequenceExample b = nextVisit("b", new int[][] {{4}, {4}}, new int[][] {{2}, {0, 3}});
        // Predicted visits: a1 {1,2}, a2 {3}, b1 {0,3}; with a cap of 2, a1 becomes a's first visit and drops out.
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0, 2 / 3.0},
                new SequenceFeaturiser(LAYOUT, LabelLayout.NEXT_VISIT, IDENTITY, 0).targetRates(List.of(a, b)), 1e-12);
        assertArrayEquals(new double[] {0.5, 0, 0, 1},
                new SequenceFeaturiser(LAYOUT, LabelLayout.NEXT_VISIT, IDENTITY, 2).targetRates(List.of(a, b)), 1e-12);
    }

    @Test
    void nextVisitLabelsHoldTheFollowingVisitsTargetsAtEveryStepButTheLast() {
        VisitSequenceExample a = nextVisit("a", new int[][] {{0}, {1}, {2}}, new int[][] {{0}, {1, 2}, {3}});
        VisitSequenceExample b = nextVisit("b", new int[][] {{4}, {4}}, new int[][] {{2}, {0, 3}});
        DataSet ds = new SequenceFeaturiser(LAYOUT, LabelLayout.NEXT_VISIT, IDENTITY, 0).featurise(List.of(a, b));
        INDArray y = ds.getLabels();
        assertArrayEquals(new long[] {2, 4, 3}, y.shape());
        assertArrayEquals(new float[][] {{1, 1, 0}, {1, 0, 0}}, ds.getLabelsMaskArray().toFloatMatrix());
        assertEquals(targetsAt(y, 0, 0), Set.of(1, 2));
        assertEquals(targetsAt(y, 0, 1), Set.of(3));
        assertEquals(targetsAt(y, 0, 2), Set.of());
        assertEquals(targetsAt(y, 1, 0), Set.of(0, 3));
        assertEquals(targetsAt(y, 1, 1), Set.of());
    }

    private static Set<Integer> targetsAt(INDArray y, int example, int step) {
        Set<Integer> out = new HashSet<>();
        for (int c = 0; c < y.size(1); c++) {
            if (y.getFloat(example, c, step) != 0) {
                out.add(c);
            }
        }
        return out;
    }

    @Test
    void capKeepsTheMostRecentVisits() {
        SequenceFeaturiser capped = new SequenceFeaturiser(LAYOUT, LabelLayout.LAST_STEP, IDENTITY, 2);
        DataSet ds = capped.featurise(List.of(THREE, ONE));
        INDArray x = ds.getFeatures();
        assertArrayEquals(new long[] {2, 7, 2}, x.shape());
        assertEquals(1f, x.getFloat(0, 1, 0), "first kept step is visit 1 (code 1)");
        assertEquals(0f, x.getFloat(0, 0, 0), "visit 0 (code 0) is dropped");
        assertEquals(1f, x.getFloat(0, 2, 1));
        assertEquals(20f, x.getFloat(0, 6, 1));
        assertArrayEquals(new float[][] {{0, 1}, {1, 0}}, ds.getLabelsMaskArray().toFloatMatrix());

        VisitSequenceExample a = nextVisit("a", new int[][] {{0}, {1}, {2}}, new int[][] {{0}, {1, 2}, {3}});
        DataSet next = new SequenceFeaturiser(LAYOUT, LabelLayout.NEXT_VISIT, IDENTITY, 2).featurise(List.of(a));
        assertEquals(Set.of(3), targetsAt(next.getLabels(), 0, 0), "targets shift within the kept window");
        assertArrayEquals(new float[][] {{1, 0}}, next.getLabelsMaskArray().toFloatMatrix());
    }

    @Test
    void normaliserIsFittedOnTheGivenExamplesAndApplied() {
        NumericNormaliser fitted = NumericNormaliser.fit(List.of(THREE, ONE), 2);
        assertEquals(2.5, fitted.means()[0], 1e-9);
        assertEquals(25.0, fitted.means()[1], 1e-9);
        DataSet ds = new SequenceFeaturiser(LAYOUT, LabelLayout.SEQUENCE, fitted, 0).featurise(List.of(ONE));
        double sd = Math.sqrt((2.5 * 2.5 + 1.5 * 1.5 + 0.5 * 0.5 + 4.5 * 4.5) / 4);
        assertEquals((7 - 2.5) / sd, ds.getFeatures().getDouble(0, 5, 0), 1e-5);
        assertEquals((70 - 25) / (10 * sd), ds.getFeatures().getDouble(0, 6, 0), 1e-5);
    }

    @Test
    void outOfVocabularyCodesAndWrongShapesAreRefused() {
        SequenceFeaturiser f = new SequenceFeaturiser(LAYOUT, LabelLayout.SEQUENCE, IDENTITY, 0);
        VisitSequenceExample bad = VisitSequenceExample.binary("x", new int[][] {{5}}, new float[][] {{0, 0}}, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.featurise(List.of(bad)));
        assertTrue(e.getMessage().contains("code id 5"), e.getMessage());
        VisitSequenceExample narrow = VisitSequenceExample.binary("y", new int[][] {{1}}, new float[][] {{0}}, true);
        assertThrows(IllegalArgumentException.class, () -> f.featurise(List.of(narrow)));
        assertThrows(IllegalArgumentException.class, () -> new SequenceFeaturiser(LAYOUT, LabelLayout.NEXT_VISIT,
                IDENTITY, 0).featurise(List.of(THREE)));
    }

    @Test
    void bucketingGroupsSimilarLengthsAndCoversEveryExampleOncePerEpoch() {
        List<VisitSequenceExample> examples = SyntheticSequences.memoryTask(200, 7);
        FeatureLayout layout = SyntheticSequences.memoryLayout();
        SequenceFeaturiser f = new SequenceFeaturiser(layout, LabelLayout.SEQUENCE,
                NumericNormaliser.fit(examples, 1), 0);
        VisitSequenceIterator bucketed = new VisitSequenceIterator(examples, f, 16, true, true, 3);
        VisitSequenceIterator plain = new VisitSequenceIterator(examples, f, 16, false, true, 3);
        assertTrue(padding(bucketed, examples) * 4 < padding(plain, examples),
                "bucketing should cut padding well below a random order");
        for (VisitSequenceIterator it : List.of(bucketed, plain)) {
            List<Integer> seen = new ArrayList<>();
            it.batchPlan().forEach(batch -> { for (int i : batch) { seen.add(i); } });
            assertEquals(200, seen.size());
            assertEquals(200, new HashSet<>(seen).size());
        }
        List<int[]> epoch0 = bucketed.batchPlan();
        bucketed.reset();
        assertEquals(1, bucketed.epoch());
        assertTrue(!sameOrder(epoch0, bucketed.batchPlan()), "each epoch has its own order");
        bucketed.startEpoch(0);
        assertTrue(sameOrder(epoch0, bucketed.batchPlan()), "an epoch's order depends only on seed and epoch");
        int batches = 0;
        while (bucketed.hasNext()) {
            DataSet ds = bucketed.next();
            assertEquals(ds.getFeatures().size(2), ds.getFeaturesMaskArray().size(1));
            batches++;
        }
        assertEquals(13, batches);
    }

    private static long padding(VisitSequenceIterator it, List<VisitSequenceExample> examples) {
        long padded = 0;
        for (int[] batch : it.batchPlan()) {
            int max = 0;
            for (int i : batch) {
                max = Math.max(max, examples.get(i).length());
            }
            for (int i : batch) {
                padded += max - examples.get(i).length();
            }
        }
        return padded;
    }

    private static boolean sameOrder(List<int[]> a, List<int[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
