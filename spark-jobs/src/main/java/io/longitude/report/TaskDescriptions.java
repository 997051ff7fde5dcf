package io.longitude.report;

import java.util.Map;

/** Plain-language task definitions and known limitations for the model card. */
public final class TaskDescriptions {

    private static final String READMISSION_CAVEAT = "On Synthea data, 83 of 86 all-cause 30-day readmissions are "
            + "chemotherapy cycles: an all-cause readmission model there mostly learns whether a patient is in "
            + "chemotherapy. Use readmission-30d-unplanned (planned stays such as chemotherapy, radiotherapy and "
            + "dialysis do not count) to judge unplanned readmission risk.";

    private static final String NEXT_VISIT_CAVEAT = "Only the training split's most frequent condition codes (the "
            + "task's top-k) are targets: rarer codes are never predicted and do not enter recall. Recall@k rewards "
            + "ranking, not calibrated probabilities; a visit whose next visit records no target code is not scored.";

    private static final Map<String, String> DEFINITIONS = Map.of(
            "readmission-30d", "Prediction at discharge of an adult inpatient stay (transfers merged, in-hospital "
                    + "deaths and stays without 30 days of follow-up excluded): does another stay of the same patient "
                    + "start within 30 days after discharge?",
            "readmission-30d-unplanned", "As readmission-30d, but only an unplanned stay counts as a readmission "
                    + "(a stay with chemotherapy, radiotherapy or dialysis procedures is planned).",
            "mortality-inhospital", "Prediction at admission (plus the configured offset) of an adult inpatient stay: "
                    + "does the patient die in hospital (expired discharge disposition, or death recorded within the "
                    + "stay or 48 hours after its end)? Only events before the prediction time are used.",
            "next-visit-dx", "At every visit of an adult with at least two visits: which condition codes will the "
                    + "next visit carry?");

    private TaskDescriptions() {
    }

    public static String definition(String task) {
        return DEFINITIONS.getOrDefault(task, "Task '" + task + "' as configured under conf/tasks/.");
    }

    public static String limitation(String task, boolean nextVisit) {
        if (nextVisit) {
            return NEXT_VISIT_CAVEAT;
        }
        return task.startsWith("readmission-30d") ? READMISSION_CAVEAT : null;
    }
}
