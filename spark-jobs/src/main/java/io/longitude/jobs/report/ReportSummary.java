package io.longitude.jobs.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.longitude.models.evaluation.HeadlineMetrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** What a report run wrote (its path) and the key figures it shows, each with the patients it rests on. */
public record ReportSummary(String path, String task, String model, List<HeadlineMetrics.Model> models) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("report", path);
        root.put("task", task);
        root.put("model", model);
        ArrayNode array = root.putArray("models");
        for (HeadlineMetrics.Model m : models) {
            ObjectNode node = array.addObject();
            node.put("model", m.model());
            node.put("role", m.role());
            node.put("version", m.version());
            ArrayNode metrics = node.putArray("metrics");
            m.metrics().forEach(metric -> metric.writeTo(metrics.addObject()));
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
