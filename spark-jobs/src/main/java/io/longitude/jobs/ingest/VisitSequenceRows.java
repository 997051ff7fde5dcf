package io.longitude.jobs.ingest;

import io.longitude.fhir.EncounterFacts;
import io.longitude.fhir.EventFacts;
import io.longitude.fhir.PatientFacts;
import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitEvent;
import io.longitude.fhir.VisitSequence;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder$;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.List;
import java.util.function.Function;

/**
 * {@link VisitSequence}s as rows of {@code visit_sequences}. The schema is the one the table has always had (the
 * bean's, so tables written before stay readable and unionable), but rows are built by hand and encoded with a
 * row encoder: a bean encoder of this nested type prints as megabytes in every plan that carries it.
 */
final class VisitSequenceRows {

    static final StructType SCHEMA = Encoders.bean(VisitSequence.class).schema();
    /** Lenient: dates and times stay {@code java.time} values. */
    static final Encoder<Row> ENCODER = ExpressionEncoder$.MODULE$.apply(SCHEMA, true);
    private static final StructType VISIT = elementStruct(SCHEMA, VisitSequence.VISITS);
    private static final StructType EVENT = elementStruct(VISIT, Visit.EVENTS);

    private VisitSequenceRows() {
    }

    static Row row(VisitSequence s) {
        return struct(SCHEMA, name -> switch (name) {
            case VisitSequence.PATIENT_KEY -> s.getPatientKey();
            case VisitSequence.SCHEMA_VERSION_COLUMN -> s.getSchemaVersion();
            case PatientFacts.BIRTH_DATE -> s.getBirthDate();
            case PatientFacts.GENDER -> s.getGender();
            case PatientFacts.DECEASED -> s.getDeceased();
            case PatientFacts.DEATH_TIME -> s.getDeathTime();
            case VisitSequence.VISITS -> s.getVisits().stream().map(VisitSequenceRows::visit).toArray(Row[]::new);
            case VisitSequence.EVENTS_WITHOUT_VISIT -> events(s.getEventsWithoutVisit());
            case VisitSequence.ATTACHED_BY_REFERENCE -> s.getAttachedByReference();
            case VisitSequence.ATTACHED_BY_TIME -> s.getAttachedByTime();
            case VisitSequence.UNATTACHED -> s.getUnattached();
            default -> throw new IllegalStateException("no value for visit sequence field " + name);
        });
    }

    private static Row visit(Visit v) {
        return struct(VISIT, name -> switch (name) {
            case Visit.ENCOUNTER_KEY -> v.getEncounterKey();
            case EncounterFacts.STATUS -> v.getStatus();
            case EncounterFacts.CLASS_CODE -> v.getClassCode();
            case EncounterFacts.CLASS_SYSTEM -> v.getClassSystem();
            case EncounterFacts.TYPE_CODES -> strings(v.getTypeCodes());
            case EncounterFacts.START -> v.getStart();
            case EncounterFacts.END -> v.getEnd();
            case EncounterFacts.DISCHARGE_DISPOSITION -> v.getDischargeDisposition();
            case EncounterFacts.REASON_CODES -> strings(v.getReasonCodes());
            case Visit.EVENTS -> events(v.getEvents());
            default -> throw new IllegalStateException("no value for visit field " + name);
        });
    }

    private static Row[] events(List<VisitEvent> events) {
        return events == null ? null : events.stream().map(VisitSequenceRows::event).toArray(Row[]::new);
    }

    private static Row event(VisitEvent e) {
        return struct(EVENT, name -> switch (name) {
            case EventFacts.KIND -> e.getKind();
            case EventFacts.TIME -> e.getTime();
            case EventFacts.END_TIME -> e.getEndTime();
            case EventFacts.CODE_SYSTEM -> e.getCodeSystem();
            case EventFacts.CODE -> e.getCode();
            case EventFacts.VALUE -> e.getValue();
            case EventFacts.UNIT -> e.getUnit();
            case EventFacts.VALUE_CODE -> e.getValueCode();
            default -> throw new IllegalStateException("no value for event field " + name);
        });
    }

    private static String[] strings(List<String> values) {
        return values == null ? null : values.toArray(String[]::new);
    }

    private static Row struct(StructType type, Function<String, Object> value) {
        StructField[] fields = type.fields();
        Object[] values = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            values[i] = value.apply(fields[i].name());
        }
        return RowFactory.create(values);
    }

    private static StructType elementStruct(StructType parent, String field) {
        return (StructType) ((ArrayType) parent.apply(field).dataType()).elementType();
    }
}
