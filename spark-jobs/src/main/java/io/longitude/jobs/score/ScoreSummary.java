package io.longitude.jobs.score;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.longitude.cohort.Attrition;
import io.longitude.cohort.TaskConfig;
import io.longitude.scoring.ScoringVersion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a scoring did: the attrition of the open events (remaining after each step, in order), how many were
 * scored, how many fell in each risk band, which version scored and as of when. Counts only.
 */
public final class ScoreSummary {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Object> values;

    private ScoreSummary(Map<String, Object> values) {
        this.values = values;
    }

    static ScoreSummary of(TaskConfig task, String model, ScoringVersion version, Instant asOf, String runId,
                           List<String> steps, long[] reached, long scored, Map<String, Long> bands, String path,
                           long elapsedMillis) {
        List<Map<String, Object>> attrition = Attrition.of(steps, reached);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("task", task.name());
        v.put("kind", task.kind().label());
        v.put("model", model);
        v.put("modelVersion", version.name());
        v.put("trainingDataHash", version.trainingDataHash());
        v.put("asOf", asOf.toString());
        v.put("runId", runId);
        v.put("attrition", attrition);
        v.put("openEvents", Attrition.remaining(attrition));
        v.put("scored", scored);
        v.put("bands", bands);
        v.put("wrote", path);
        v.put("elapsedMillis", elapsedMillis);
        return new ScoreSummary(v);
    }

    public String modelVersion() {
        return (String) values.get("modelVersion");
    }

    public Instant asOf() {
        return Instant.parse((String) values.get("asOf"));
    }

    public long openEvents() {
        return (Long) values.get("openEvents");
    }

    public long scored() {
        return (Long) values.get("scored");
    }

    /** {band code → events}; "none" for next-visit-dx. */
    @SuppressWarnings("unchecked")
    public Map<String, Long> bands() {
        return (Map<String, Long>) values.get("bands");
    }

    public String path() {
        return (String) values.get("wrote");
    }

    /** {step → remaining} in step order. */
    @SuppressWarnings("unchecked")
    public Map<String, Long> attrition() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map<String, Object> step : (List<Map<String, Object>>) values.get("attrition")) {
            out.put((String) step.get("step"), (Long) step.get("remaining"));
        }
        return out;
    }

    /** One line per attrition step: remaining, and how many that step removed. */
    public List<String> attritionLines() {
        List<String> lines = new ArrayList<>();
        long previous = -1;
        for (Map.Entry<String, Long> step : attrition().entrySet()) {
            lines.add(String.format("%-32s %10d%s", step.getKey(), step.getValue(),
                    previous < 0 ? "" : String.format("  (-%d)", previous - step.getValue())));
            previous = step.getValue();
        }
        return lines;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("summary is not serialisable", e);
        }
    }
}
