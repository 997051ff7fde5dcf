package io.longitude.models.evaluation;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Cluster bootstrap over patients: each resample draws as many patients as there are, with replacement,
 * and every sample of a drawn patient enters with that patient's multiplicity. A patient's stays are not
 * independent (on the Synthea data 85 readmissions come from 4 patients), so resampling samples would
 * give intervals that are far too narrow. Seeded: the same inputs give the same intervals.
 */
public final class PatientBootstrap {

    private final int[] patientOfSample;
    private final int patients;
    private final int resamples;
    private final long seed;

    public PatientBootstrap(String[] patientKeys, int resamples, long seed) {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be positive");
        }
        Map<String, Integer> index = new HashMap<>();
        patientOfSample = new int[patientKeys.length];
        for (int i = 0; i < patientKeys.length; i++) {
            patientOfSample[i] = index.computeIfAbsent(patientKeys[i], k -> index.size());
        }
        this.patients = index.size();
        this.resamples = resamples;
        this.seed = seed;
    }

    public int patients() {
        return patients;
    }

    /** The 95% percentile interval of {@code metric}, which maps per-sample weights to a value (NaN = undefined). */
    public ConfidenceInterval interval(ToDoubleFunction<double[]> metric) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[resamples];
        int defined = 0;
        int[] multiplicity = new int[patients];
        double[] weights = new double[patientOfSample.length];
        for (int r = 0; r < resamples; r++) {
            Arrays.fill(multiplicity, 0);
            for (int d = 0; d < patients; d++) {
                multiplicity[random.nextInt(patients)]++;
            }
            for (int i = 0; i < weights.length; i++) {
                weights[i] = multiplicity[patientOfSample[i]];
            }
            double value = metric.applyAsDouble(weights);
            if (!Double.isNaN(value)) {
                values[defined++] = value;
            }
        }
        if (defined == 0) {
            return new ConfidenceInterval(Double.NaN, Double.NaN, resamples, resamples);
        }
        double[] sorted = Arrays.copyOf(values, defined);
        Arrays.sort(sorted);
        return new ConfidenceInterval(percentile(sorted, 0.025), percentile(sorted, 0.975), resamples,
                resamples - defined);
    }

    /** Linear interpolation between closest ranks (NumPy's default). */
    static double percentile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
