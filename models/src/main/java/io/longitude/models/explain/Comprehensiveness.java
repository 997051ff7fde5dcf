package io.longitude.models.explain;

import io.longitude.models.data.VisitSequenceExample;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * ERASER comprehensiveness (DeYoung et al. 2020) of code attributions: over {@code samples} examples, how much the
 * output probability falls, on average, when a sample's {@code k} top-attributed code occurrences are removed
 * ({@code topDrop}) and when {@code k} of its present code occurrences drawn at random are removed
 * ({@code randomDrop}). Faithful attributions give {@code topDrop > randomDrop}. A sample with fewer than k
 * present codes loses all of them in both; samples without any code are left out.
 */
public record Comprehensiveness(int k, long samples, double topDrop, double randomDrop) implements Serializable {

    /** The two drops of each example that has at least one code, in order: {@code [topDrop, randomDrop]}. */
    public static List<double[]> drops(IntegratedGradients gradients, MultiLayerNetwork net,
                                       List<VisitSequenceExample> examples, List<SampleAttribution> attributions,
                                       int k, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        List<VisitSequenceExample> kept = new ArrayList<>();
        List<VisitSequenceExample> withoutTop = new ArrayList<>();
        List<VisitSequenceExample> withoutRandom = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            SampleAttribution attribution = attributions.get(i);
            if (attribution.codes().isEmpty()) {
                continue;
            }
            VisitSequenceExample example = examples.get(i);
            List<CodeAttribution> shuffled = new ArrayList<>(attribution.codes());
            Collections.shuffle(shuffled, new Random(seed ^ example.id().hashCode()));
            kept.add(example);
            withoutTop.add(without(example, attribution.top(k)));
            withoutRandom.add(without(example, shuffled.subList(0, Math.min(k, shuffled.size()))));
        }
        List<double[]> out = new ArrayList<>(kept.size());
        if (kept.isEmpty()) {
            return out;
        }
        double[] full = gradients.scores(net, kept);
        double[] top = gradients.scores(net, withoutTop);
        double[] random = gradients.scores(net, withoutRandom);
        for (int i = 0; i < full.length; i++) {
            out.add(new double[] {full[i] - top[i], full[i] - random[i]});
        }
        return out;
    }

    /** The mean drops of {@link #drops}' rows. */
    public static Comprehensiveness of(int k, List<double[]> drops) {
        double top = 0;
        double random = 0;
        for (double[] d : drops) {
            top += d[0];
            random += d[1];
        }
        return new Comprehensiveness(k, drops.size(), drops.isEmpty() ? 0 : top / drops.size(),
                drops.isEmpty() ? 0 : random / drops.size());
    }

    /** How much more removing the top codes lowers the output than removing random ones. */
    public double margin() {
        return topDrop - randomDrop;
    }

    private static VisitSequenceExample without(VisitSequenceExample example, List<CodeAttribution> removed) {
        Set<Long> gone = new HashSet<>();
        for (CodeAttribution c : removed) {
            gone.add(((long) c.visit() << 32) | c.code());
        }
        int[][] codes = new int[example.length()][];
        float[][] numeric = new float[example.length()][];
        for (int t = 0; t < example.length(); t++) {
            int visit = t;
            codes[t] = Arrays.stream(example.codes(t)).filter(c -> !gone.contains(((long) visit << 32) | c))
                    .toArray();
            numeric[t] = example.numeric(t);
        }
        return VisitSequenceExample.binary(example.id(), codes, numeric, example.label() == 1);
    }
}
