package io.longitude.jobs.ingest;

import io.longitude.fhir.ExtractedRecord;
import io.longitude.jobs.SummaryFigures;
import io.longitude.warehouse.Warehouse;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

/**
 * What one ingest run read and wrote. {@code resourcesRead = resourcesAccepted + resourcesIgnored +
 * resourcesRejected + resourcesDeleted} holds overall and per type, over the files this run read: a
 * resource the reader accepted but a later step rejected (duplicate, unresolved subject) is counted as
 * rejected, one removed by a delete read in the same run as deleted. {@code files}, {@code resources}
 * (added, replaced, deleted, unchanged against the previous snapshot), the patients rebuilt or carried
 * over and the seconds per phase say how incremental the run was.
 */
public final class IngestSummary {

    static final String UNKNOWN_TYPE = "(unknown)";

    private final SummaryFigures values;

    private IngestSummary(SummaryFigures values) {
        this.values = values;
    }

    /**
     * @param records    the records this run read, or null when it read no file
     * @param resolution the resolution of the whole state, or null when it read no file
     * @param resources  resources added/replaced/deleted/unchanged (empty when it read no file)
     */
    static IngestSummary compute(SparkSession spark, Warehouse warehouse, Dataset<Row> records,
                                 ResourceResolution resolution, String runId, Map<String, Object> files,
                                 Map<String, Long> resources, long patientsRebuilt, Map<String, Double> seconds,
                                 long elapsedMillis, boolean developmentKey) {
        Column type = coalesce(col("resourceType"), lit(UNKNOWN_TYPE));
        Map<String, Map<String, Long>> byType = new TreeMap<>();
        long deleteRequests = 0;
        if (records != null) {
            for (Row r : records.groupBy(type.as("type"), col("outcome")).count().collectAsList()) {
                if (ExtractedRecord.DELETE.equals(r.getString(1))) {
                    deleteRequests += r.getLong(2);
                } else {
                    typeCounts(byType, r.getString(0)).merge(r.getString(1).toLowerCase(), r.getLong(2), Long::sum);
                }
            }
            moveAccepted(byType, resolution.stageRejectsOf(runId), type, "rejected");
            moveAccepted(byType, resolution.removedByDeleteOf(runId), type, "deleted");
        }
        long accepted = 0;
        long ignored = 0;
        long rejected = 0;
        long deleted = 0;
        for (Map<String, Long> counts : byType.values()) {
            counts.put("read", counts.get("accepted") + counts.get("ignored") + counts.get("rejected") + counts.get("deleted"));
            accepted += counts.get("accepted");
            ignored += counts.get("ignored");
            rejected += counts.get("rejected");
            deleted += counts.get("deleted");
        }

        Row patients = spark.read().parquet(warehouse.table(Warehouse.PATIENTS))
                .agg(count(lit(1)), PublishedCounts.deceased())
                .first();
        long patientCount = patients.getLong(0);
        Dataset<Row> rejects = spark.read().parquet(warehouse.table(Warehouse.REJECTS));
        Map<String, Object> resourceChanges = new LinkedHashMap<>(resources);
        resourceChanges.put("deleteRequestsRead", deleteRequests);

        SummaryFigures v = new SummaryFigures();
        v.put("runId", runId);
        v.put("upToDate", records == null);
        v.put("inputFiles", files.get("seen"));
        v.put("files", files);
        v.put("resourcesRead", accepted + ignored + rejected + deleted);
        v.put("resourcesAccepted", accepted);
        v.put("resourcesIgnored", ignored);
        v.put("resourcesRejected", rejected);
        v.put("resourcesDeleted", deleted);
        v.put("byType", byType);
        v.put("resources", resourceChanges);
        v.put("patients", patientCount);
        v.put("patientsRebuilt", patientsRebuilt);
        v.put("patientsCarriedOver", records == null ? patientCount : patientCount - patientsRebuilt);
        v.put("deceasedPatients", patients.getLong(1));
        PublishedCounts.putEncounters(v, PublishedCounts.encountersByClass(
                spark.read().parquet(warehouse.table(Warehouse.ENCOUNTERS))));
        v.put("rejectsByReason", PublishedCounts.countBy(rejects, col("reason")));
        v.put("developmentPseudonymKey", developmentKey);
        v.put("phaseSeconds", seconds);
        v.put("elapsedMillis", elapsedMillis);
        return new IngestSummary(v);
    }

    private static void moveAccepted(Map<String, Map<String, Long>> byType, Dataset<Row> records, Column type, String to) {
        for (Row r : records.groupBy(type.as("type")).count().collectAsList()) {
            Map<String, Long> counts = typeCounts(byType, r.getString(0));
            counts.merge("accepted", -r.getLong(1), Long::sum);
            counts.merge(to, r.getLong(1), Long::sum);
        }
    }

