package io.longitude.jobs.score;

import io.longitude.cohort.Attrition;
import io.longitude.cohort.TaskConfig;
import io.longitude.jobs.SummaryFigures;
import io.longitude.scoring.ScoringVersion;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a scoring did: the attrition of the open events (remaining after each step, in order), how many were
 * scored, how many fell in each risk band, which version scored and as of when. Counts only.
 */
public final class ScoreSummary {

    private final SummaryFigures values;

    private ScoreSummary(SummaryFigures values) {
        this.values = values;
    }

    static ScoreSummary of(TaskConfig task, String model, ScoringVersion version, Instant asOf, String runId,
                           List<String> steps, long[] reached, long scored, Map<String, Long> bands, String path,
                           long elapsedMillis) {
        List<Map<String, Object>> attrition = Attrition.of(steps, reached);
        SummaryFigures v = new SummaryFigures();
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
        v.put("recalibration", version.recalibrator() == null ? null : version.recalibrator().applied().label());
        v.put("recalibrationReason", version.recalibrator() == null ? null : version.recalibrator().reason());
        v.put("wrote", path);
        v.put("elapsedMillis", elapsedMillis);
        return new ScoreSummary(v);
    }

    public String modelVersion() {
        return values.get("modelVersion");
    }

    public Instant asOf() {
        return Instant.parse(values.get("asOf"));
    }

    public long openEvents() {
        return values.get("openEvents");
    }

    public long scored() {
        return values.get("scored");
    }

    /** {band code → events}; "none" for next-visit-dx. */
    public Map<String, Long> bands() {
        return values.get("bands");
    }

    /**
     * The recalibration the probabilities went through ({@code platt}, {@code isotonic}, {@code intercept},
     * {@code none}), and why it is not the configured one; null for next-visit-dx, whose scores are not risks.
     */
    public String recalibration() {
        return values.get("recalibration");
    }

    public String recalibrationReason() {
        return values.get("recalibrationReason");
    }

    public String path() {
        return values.get("wrote");
    }

    /** {step → remaining} in step order. */
    public Map<String, Long> attrition() {
        return Attrition.remainingByStep(values.get("attrition"));
    }

    /** One line per attrition step: remaining, and how many that step removed. */
    public List<String> attritionLines() {
        return Attrition.lines(attrition(), 32);
    }

    public String toJson() {
        return values.toJson();
    }
}
