package io.longitude.models.evaluation;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * One model's scores on one split, aligned by position: sample id, patient key, score, label (0/1), sex and
 * age at index (null sex / negative age when unknown).
 */
public record EvaluationSet(String[] sampleIds, String[] patientKeys, double[] scores, int[] labels,
                            String[] sexes, int[] ages) {

    public EvaluationSet {
        int n = sampleIds.length;
        if (patientKeys.length != n || scores.length != n || labels.length != n || sexes.length != n
                || ages.length != n) {
            throw new IllegalArgumentException("evaluation columns differ in length");
        }
    }

    public int size() {
        return scores.length;
    }

    public long positives() {
        long p = 0;
        for (int label : labels) {
            p += label;
        }
        return p;
    }

    public long patients() {
        return Arrays.stream(patientKeys).distinct().count();
    }

    public long positivePatients() {
        Set<String> positive = new HashSet<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == 1) {
                positive.add(patientKeys[i]);
            }
        }
        return positive.size();
    }

    /** The samples at {@code indices}, in that order. */
    public EvaluationSet subset(int[] indices) {
        String[] ids = new String[indices.length];
        String[] keys = new String[indices.length];
        double[] s = new double[indices.length];
        int[] y = new int[indices.length];
        String[] sex = new String[indices.length];
        int[] age = new int[indices.length];
        for (int j = 0; j < indices.length; j++) {
            int i = indices[j];
            ids[j] = sampleIds[i];
            keys[j] = patientKeys[i];
            s[j] = scores[i];
            y[j] = labels[i];
            sex[j] = sexes[i];
            age[j] = ages[i];
        }
        return new EvaluationSet(ids, keys, s, y, sex, age);
    }
}
