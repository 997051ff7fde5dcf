package io.longitude.jobs.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one {@code ingest --input-format meds} run read and wrote: {@code rowsRead = rowsAccepted + rowsRejected}
 * (every row of the data files ends up in a visit sequence or in {@code rejects}), subjects, visits and where they
 * came from.
 */
public final class MedsIngestSummary {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Object> values = new LinkedHashMap<>();

    MedsIngestSummary(String runId, Map<String, String> datasets) {
        values.put("runId", runId);
        values.put("inputFormat", "meds");
        values.put("datasets", datasets);
    }

    void rows(long read, long accepted, long rejected) {
        values.put("rowsRead", read);
        values.put("rowsAccepted", accepted);
        values.put("rowsRejected", rejected);
    }

    void patients(long patients, long deceased, long withDayVisits) {
        values.put("patients", patients);
        values.put("deceasedPatients", deceased);
        values.put("patientsWithDayVisits", withDayVisits);
    }

    void encounters(Map<String, Long> byClass) {
        values.put("encounters", byClass.values().stream().mapToLong(Long::longValue).sum());
        values.put("encountersByClass", byClass);
    }

    void rejectsByReason(Map<String, Long> byReason) {
        values.put("rejectsByReason", byReason);
    }

    void finish(boolean developmentKey, long elapsedMillis) {
        values.put("developmentPseudonymKey", developmentKey);
        values.put("elapsedMillis", elapsedMillis);
    }

    public long rowsRead() {
        return (Long) values.get("rowsRead");
    }

    public long rowsAccepted() {
        return (Long) values.get("rowsAccepted");
    }

    public long rowsRejected() {
        return (Long) values.get("rowsRejected");
    }

    public long patients() {
        return (Long) values.get("patients");
    }

    public long patientsWithDayVisits() {
        return (Long) values.get("patientsWithDayVisits");
    }

    public long encounters() {
        return (Long) values.get("encounters");
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
        text.append(String.format("Ingest %s (MEDS): %d rows read = %d accepted + %d rejected%n", values.get("runId"),
                rowsRead(), rowsAccepted(), rowsRejected()));
        text.append(String.format("  %d patients (%d deceased; %d with calendar-day visits: no encounter rows), "
                + "%d encounters %s%n", patients(), values.get("deceasedPatients"), patientsWithDayVisits(), encounters(),
                values.get("encountersByClass")));
        if (!rejectsByReason().isEmpty()) {
            text.append(String.format("  rejects by reason: %s%n", rejectsByReason()));
        }
        if (Boolean.TRUE.equals(values.get("developmentPseudonymKey"))) {
            text.append("  WARNING: patient keys use the development pseudonymisation key; set LONGITUDE_PSEUDONYM_KEY\n");
        }
        return text.toString();
    }
}
