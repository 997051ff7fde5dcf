package io.longitude.models.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A metric as it is printed for a person: its value beside the number of patients it rests on (positive
 * patients for a binary task, patients with a next visit for next-visit-dx) and, below the configured minimum,
 * the flag that it {@value ModelEvaluator#CANNOT_BE_JUDGED}.
 */
public record JudgedMetric(String label, double value, long patients, String patientsLabel, boolean judgeable) {

    public static final String POSITIVE_PATIENTS = "positive patients";
    public static final String PATIENTS_WITH_A_NEXT_VISIT = "patients with a next visit";

    private static final Pattern RECALL = Pattern.compile("recall(?:@|At|_at_)(\\d+)");
    private static final Map<String, String> NAMES = Map.of("auroc", "AUROC", "auprc", "AUPRC", "brier", "Brier");

    /**
     * A metric judged here against the minimum of patients it must rest on, named from any spelling of its name
     * ({@code auroc}; {@code recall@20}, {@code recallAt20}, {@code recall_at_20}) after {@code prefix}, e.g.
     * "validation AUROC".
     */
    public static JudgedMetric of(String prefix, String metric, double value, long patients, int minPositivePatients) {
        return new JudgedMetric(label(prefix, metric), value, patients, patientsLabel(metric), patients >= minPositivePatients);
    }

    /** One metric object of {@code metrics.json} ({@code value}, {@code positivePatients}, {@code judgeable}). */
    public static JudgedMetric fromJson(String prefix, String metric, JsonNode node) {
        JsonNode value = node.path("value");
        return new JudgedMetric(label(prefix, metric), value.isNumber() ? value.asDouble() : Double.NaN,
                node.path("positivePatients").asLong(), patientsLabel(metric), node.path("judgeable").asBoolean());
    }

    private static String label(String prefix, String metric) {
        Matcher recall = RECALL.matcher(metric);
        String name = recall.matches() ? "recall@" + recall.group(1) : NAMES.getOrDefault(metric, metric);
        return prefix.isEmpty() ? name : prefix + " " + name;
    }

    private static String patientsLabel(String metric) {
        return RECALL.matcher(metric).matches() ? PATIENTS_WITH_A_NEXT_VISIT : POSITIVE_PATIENTS;
    }

    /** As summary JSON: {@code metric}, {@code value} (null when undefined), {@code patients}, what they count, {@code judgeable}. */
    public void writeTo(ObjectNode node) {
        node.put("metric", label);
        if (Double.isFinite(value)) {
            node.put("value", value);
        } else {
            node.putNull("value");
        }
        node.put("patients", patients);
        node.put("patientsCounted", patientsLabel);
        node.put("judgeable", judgeable);
    }

    /** e.g. {@code AUROC 0.962 [positive patients: 1, cannot be judged on this data]}. */
    public String text() {
        return label + " " + (Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "n/a")
                + " [" + patientsLabel + ": " + patients + (judgeable ? "" : ", " + ModelEvaluator.CANNOT_BE_JUDGED) + "]";
    }
}
