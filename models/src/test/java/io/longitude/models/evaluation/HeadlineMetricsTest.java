package io.longitude.models.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a person reads of an evaluation: each headline metric with its patients and, when too few, the flag. */
class HeadlineMetricsTest {

    private static final MetricSettings SETTINGS = new MetricSettings(1000, 7, 10, List.of(0.5), List.of(18, 65), 10, 20,
            RecalibrationMethod.PLATT);

    @Test
    void aBinaryEvaluationOnTooFewPositivePatientsSaysItCannotBeJudged() {
        // Three patients, one positive sample each, among twelve negatives: fewer positive patients than the minimum.
        int n = 15;
        EvaluationSet set = new EvaluationSet(IntStream.range(0, n).mapToObj(i -> "s" + i).toArray(String[]::new),
                IntStream.range(0, n).mapToObj(i -> "p" + i).toArray(String[]::new),
                IntStream.range(0, n).mapToDouble(i -> i / (double) n).toArray(),
                IntStream.range(0, n).map(i -> i >= n - 3 ? 1 : 0).toArray(),
                IntStream.range(0, n).mapToObj(i -> "female").toArray(String[]::new),
                IntStream.range(0, n).map(i -> 70).toArray());
        ObjectNode document = new ObjectMapper().createObjectNode();
        document.putArray("models").add(new ModelEvaluator(SETTINGS).evaluate("gru", "v1", "network", set, set).json());

        HeadlineMetrics.Model model = HeadlineMetrics.of(document).get(0);
        assertEquals(List.of("AUROC", "AUPRC", "Brier"), model.metrics().stream().map(JudgedMetric::label).toList());
        assertEquals("network gru v1  AUROC 1.000 [positive patients: 3, cannot be judged on this data]  "
                        + "AUPRC 1.000 [positive patients: 3, cannot be judged on this data]  "
                        + "Brier " + String.format(Locale.ROOT, "%.3f", model.metrics().get(2).value())
                        + " [positive patients: 3, cannot be judged on this data]", model.text());
    }

    @Test
    void aNextVisitEvaluationCountsPatientsWithANextVisit() throws Exception {
        ObjectNode document = (ObjectNode) new ObjectMapper().readTree("""
                {"models": [{"model": "seq2seq-gru", "role": "network", "modelVersion": "v2", "metrics": {
                  "recallAt10": {"value": 0.41, "positivePatients": 57, "judgeable": true},
                  "precisionAt10": {"value": 0.12, "positivePatients": 57, "judgeable": true},
                  "recallAt20": {"value": null, "positivePatients": 57, "judgeable": true}}}]}""");
        assertEquals("network seq2seq-gru v2  recall@10 0.410 [patients with a next visit: 57]  "
                + "recall@20 n/a [patients with a next visit: 57]", HeadlineMetrics.of(document).get(0).text());
    }

    @Test
    void aMetricJudgedHereUsesTheMinimum() {
        assertEquals("validation AUROC 0.812 [positive patients: 9, cannot be judged on this data]",
                JudgedMetric.of("validation", "auroc", 0.8123, 9, 10).text());
        assertEquals("validation AUROC 0.812 [positive patients: 10]", JudgedMetric.of("validation", "auroc", 0.8123, 10, 10).text());
        for (String recall : List.of("recall@20", "recallAt20", "recall_at_20")) {
            assertEquals("test recall@20 0.500 [patients with a next visit: 12]",
                    JudgedMetric.of("test", recall, 0.5, 12, 10).text(), recall);
        }
    }
}
