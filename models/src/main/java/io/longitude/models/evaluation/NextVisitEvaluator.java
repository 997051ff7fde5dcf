package io.longitude.models.evaluation;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.List;

/**
 * Next-visit-dx metrics of one model on the test split, as its object in {@code metrics.json}: for each
 * configured k, visit-level recall@k and precision@k ({@link RecallAtK}), each averaged over the visits whose
 * next visit has at least one target code, with a patient-bootstrap 95% interval. Every patient with such a visit counts as a
 * "positive patient": the metric rests on them, and below the configured minimum it cannot be judged.
 */
public final class NextVisitEvaluator {

    private final MetricSettings settings;
    private final List<Integer> ks;

    public NextVisitEvaluator(MetricSettings settings, List<Integer> ks) {
        this.settings = settings;
        this.ks = List.copyOf(ks);
    }

    /**
     * One model's evaluated visits, aligned by position.
     *
     * @param hits       per visit, the number of true codes among the top k predicted, for each configured k
     * @param trueCounts per visit, the number of distinct true codes of the next visit (all positive)
     */
    public record Visits(String[] sampleIds, String[] patientKeys, int[][] hits, int[] trueCounts) {

        public Visits {
            int n = sampleIds.length;
            if (patientKeys.length != n || hits.length != n || trueCounts.length != n) {
                throw new IllegalArgumentException("visit columns differ in length");
            }
            for (int count : trueCounts) {
                if (count <= 0) {
                    throw new IllegalArgumentException("every evaluated visit needs at least one true code");
                }
            }
        }

        public int size() {
            return trueCounts.length;
        }
    }

    /** The metrics.json key of a metric at k, e.g. {@code recallAt20}. */
    public static String metricKey(String metric, int k) {
        return metric + "At" + k;
    }

    public ObjectNode evaluate(String model, String modelVersion, String role, Visits test) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("model", model);
        out.put("modelVersion", modelVersion);
        out.put("role", role);
        long patients = Arrays.stream(test.patientKeys()).distinct().count();
        boolean judgeable = patients >= settings.minPositivePatients();
        out.put("samples", Arrays.stream(test.sampleIds()).distinct().count());
        out.put("visits", test.size());
        out.put("patients", patients);
        out.put("positivePatients", patients);
        out.put("judgeable", judgeable);
        if (judgeable) {
            out.putNull("note");
        } else {
            out.put("note", ModelEvaluator.CANNOT_BE_JUDGED + ": " + patients + " patient(s) with a next visit in the "
                    + "test split, fewer than the minimum of " + settings.minPositivePatients());
        }
        PatientBootstrap bootstrap = new PatientBootstrap(test.patientKeys(), settings.bootstrapResamples(),
                settings.bootstrapSeed());
        ObjectNode metrics = out.putObject("metrics");
        for (int j = 0; j < ks.size(); j++) {
            int k = ks.get(j);
            double[] recall = new double[test.size()];
            double[] precision = new double[test.size()];
            for (int v = 0; v < test.size(); v++) {
                recall[v] = RecallAtK.recall(test.hits()[v][j], test.trueCounts()[v]);
                precision[v] = RecallAtK.precision(test.hits()[v][j], k);
            }
            metric(metrics, metricKey("recall", k), recall, bootstrap, patients, judgeable);
            metric(metrics, metricKey("precision", k), precision, bootstrap, patients, judgeable);
        }
        return out;
    }

    private static void metric(ObjectNode parent, String name, double[] perVisit, PatientBootstrap bootstrap,
                               long positivePatients, boolean judgeable) {
        double[] unit = new double[perVisit.length];
        Arrays.fill(unit, 1.0);
        ConfidenceInterval ci = bootstrap.interval(w -> weightedMean(perVisit, w));
        ObjectNode node = parent.putObject(name);
        ModelEvaluator.putNumber(node, "value", weightedMean(perVisit, unit));
        ModelEvaluator.putNumber(node, "ciLower", ci.lower());
        ModelEvaluator.putNumber(node, "ciUpper", ci.upper());
        node.put("undefinedResamples", ci.undefinedResamples());
        node.put("positivePatients", positivePatients);
        node.put("judgeable", judgeable);
    }

    static double weightedMean(double[] values, double[] weights) {
        double sum = 0;
        double total = 0;
        for (int i = 0; i < values.length; i++) {
            sum += weights[i] * values[i];
            total += weights[i];
        }
        return total == 0 ? Double.NaN : sum / total;
    }
}
