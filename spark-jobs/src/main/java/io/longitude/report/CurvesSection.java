package io.longitude.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Binary tasks: ROC, precision-recall and reliability curves of every model, one chart each. */
final class CurvesSection {

    private CurvesSection() {
    }

    static void render(StringBuilder html, JsonNode metrics, SmallCells cells) throws IOException {
        List<Charts.Series> roc = new ArrayList<>();
        List<Charts.Series> pr = new ArrayList<>();
        List<Charts.Series> reliability = new ArrayList<>();
        for (JsonNode model : metrics.get("models")) {
            String name = model.get("model").asText();
            roc.add(new Charts.Series(name, Html.points(model.get("curves").get("roc"))));
            pr.add(new Charts.Series(name, Html.points(model.get("curves").get("pr"))));
            List<double[]> bins = new ArrayList<>();
            for (JsonNode bin : model.get("reliability")) {
                // Bins with fewer samples than the small-cell threshold are left out of the plot.
                if (!bin.get("meanPredicted").isNull() && bin.get("count").asLong() >= cells.threshold()) {
                    bins.add(new double[] {bin.get("meanPredicted").asDouble(), bin.get("observedRate").asDouble()});
                }
            }
            reliability.add(new Charts.Series(name, bins));
        }
        html.append("<h2>Discrimination and calibration</h2>\n");
        html.append(Html.img(Charts.lines("ROC", "false positive rate", "true positive rate", roc, true, true),
                "ROC curve"));
        html.append(Html.img(Charts.lines("Precision-recall", "recall", "precision", pr, true, false),
                "Precision-recall curve"));
        html.append(Html.img(Charts.lines("Reliability (10 bins; bins under " + cells.threshold() + " samples hidden)",
                "mean predicted risk", "observed rate", reliability, true, true), "Reliability curve"));
    }
}
