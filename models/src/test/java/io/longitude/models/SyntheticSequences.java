package io.longitude.models;

import io.longitude.models.data.FeatureLayout;
import io.longitude.models.data.VisitSequenceExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/** Synthetic visit sequences with known structure, for tests that must prove what a network learns. */
public final class SyntheticSequences {

    /** Code 0 of the memory task; codes 1.. are distractors. */
    public static final int SIGNAL = 0;
    public static final int MEMORY_VOCAB = 20;
    public static final int NEXT_VISIT_VOCAB = 30;

    private SyntheticSequences() {
    }

    public static FeatureLayout memoryLayout() {
        return FeatureLayout.forSequenceLabels(codes(MEMORY_VOCAB), List.of("days_since_previous"));
    }

    public static FeatureLayout nextVisitLayout() {
        return FeatureLayout.forNextVisit(codes(NEXT_VISIT_VOCAB), List.of("days_since_previous"),
                codes(NEXT_VISIT_VOCAB));
    }

    public static List<String> codes(int n) {
        return IntStream.range(0, n).mapToObj(i -> "code-" + i).toList();
    }

    /**
     * The memory task: {@code count} sequences of 32–40 visits, each visit 1–3 distractor codes and a
     * random numeric feature. In positive sequences (half) the signal code is added to the visit
     * 15–30 visits before the last one; negatives never contain it. The last 15 visits are drawn
     * identically in both classes, so the last visit alone says nothing about the label.
     */
    public static List<VisitSequenceExample> memoryTask(int count, long seed) {
        Random random = new Random(seed);
        List<VisitSequenceExample> out = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            int length = 32 + random.nextInt(9);
            boolean positive = random.nextBoolean();
            int signalAt = length - 1 - (15 + random.nextInt(16));
            int[][] codes = new int[length][];
            float[][] numeric = new float[length][];
            for (int t = 0; t < length; t++) {
                int[] distractors = random.ints(1 + random.nextInt(3), 1, MEMORY_VOCAB).distinct().toArray();
                if (positive && t == signalAt) {
                    int[] withSignal = new int[distractors.length + 1];
                    System.arraycopy(distractors, 0, withSignal, 1, distractors.length);
                    withSignal[0] = SIGNAL;
                    distractors = withSignal;
                }
                codes[t] = distractors;
                numeric[t] = new float[] {(float) (30 + 20 * random.nextGaussian())};
            }
            out.add(VisitSequenceExample.binary("m" + seed + "-" + n, codes, numeric, positive));
        }
        return out;
    }

    /** The deterministic successor of code {@code c} in the next-visit task (a permutation). */
    public static int successor(int c) {
        return (7 * c + 3) % NEXT_VISIT_VOCAB;
    }

    /**
     * The next-visit task: the first visit has 2–3 random codes, every later visit holds exactly the
     * {@link #successor successors} of the previous visit's codes; targets are the visit's codes.
     */
    public static List<VisitSequenceExample> nextVisitTask(int count, int minLength, int maxLength, long seed) {
        Random random = new Random(seed);
        List<VisitSequenceExample> out = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            int length = minLength + random.nextInt(maxLength - minLength + 1);
            int[][] codes = new int[length][];
            float[][] numeric = new float[length][];
            codes[0] = random.ints(2 + random.nextInt(2), 0, NEXT_VISIT_VOCAB).distinct().toArray();
            for (int t = 0; t < length; t++) {
                if (t > 0) {
                    codes[t] = IntStream.of(codes[t - 1]).map(SyntheticSequences::successor).toArray();
                }
                numeric[t] = new float[] {(float) random.nextInt(60)};
            }
            out.add(VisitSequenceExample.nextVisit("n" + seed + "-" + n, codes, numeric, codes));
        }
        return out;
    }
}
