package io.longitude.report;

import com.fasterxml.jackson.databind.JsonNode;

import static io.longitude.report.Html.esc;

/** The model card: what the model is, its intended use, data, task, metrics and limitations. */
final class ModelCardSection {

    private ModelCardSection() {
    }

    static void render(StringBuilder html, ReportInput in, SmallCells cells) {
        JsonNode network = in.network();
        boolean nextVisit = in.nextVisit();
        html.append("<h2>Model card</h2>\n<dl>")
                .append("<dt>Model</dt><dd>").append(esc(network.get("model").asText())).append(" version ")
                .append(esc(network.get("modelVersion").asText()))
                .append(nextVisit
                        ? ", recurrent network over visit sequences with a sigmoid output per target code at every "
                                + "visit; baseline: the training split's most frequent next-visit codes, the same "
                                + "ranking for every visit.</dd>"
                        : ", recurrent network over visit sequences; baseline: L2-regularised logistic regression on "
                                + "bag-of-codes counts.</dd>")
                .append("<dt>Intended use</dt><dd>").append(esc(in.intendedUse())).append("</dd>")
                .append("<dt>Data</dt><dd>FHIR R4 records ingested by Longitude, pseudonymised; patients split 70/15/15 "
                        + "by a salted hash of the patient key, all of a patient's samples in one split. Test split: ")
                .append(esc(cells.count(network.get("samples").asLong()))).append(" samples, ")
                .append(esc(cells.count(network.get("patients").asLong()))).append(" patients.</dd>")
                .append("<dt>Task</dt><dd>").append(esc(TaskDescriptions.definition(in.task()))).append("</dd>")
                .append(nextVisit
                        ? "<dt>Metrics</dt><dd>Recall@k and precision@k with patient-bootstrap 95% intervals; see "
                                + "the table above.</dd>"
                        : "<dt>Metrics</dt><dd>AUROC and AUPRC with patient-bootstrap 95% intervals, Brier score, "
                                + "expected calibration error, calibration-in-the-large and slope, before and after "
                                + "recalibration; see the tables above.</dd>")
                .append("<dt>Limitations</dt><dd><ul>");
        String caveat = TaskDescriptions.limitation(in.task(), nextVisit);
        if (caveat != null) {
            html.append("<li class=\"note\">").append(esc(caveat)).append("</li>");
        }
        if (!network.get("judgeable").asBoolean()) {
            html.append("<li class=\"warn\">Too few ").append(nextVisit ? "patients with a next visit" : "positive patients")
                    .append(" in the test split: the metrics cannot be judged on this data.</li>");
        }
        html.append("<li>Evaluated on retrospective data from one source; performance on another population, coding "
                + "practice or time period is unknown until measured there.</li>")
                .append(nextVisit
                        ? "<li>Ranked codes are suggestions for review, not diagnoses.</li></ul></dd></dl>\n"
                        : "<li>Scores are risks for decision support, not diagnoses; calibration drifts when "
                                + "prevalence changes.</li></ul></dd></dl>\n");
    }
}
