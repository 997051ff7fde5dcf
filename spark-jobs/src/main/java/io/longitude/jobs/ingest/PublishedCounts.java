package io.longitude.jobs.ingest;

import io.longitude.fhir.EncounterFacts;
import io.longitude.fhir.PatientFacts;
import io.longitude.jobs.SummaryFigures;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * The figures of the patients, encounters and rejects tables that both ingest summaries (FHIR and MEDS) carry:
 * counted the same way, put under the same keys, printed in the same words.
 */
final class PublishedCounts {

    private PublishedCounts() {
    }

    /** Counts 1 per deceased patient of the patients table. */
    static Column deceased() {
        return count(when(col(PatientFacts.DECEASED).equalTo(true).or(col(PatientFacts.DEATH_TIME).isNotNull()), lit(1)));
    }

    static Map<String, Long> encountersByClass(Dataset<Row> encounters) {
        return countBy(encounters, coalesce(col(EncounterFacts.CLASS_CODE), lit("(none)")));
    }

    static Map<String, Long> countBy(Dataset<Row> table, Column key) {
        Map<String, Long> counts = new TreeMap<>();
        for (Row r : table.groupBy(key.as("k")).count().collectAsList()) {
            counts.put(r.getString(0), r.getLong(1));
        }
        return counts;
    }

    static void putEncounters(SummaryFigures values, Map<String, Long> byClass) {
        values.put("encounters", byClass.values().stream().mapToLong(Long::longValue).sum());
        values.put("encountersByClass", byClass);
    }

    /** The rejects-by-reason line (when there are rejects) and the development-key warning (when it was used). */
    static void appendRejectsAndKeyWarning(StringBuilder text, SummaryFigures values) {
        Map<String, Long> rejectsByReason = values.get("rejectsByReason");
        if (!rejectsByReason.isEmpty()) {
            text.append(String.format("  rejects by reason: %s%n", rejectsByReason));
        }
        if (Boolean.TRUE.equals(values.get("developmentPseudonymKey"))) {
            text.append("  WARNING: patient keys use the development pseudonymisation key; set LONGITUDE_PSEUDONYM_KEY\n");
        }
    }
}
