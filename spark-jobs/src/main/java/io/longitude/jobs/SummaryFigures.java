package io.longitude.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named figures of a job's summary (ingest, MEDS ingest, cohort, score, train, MEDS export), in the order they
 * were put, and the one way a summary is written as JSON ({@code --summary-json}, the warehouse's summary files).
 */
public final class SummaryFigures {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Object> values = new LinkedHashMap<>();

    public SummaryFigures put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    public SummaryFigures putAll(Map<String, ?> figures) {
        values.putAll(figures);
        return this;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The figure put under {@code key}, as the type it was put with (a summary's accessors name that type). */
    @SuppressWarnings("unchecked")
    public <T> T get(String key) {
        return (T) values.get(key);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(String key, T absent) {
        return (T) values.getOrDefault(key, absent);
    }

    public String toJson() {
        return json(values);
    }

    /** Indented JSON of a summary built as a tree or a map. */
    public static String json(Object summary) {
        try {
            return JSON.writeValueAsString(summary);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("summary is not serialisable", e);
        }
    }
}
