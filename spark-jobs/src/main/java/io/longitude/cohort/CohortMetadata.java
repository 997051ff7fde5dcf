package io.longitude.cohort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.longitude.config.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * What a built cohort is, written once beside its samples by the cohort job: the task's name, its kind (the
 * one place every later stage learns whether the task is binary or next-visit-dx) and the data end it was built
 * to, and the task's whole definition ({@link TaskConfig#definition}; null in a cohort built before it was kept),
 * which a model version copies so that it can score alone. No run id or time of writing: a rebuilt cohort stays
 * byte-identical.
 */
public record CohortMetadata(String task, TaskKind kind, Instant dataEnd, String definition) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static CohortMetadata of(TaskConfig task, Instant dataEnd) {
        return new CohortMetadata(task.name(), task.kind(), dataEnd, task.definition());
    }

    public CohortMetadata(String task, TaskKind kind, Instant dataEnd) {
        this(task, kind, dataEnd, null);
    }

    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("task", task);
        node.put("kind", kind.label());
        node.put("dataEnd", dataEnd.toString());
        if (definition != null) {
            node.put("definition", definition);
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads what {@link #toJson} wrote; {@code origin} names the file in errors. */
    public static CohortMetadata fromJson(String json, String origin) {
        try {
            JsonNode node = JSON.readTree(json);
            for (String key : new String[]{"task", "kind", "dataEnd"}) {
                if (!node.path(key).isTextual()) {
                    throw new BadInputException(origin + " lacks '" + key + "': rebuild the cohort");
                }
            }
            return new CohortMetadata(node.get("task").asText(), TaskKind.of(node.get("kind").asText()),
                    Instant.parse(node.get("dataEnd").asText()),
                    node.path("definition").isTextual() ? node.get("definition").asText() : null);
        } catch (IOException e) {
            throw new BadInputException(origin + " is not valid JSON: " + e.getMessage());
        }
    }
}
