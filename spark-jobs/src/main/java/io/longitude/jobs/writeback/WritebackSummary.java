package io.longitude.jobs.writeback;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/**
 * What a write-back did: the events read (a scoring as of an instant, or the cohort audit), the RiskAssessments
 * in the warehouse's NDJSON, and with a FHIR server what it created and updated.
 *
 * @param asOf   the scoring written back; null for the cohort audit
 * @param server null without a server
 */
public record WritebackSummary(String task, String model, String source, Instant asOf, List<String> modelVersions,
                               long events, long resourcesWritten, String ndjsonPath, Server server) {

    /**
     * @param sent          events sent (those whose patient is in the identity table)
     * @param notInIdentity events not sent: their patient is not in the identity table
     */
    public record Server(long sent, long created, long updated, long notInIdentity) {

        public long accepted() {
            return created + updated;
        }
    }

    /** Every event is in the warehouse's file and, with a server, accepted by it. */
    public boolean complete() {
        return resourcesWritten == events && (server == null || server.accepted() == events);
    }

    public String toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("task", task);
        node.put("model", model);
        node.put("source", source);
        node.put("asOf", asOf == null ? null : asOf.toString());
        modelVersions.forEach(node.putArray("modelVersions")::add);
        node.put("events", events);
        node.put("resourcesWritten", resourcesWritten);
        node.put("ndjson", ndjsonPath);
        if (server == null) {
            node.putNull("fhirServer");
        } else {
            ObjectNode s = node.putObject("fhirServer");
            s.put("sent", server.sent());
            s.put("created", server.created());
            s.put("updated", server.updated());
            s.put("notInIdentity", server.notInIdentity());
        }
        return node.toPrettyString();
    }
}
