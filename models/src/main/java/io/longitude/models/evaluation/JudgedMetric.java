package io.longitude.models.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/**
 * A metric as it is printed for a person: its value beside the number of patients it rests on (positive
 * patients for a binary task, patients with a next visit for next-visit-dx) and, below the configured minimum,
 * the flag that it {@value ModelEvaluator#CANNOT_BE_JUDGED}.
 */
public record JudgedMetric(String label, double value, long patients, String patientsLabel, boolean judgeable) {

    public static final String POSITIVE_PATIENTS = "positive patients";
    public static final String PATIENTS_WITH_A_NEXT_VISIT = "patients with a next visit";

    /** A metric judged here against the minimum of patients it must rest on. */
    public static JudgedMetric of(String label, double value, long patients, String patientsLabel,
                                  int minPositivePatients) {
        return new JudgedMetric(label, value, patients, patientsLabel, patients >= minPositivePatients);
    }

    /** One metric object of {@code metrics.json} ({@code value}, {@code positivePatients}, {@code judgeable}). */
    public static JudgedMetric fromJson(String label, JsonNode metric, String patientsLabel) {
        JsonNode value = metric.path("value");
        return new JudgedMetric(label, value.isNumber() ? value.asDouble() : Double.NaN,
                metric.path("positivePatients").asLong(), patientsLabel, metric.path("judgeable").asBoolean());
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
