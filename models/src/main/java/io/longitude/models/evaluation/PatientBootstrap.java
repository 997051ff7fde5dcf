package io.longitude.models.evaluation;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
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
        return intervals(1, w -> new double[] {metric.applyAsDouble(w)})[0];
    }

    /**
     * The 95% percentile interval of each of the {@code size} values {@code metric} maps per-sample weights to (a
     * curve on a fixed grid, say), all from the same resamples; a value that is NaN in a resample is left out there.
     */
    public ConfidenceInterval[] intervals(int size, Function<double[], double[]> metric) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] values = new double[size][resamples];
        int[] defined = new int[size];
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
            double[] value = metric.apply(weights);
            for (int j = 0; j < size; j++) {
                if (!Double.isNaN(value[j])) {
                    values[j][defined[j]++] = value[j];
                }
            }
        }
        ConfidenceInterval[] out = new ConfidenceInterval[size];
        for (int j = 0; j < size; j++) {
            if (defined[j] == 0) {
                out[j] = new ConfidenceInterval(Double.NaN, Double.NaN, resamples, resamples);
            } else {
                double[] sorted = Arrays.copyOf(values[j], defined[j]);
                Arrays.sort(sorted);
                out[j] = new ConfidenceInterval(percentile(sorted, 0.025), percentile(sorted, 0.975), resamples,
                        resamples - defined[j]);
            }
        }
        return out;
    }

    /**
     * Per-patient weights: each sample weighs 1/(its patient's sample count), so that every patient counts once
     * however many stays they have. Multiplied into bootstrap weights, a drawn patient counts its multiplicity.
     */
    public double[] perPatientWeights() {
        int[] samplesOf = new int[patients];
        for (int p : patientOfSample) {
            samplesOf[p]++;
        }
        double[] w = new double[patientOfSample.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = 1.0 / samplesOf[patientOfSample[i]];
        }
        return w;
    }

    /** {@code a}·{@code b} element by element: per-patient weights applied to a resample's weights. */
    public static double[] times(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * b[i];
        }
        return out;
    }

    /** Linear interpolation between closest ranks (NumPy's default). */
    static double percentile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
