package io.longitude.jobs.ingest;

import io.longitude.fhir.EventRecord;
import io.longitude.fhir.ExtractedRecord;
import io.longitude.fhir.RecordPayload;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder$;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of {@code state/resources}: one per record read, as the narrow keys the resolution ranks, joins and
 * counts on, plus the accepted record's payload as bytes ({@link RecordPayload}), decoded only when a patient's
 * visit sequence is rebuilt, and the displays of its codings ({@link #CODINGS}), which the warehouse's {@code codes}
 * table is counted from. Flat rows with an explicit schema instead of bean-encoded nested records: the plans
 * of the jobs over them stay a few kilobytes, and a payload is shuffled only where it is used.
 */
final class StateRecords {

    static final String OUTCOME = "outcome";
    static final String RESOURCE_TYPE = "resourceType";
    static final String SOURCE_FILE = "sourceFile";
    static final String LOCATION = "location";
    static final String RESOURCE_REF = "resourceRef";
    static final String LAST_UPDATED = "lastUpdated";
    static final String SUBJECT_REF = "subjectRef";
    static final String ALIASES = "aliases";
    static final String REJECT_RESOURCE_ID = "rejectResourceId";
    static final String REJECT_REASON = "rejectReason";
    static final String REJECT_MESSAGE = "rejectMessage";
    static final String PAYLOAD = "payload";
    static final String RUN_ID = "runId";
    /**
     * Each coding of an accepted record that has a display: {@code codeSystem}, {@code code}, {@code display}
     * ({@link CodeDisplays#CODING}); null without any. Outside the payload, so that counting displays over the whole
     * state decodes no payload. Absent from states written before it: their rows read as null.
     */
    static final String CODINGS = "codings";

    static final StructType SCHEMA = new StructType()
            .add(OUTCOME, DataTypes.StringType, false)
            .add(RESOURCE_TYPE, DataTypes.StringType)
            .add(SOURCE_FILE, DataTypes.StringType)
            .add(LOCATION, DataTypes.LongType)
            .add(RESOURCE_REF, DataTypes.StringType)
            .add(LAST_UPDATED, DataTypes.TimestampType)
            .add(SUBJECT_REF, DataTypes.StringType)
            .add(ALIASES, DataTypes.createArrayType(DataTypes.StringType))
            .add(REJECT_RESOURCE_ID, DataTypes.StringType)
            .add(REJECT_REASON, DataTypes.StringType)
            .add(REJECT_MESSAGE, DataTypes.StringType)
            .add(PAYLOAD, DataTypes.BinaryType)
            .add(RUN_ID, DataTypes.StringType, false)
            .add(CODINGS, DataTypes.createArrayType(CodeDisplays.CODING));

    /** Lenient: times stay {@link Instant}s. */
    static final Encoder<Row> ENCODER = ExpressionEncoder$.MODULE$.apply(SCHEMA, true);

    private StateRecords() {
    }

    /** A record read by run {@code runId} as a state row (timestamps as {@link Instant}: use a lenient encoder). */
    static Row row(ExtractedRecord r, String runId) {
        EventRecord firstEvent = r.getEvents() == null || r.getEvents().isEmpty() ? null : r.getEvents().get(0);
        String resourceRef = r.getPatient() != null ? r.getPatient().getSourceRef()
                : r.getEncounter() != null ? r.getEncounter().getSourceRef()
                : firstEvent != null ? firstEvent.getSourceRef()
                : r.getDeletedRef();
        Instant lastUpdated = r.getPatient() != null ? r.getPatient().getLastUpdated()
                : r.getEncounter() != null ? r.getEncounter().getLastUpdated()
                : firstEvent != null ? firstEvent.getLastUpdated() : null;
        String subjectRef = r.getEncounter() != null ? r.getEncounter().getSubjectRef()
                : firstEvent != null ? firstEvent.getSubjectRef() : null;
        List<String> aliases = r.getPatient() == null ? null : r.getPatient().getAliases();
        return RowFactory.create(r.getOutcome(), r.getResourceType(), r.getSourceFile(), r.getLocation(), resourceRef,
                lastUpdated, subjectRef, aliases == null ? null : aliases.toArray(String[]::new),
                r.getReject() == null ? null : r.getReject().getResourceId(),
                r.getReject() == null ? null : r.getReject().getReason(),
                r.getReject() == null ? null : r.getReject().getMessage(),
                RecordPayload.encode(r), runId, codings(r));
    }

    private static Row[] codings(ExtractedRecord r) {
        List<Row> codings = new ArrayList<>();
        if (r.getEncounter() != null && r.getEncounter().getDisplays() != null) {
            r.getEncounter().getDisplays().forEach((token, display) -> {
                int bar = token.indexOf('|');
                codings.add(RowFactory.create(bar == 0 ? null : token.substring(0, bar), token.substring(bar + 1), display));
            });
        }
        if (r.getEvents() != null) {
            for (EventRecord e : r.getEvents()) {
                if (e.getCode() != null && e.getDisplay() != null) {
                    codings.add(RowFactory.create(e.getCodeSystem(), e.getCode(), e.getDisplay()));
                }
            }
        }
        return codings.isEmpty() ? null : codings.toArray(Row[]::new);
    }
}
