package io.longitude.models.train;

import io.longitude.models.data.LabelLayout;
import io.longitude.models.data.VisitSequenceIterator;
import io.longitude.models.evaluation.RankedScores;
import io.longitude.models.evaluation.RecallAtK;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Runs a network over a validation iterator (inference mode, no dropout) and computes the early
 * stopping metric: AUROC for binary tasks, mean visit-level recall@k for next-visit tasks.
 */
final class ValidationScorer {

    private ValidationScorer() {
    }

    static double score(MultiLayerNetwork net, VisitSequenceIterator iterator, LabelLayout layout, int k) {
        return layout == LabelLayout.NEXT_VISIT ? recallAtK(net, iterator, k) : auroc(net, iterator, layout);
    }

    private static double auroc(MultiLayerNetwork net, VisitSequenceIterator iterator, LabelLayout layout) {
        List<Double> scores = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        iterator.startEpoch(iterator.epoch());
        while (iterator.hasNext()) {
            DataSet ds = iterator.next();
            INDArray out = net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
            long batch = out.size(0);
            if (layout == LabelLayout.SEQUENCE) {
                for (int i = 0; i < batch; i++) {
                    scores.add(out.getDouble(i, 0));
                    labels.add((int) ds.getLabels().getDouble(i, 0));
                }
            } else {
                INDArray mask = ds.getLabelsMaskArray();
                long steps = out.size(2);
                for (int i = 0; i < batch; i++) {
                    for (int t = 0; t < steps; t++) {
                        if (mask.getDouble(i, t) != 0) {
                            scores.add(out.getDouble(i, 0, t));
                            labels.add((int) ds.getLabels().getDouble(i, 0, t));
                        }
                    }
                }
            }
        }
        double[] s = new double[scores.size()];
        int[] l = new int[labels.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores.get(i);
            l[i] = labels.get(i);
        }
        return RankedScores.auroc(s, l);
    }

    private static double recallAtK(MultiLayerNetwork net, VisitSequenceIterator iterator, int k) {
        double sum = 0;
        long visits = 0;
        iterator.startEpoch(iterator.epoch());
        while (iterator.hasNext()) {
            DataSet ds = iterator.next();
            INDArray out = net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
            INDArray labels = ds.getLabels();
            INDArray mask = ds.getLabelsMaskArray();
            int batch = (int) out.size(0);
            int codes = (int) out.size(1);
            int steps = (int) out.size(2);
            float[] outFlat = out.dup('c').data().asFloat();
            float[] labelFlat = labels.dup('c').data().asFloat();
            float[] maskFlat = mask.dup('c').data().asFloat();
            float[] row = new float[codes];
            int[] truth = new int[codes];
            for (int i = 0; i < batch; i++) {
                for (int t = 0; t < steps; t++) {
                    if (maskFlat[i * steps + t] == 0) {
                        continue;
                    }
                    int n = 0;
                    for (int c = 0; c < codes; c++) {
                        int idx = (i * codes + c) * steps + t;
                        row[c] = outFlat[idx];
                        if (labelFlat[idx] != 0) {
                            truth[n++] = c;
                        }
                    }
                    if (n > 0) {
                        sum += RecallAtK.of(row, Arrays.copyOf(truth, n), k);
                        visits++;
                    }
                }
            }
        }
        if (visits == 0) {
            throw new IllegalArgumentException("no validation visit has a next visit with targets: recall@"
                    + k + " is undefined");
        }
        return sum / visits;
    }
}