    private static Map<String, Long> typeCounts(Map<String, Map<String, Long>> byType, String type) {
        return byType.computeIfAbsent(type, t -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("read", 0L);
            counts.put("accepted", 0L);
            counts.put("ignored", 0L);
            counts.put("rejected", 0L);
            counts.put("deleted", 0L);
            return counts;
        });
    }

    public long resourcesRead() {
        return values.get("resourcesRead");
    }

    public long resourcesAccepted() {
        return values.get("resourcesAccepted");
    }

    public long resourcesIgnored() {
        return values.get("resourcesIgnored");
    }

    public long resourcesRejected() {
        return values.get("resourcesRejected");
    }

    public long resourcesDeleted() {
        return values.get("resourcesDeleted");
    }

    /** True when every input file had been ingested already: nothing was read and no table was rewritten. */
    public boolean upToDate() {
        return values.get("upToDate");
    }

    /** Files seen, skippedAlreadyIngested (of which skippedUnopened: size and time matched), hashed, read (readNew, readChanged). */
    public Map<String, Long> files() {
        return values.get("files");
    }

    /** Resources added, replaced, deleted, unchanged against the previous snapshot, and deleteRequestsRead. */
    public Map<String, Long> resources() {
        return values.get("resources");
    }

    public long patientsRebuilt() {
        return values.get("patientsRebuilt");
    }

    public long patientsCarriedOver() {
        return values.get("patientsCarriedOver");
    }

    /** Seconds per phase: listing and hashing, parsing the files read, merging and resolving the state,
     * rebuilding the changed patients, writing the tables with the carried-over rows. */
    public Map<String, Double> seconds() {
        return values.get("phaseSeconds");
    }

    /** What the run manifest records of this ingest. */
    public Map<String, Object> manifestEntry() {
        Map<String, Object> entry = new LinkedHashMap<>();
        for (String key : new String[]{"upToDate", "files", "resources", "resourcesRead", "resourcesAccepted",
                "resourcesIgnored", "resourcesRejected", "resourcesDeleted", "patients", "patientsRebuilt",
                "patientsCarriedOver", "encounters", "phaseSeconds"}) {
            entry.put(key, values.get(key));
        }
        return entry;
    }

    public long patients() {
        return values.get("patients");
    }

    public long deceasedPatients() {
        return values.get("deceasedPatients");
    }

    public long encounters() {
        return values.get("encounters");
    }

    public long inputFiles() {
        return values.get("inputFiles");
    }

    public long elapsedMillis() {
        return values.get("elapsedMillis");
    }

    public Map<String, Map<String, Long>> byType() {
        return values.get("byType");
    }

    public Map<String, Long> encountersByClass() {
        return values.get("encountersByClass");
    }

    public Map<String, Long> rejectsByReason() {
        return values.get("rejectsByReason");
    }

    public String toJson() {
        return values.toJson();
    }

    public String toReadableText() {
        StringBuilder text = new StringBuilder();
        Map<String, Long> files = files();
        text.append(String.format("Ingest %s: %d files seen, %d already ingested, %d read (%d new, %d changed)%s%n",
                values.get("runId"), files.get("seen"), files.get("skippedAlreadyIngested"), files.get("read"),
                files.get("readNew"), files.get("readChanged"), upToDate() ? ": up to date, nothing rewritten" : ""));
        text.append(String.format("  %d resources read = %d accepted + %d ignored + %d rejected + %d deleted%n",
                resourcesRead(), resourcesAccepted(), resourcesIgnored(), resourcesRejected(), resourcesDeleted()));
        text.append(String.format("  resources %s; patients rebuilt %d, carried over %d%n", resources(), patientsRebuilt(),
                patientsCarriedOver()));
        text.append(String.format("  %d patients (%d deceased), %d encounters %s%n", patients(), deceasedPatients(),
                encounters(), encountersByClass()));
        text.append(String.format("  seconds: %s%n", seconds()));
        if (!byType().isEmpty()) {
            text.append(String.format("  %-28s %10s %10s %10s %10s %10s%n", "resource type", "read", "accepted",
                    "ignored", "rejected", "deleted"));
            byType().forEach((type, c) -> text.append(String.format("  %-28s %10d %10d %10d %10d %10d%n", type,
                    c.get("read"), c.get("accepted"), c.get("ignored"), c.get("rejected"), c.get("deleted"))));
        }
        PublishedCounts.appendRejectsAndKeyWarning(text, values);
        return text.toString();
    }
}
