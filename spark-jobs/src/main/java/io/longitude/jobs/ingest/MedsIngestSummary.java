package io.longitude.jobs.ingest;

import io.longitude.jobs.SummaryFigures;

import java.util.Map;

/**
 * What one {@code ingest --input-format meds} run read and wrote: {@code rowsRead = rowsAccepted + rowsRejected}
 * (every row of the data files ends up in a visit sequence or in {@code rejects}), subjects, visits and where they
 * came from.
 */
public final class MedsIngestSummary {

    private final SummaryFigures values = new SummaryFigures();

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
        PublishedCounts.putEncounters(values, byClass);
    }

    void rejectsByReason(Map<String, Long> byReason) {
        values.put("rejectsByReason", byReason);
    }

    void finish(boolean developmentKey, long elapsedMillis) {
        values.put("developmentPseudonymKey", developmentKey);
        values.put("elapsedMillis", elapsedMillis);
    }

    public long rowsRead() {
        return values.get("rowsRead");
    }

    public long rowsAccepted() {
        return values.get("rowsAccepted");
    }

    public long rowsRejected() {
        return values.get("rowsRejected");
    }

    public long patients() {
        return values.get("patients");
    }

    public long patientsWithDayVisits() {
        return values.get("patientsWithDayVisits");
    }

    public long encounters() {
        return values.get("encounters");
    }

    public Map<String, Long> rejectsByReason() {
        return values.get("rejectsByReason");
    }

    public String toJson() {
        return values.toJson();
    }

    public String toReadableText() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("Ingest %s (MEDS): %d rows read = %d accepted + %d rejected%n", values.get("runId"),
                rowsRead(), rowsAccepted(), rowsRejected()));
        text.append(String.format("  %d patients (%d deceased; %d with calendar-day visits: no encounter rows), "
                + "%d encounters %s%n", patients(), values.get("deceasedPatients"), patientsWithDayVisits(), encounters(),
                values.get("encountersByClass")));
        PublishedCounts.appendRejectsAndKeyWarning(text, values);
        return text.toString();
    }
}
