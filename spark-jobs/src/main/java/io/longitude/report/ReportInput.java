package io.longitude.report;

import com.fasterxml.jackson.databind.JsonNode;

import io.longitude.monitoring.RunTrend;

import java.util.List;

/**
 * Everything a report is made of, read by the report job: {@code metrics.json} of the evaluation, the newest
 * cohort summary (null when there is none), Table 1 aggregated over the cohort's samples, and the training
 * history of the evaluated version (null when it is missing), the newest backtest summary of the task and model
 * (null when there is none) and the evaluation's {@code explanations.json} (null when there is none).
 *
 * @param nextVisit   the task's kind as its cohort records it: next-visit-dx reports show recall@k instead of
 *                    the binary metrics and curves
 * @param intendedUse the model card's intended use for this kind of model
 * @param trend       the network's test figures across pipeline runs, oldest first (empty when none evaluated it)
 */
public record ReportInput(String task, String model, boolean nextVisit, JsonNode metrics, JsonNode cohortSummary,
                          List<TableOneRow> tableOne, JsonNode trainingHistory, JsonNode backtest,
                          String intendedUse, List<RunTrend.Point> trend, JsonNode explanations) {

    /** The evaluated network's entry in metrics.json (the baseline's is the second). */
    JsonNode network() {
        return metrics.get("models").get(0);
    }
}
