package io.longitude.jobs.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.longitude.ingest.ExtractedRecord;
import io.longitude.jobs.Warehouse;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * What one ingest run read and wrote. {@code resourcesRead = resourcesAccepted + resourcesIgnored +
 * resourcesRejected} holds overall and per type: a resource the reader accepted but a later step
 * rejected (duplicate, unresolved subject) is counted as rejected, not accepted.
 */
public final class IngestSummary {

    static final String UNKNOWN_TYPE = "(unknown)";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Object> values;

    private IngestSummary(Map<String, Object> values) {
        this.values = values;
    }

    /**
     * The counts, from the read records (cached) and the written tables: four small aggregations, no
     * recomputation of the cross-file steps. A resource's read-time outcome comes from {@code records}; the
     * rejects the cross-file steps added per type are the {@code rejects} table's rows beyond the reader's.
     */
    static IngestSummary compute(SparkSession spark, Warehouse warehouse, Dataset<ExtractedRecord> records,
                                 long inputFiles, String runId, long elapsedMillis, boolean developmentKey) {
        Column type = coalesce(col("resourceType"), lit(UNKNOWN_TYPE));
        Map<String, Map<String, Long>> byType = new TreeMap<>();
        for (Row r : records.groupBy(type.as("type"), col("outcome")).count().collectAsList()) {
            typeCounts(byType, r.getString(0)).merge(r.getString(1).toLowerCase(), r.getLong(2), Long::sum);
        }
        Dataset<Row> rejects = spark.read().parquet(warehouse.table(Warehouse.REJECTS));
        Map<String, Long> rejectsByReason = new TreeMap<>();
        Map<String, Long> rejectedByType = new TreeMap<>();
        for (Row r : rejects.groupBy(type.as("type"), col("reason")).count().collectAsList()) {
            rejectsByReason.merge(r.getString(1), r.getLong(2), Long::sum);
            rejectedByType.merge(r.getString(0), r.getLong(2), Long::sum);
        }
        rejectedByType.forEach((t, rejected) -> {
            Map<String, Long> counts = typeCounts(byType, t);
            long addedLater = rejected - counts.get("rejected");
            counts.merge("accepted", -addedLater, Long::sum);
            counts.put("rejected", rejected);
        });
        long accepted = 0;
        long ignored = 0;
        long rejected = 0;
        for (Map<String, Long> counts : byType.values()) {
            counts.put("read", counts.get("accepted") + counts.get("ignored") + counts.get("rejected"));
            accepted += counts.get("accepted");
            ignored += counts.get("ignored");
            rejected += counts.get("rejected");
        }

        Row patients = spark.read().parquet(warehouse.table(Warehouse.PATIENTS))
                .agg(count(lit(1)), count(when(col("deceased").equalTo(true).or(col("deathTime").isNotNull()), lit(1))))
                .first();
        Map<String, Long> encountersByClass = countBy(spark.read().parquet(warehouse.table(Warehouse.ENCOUNTERS)),
                coalesce(col("classCode"), lit("(none)")));

        Map<String, Object> v = new LinkedHashMap<>();
        v.put("runId", runId);
        v.put("inputFiles", inputFiles);
        v.put("resourcesRead", accepted + ignored + rejected);
        v.put("resourcesAccepted", accepted);
        v.put("resourcesIgnored", ignored);
        v.put("resourcesRejected", rejected);
        v.put("byType", byType);
        v.put("patients", patients.getLong(0));
        v.put("deceasedPatients", patients.getLong(1));
        v.put("encounters", encountersByClass.values().stream().mapToLong(Long::longValue).sum());
        v.put("encountersByClass", encountersByClass);
        v.put("rejectsByReason", rejectsByReason);
        v.put("developmentPseudonymKey", developmentKey);
        v.put("elapsedMillis", elapsedMillis);
        return new IngestSummary(v);
    }

    private static Map<String, Long> typeCounts(Map<String, Map<String, Long>> byType, String type) {
        return byType.computeIfAbsent(type, t -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("read", 0L);
            counts.put("accepted", 0L);
            counts.put("ignored", 0L);
            counts.put("rejected", 0L);
            return counts;
        });
    }

    private static Map<String, Long> countBy(Dataset<Row> table, Column key) {
        Map<String, Long> counts = new TreeMap<>();
        List<Row> rows = table.groupBy(key.as("k")).count().collectAsList();
        for (Row r : rows) {
            counts.put(r.getString(0), r.getLong(1));
        }
        return counts;
    }

    public long resourcesRead() {
        return (Long) values.get("resourcesRead");
    }

    public long resourcesAccepted() {
        return (Long) values.get("resourcesAccepted");
    }

    public long resourcesIgnored() {
        return (Long) values.get("resourcesIgnored");
    }

    public long resourcesRejected() {
        return (Long) values.get("resourcesRejected");
    }

    public long patients() {
        return (Long) values.get("patients");
    }

    public long deceasedPatients() {
        return (Long) values.get("deceasedPatients");
    }

    public long encounters() {
        return (Long) values.get("encounters");
    }

    public long inputFiles() {
        return (Long) values.get("inputFiles");
    }

    public long elapsedMillis() {
        return (Long) values.get("elapsedMillis");
    }

    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Long>> byType() {
        return (Map<String, Map<String, Long>>) values.get("byType");
    }

    @SuppressWarnings("unchecked")
    public Map<String, Long> encountersByClass() {
        return (Map<String, Long>) values.get("encountersByClass");
    }

    @SuppressWarnings("unchecked")
    public Map<String, Long> rejectsByReason() {
        return (Map<String, Long>) values.get("rejectsByReason");
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("summary is not serialisable", e);
        }
    }

    public String toReadableText() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("Ingest %s: %d files, %d resources read = %d accepted + %d ignored + %d rejected%n",
                values.get("runId"), inputFiles(), resourcesRead(), resourcesAccepted(), resourcesIgnored(),
                resourcesRejected()));
        text.append(String.format("  %d patients (%d deceased), %d encounters %s%n", patients(), deceasedPatients(),
                encounters(), encountersByClass()));
        if (!rejectsByReason().isEmpty()) {
            text.append(String.format("  rejects by reason: %s%n", rejectsByReason()));
        }
        text.append(String.format("  %-28s %10s %10s %10s %10s%n", "resource type", "read", "accepted", "ignored", "rejected"));
        byType().forEach((type, c) -> text.append(String.format("  %-28s %10d %10d %10d %10d%n", type, c.get("read"),
                c.get("accepted"), c.get("ignored"), c.get("rejected"))));
        if (Boolean.TRUE.equals(values.get("developmentPseudonymKey"))) {
            text.append("  WARNING: patient keys use the development pseudonymisation key; set LONGITUDE_PSEUDONYM_KEY\n");
        }
        return text.toString();
    }
}
