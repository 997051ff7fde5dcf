package io.longitude.jobs.cohort;

import io.longitude.cohort.Attrition;
import io.longitude.cohort.CandidateOutcome;
import io.longitude.cohort.VisitTokeniser;
import io.longitude.cohort.TaskConfig;
import io.longitude.cohort.TaskKind;
import io.longitude.cohort.Vocabulary;
import io.longitude.jobs.SummaryFigures;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * What a cohort run produced: attrition (remaining after each step, in order), samples, positives,
 * patients and positive patients overall and per split, vocabulary size, data end, the visit cap.
 * Every figure is a distributed aggregate over the candidates.
 */
public final class CohortSummary {

    private final SummaryFigures values;

    private CohortSummary(SummaryFigures values) {
        this.values = values;
    }

    static CohortSummary compute(TaskConfig config, List<String> steps, Dataset<CandidateOutcome> outcomes,
                                 Vocabulary vocabulary, Vocabulary targetVocabulary, Instant dataEnd, String runId,
                                 long elapsedMillis) {
        long[] reached = new long[steps.size()];
        for (Row r : outcomes.groupBy(col("reachedStep")).count().collectAsList()) {
            reached[r.getInt(0)] = r.getLong(1);
        }
        List<Map<String, Object>> attrition = Attrition.of(steps, reached);

        boolean binary = config.kind().binary();
        Dataset<CandidateOutcome> samples = outcomes.filter(col("reachedStep").equalTo(steps.size() - 1));
        Column positive = coalesce(col("label"), lit(0)).equalTo(1);
        List<Column> aggregates = List.of(count(lit(1)).as("samples"),
                sum(when(positive, 1L).otherwise(0L)).as("positives"),
                countDistinct(col("patientKey")).as("patients"),
                countDistinct(when(positive, col("patientKey"))).as("positivePatients"),
                sum(when(col("plannedOnly").equalTo(true), 1L).otherwise(0L)).as("plannedOnly"));
        Row total = samples.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
                .first();
        Map<String, Object> splits = new TreeMap<>();
        for (Row r : samples.groupBy(col("split"))
                .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
                .collectAsList()) {
            splits.put(r.getString(0), counts(r, 1, binary));
        }

        SummaryFigures v = new SummaryFigures();
        v.put("task", config.name());
        v.put("kind", config.kind().label());
        v.put("runId", runId);
        v.put("attrition", attrition);
        v.putAll(counts(total, 0, binary));
        v.put("splits", splits);
        if (config.kind() == TaskKind.READMISSION && !config.unplannedOnly()) {
            // All-cause readmission on Synthea is mostly chemotherapy cycles: show how many positives only that.
            v.put("positivesWithPlannedReadmissionOnly", total.isNullAt(4) ? 0L : total.getLong(4));
        }
        v.put("vocabularySize", vocabulary.size());
        if (targetVocabulary != null) {
            v.put("targetVocabularySize", targetVocabulary.size());
        }
        v.put("dataEnd", dataEnd.toString());
        v.put("maxVisits", config.maxVisits());
        v.put("numericFeatures", VisitTokeniser.numericFeatures(vocabulary.valueBins()));
        v.put("elapsedMillis", elapsedMillis);
        return new CohortSummary(v);
    }

    private static Map<String, Object> counts(Row r, int offset, boolean binary) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("samples", r.getLong(offset));
        if (binary) {
            c.put("positives", r.isNullAt(offset + 1) ? 0L : r.getLong(offset + 1));
        }
        c.put("patients", r.getLong(offset + 2));
        if (binary) {
            c.put("positivePatients", r.getLong(offset + 3));
        }
        return c;
    }

    public long samples() {
        return values.get("samples");
    }

    /** Positive samples; 0 for next-visit-dx. */
    public long positives() {
        return values.get("positives", 0L);
    }

    public long patients() {
        return values.get("patients");
    }

    public long positivePatients() {
        return values.get("positivePatients", 0L);
    }

    public int vocabularySize() {
        return values.get("vocabularySize");
    }

    public Instant dataEnd() {
        return Instant.parse(values.get("dataEnd"));
    }

    public long elapsedMillis() {
        return values.get("elapsedMillis");
    }

    /** {step → remaining} in step order. */
    public Map<String, Long> attrition() {
        return Attrition.remainingByStep(values.get("attrition"));
    }

    /** Per split ({@code train}, {@code validation}, {@code test}): samples, positives, patients, positivePatients. */
    public Map<String, Map<String, Long>> splits() {
        return values.get("splits");
    }

    public String toJson() {
        return values.toJson();
    }

    /** One line per attrition step: remaining, and how many that step removed. */
    public List<String> attritionLines() {
        return Attrition.lines(attrition(), 36);
    }

    public String toReadableText() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("Cohort %s (%s), data end %s%n", values.get("task"), values.get("kind"),
                values.get("dataEnd")));
        attritionLines().forEach(line -> text.append("  ").append(line).append('\n'));
        text.append(String.format("  %d samples, %d positives, %d patients, %d positive patients; vocabulary %d%n",
                samples(), positives(), patients(), positivePatients(), vocabularySize()));
        splits().forEach((split, c) -> text.append(String.format("  %-10s %s%n", split, c)));
        if (values.has("positivesWithPlannedReadmissionOnly")) {
            text.append(String.format("  %d of %d positives were readmitted only for a planned stay "
                    + "(chemotherapy, radiotherapy, dialysis)%n", values.get("positivesWithPlannedReadmissionOnly"),
                    positives()));
        }
        return text.toString();
    }
}
