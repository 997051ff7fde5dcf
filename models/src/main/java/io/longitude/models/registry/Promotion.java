package io.longitude.models.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * One change of the version that scores a task with a model, as the registry's promotion history keeps it:
 * when, by whom, which action ({@value #PROMOTE} or {@value #ROLLBACK}), from which version (null for the
 * first promotion) to which, and why.
 */
public record Promotion(Instant at, String by, String action, String from, String to, String reason) {

    public static final String PROMOTE = "promote";
    public static final String ROLLBACK = "rollback";

    public static Promotion fromJson(JsonNode node) {
        return new Promotion(Instant.parse(node.path("at").asText()), node.path("by").asText(),
                node.path("action").asText(), node.path("from").isNull() ? null : node.path("from").asText(),
                node.path("to").asText(), node.path("reason").asText());
    }

    public void writeTo(ObjectNode node) {
        node.put("at", at.toString());
        node.put("by", by);
        node.put("action", action);
        node.put("from", from);
        node.put("to", to);
        node.put("reason", reason);
    }

    /** e.g. {@code 2026-01-08T09:12:00Z  promote v20260101T020000Z -> v20260108T020000Z  by ana: better calibrated}. */
    public String text() {
        return at + "  " + action + " " + (from == null ? "-" : from) + " -> " + to + "  by " + by + ": " + reason;
    }
}
