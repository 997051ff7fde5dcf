package io.longitude.jobs.writeback;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a write-back did: scored samples, RiskAssessments written as NDJSON (samples whose patient is not in
 * the identity table cannot be written), and how many the FHIR server accepted (null without a server).
 */
public record WritebackSummary(String task, String model, long scoredSamples, long resourcesWritten, Long accepted,
                               String ndjsonPath) {

    public String toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("task", task);
        node.put("model", model);
        node.put("scoredSamples", scoredSamples);
        node.put("resourcesWritten", resourcesWritten);
        if (accepted == null) {
            node.putNull("acceptedByServer");
        } else {
            node.put("acceptedByServer", accepted);
        }
        node.put("ndjson", ndjsonPath);
        return node.toPrettyString();
    }
}
