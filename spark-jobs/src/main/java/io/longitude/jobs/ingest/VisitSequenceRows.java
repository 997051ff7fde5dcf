package io.longitude.jobs.ingest;

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
    private static final StructType VISIT = elementStruct(SCHEMA, "visits");
    private static final StructType EVENT = elementStruct(VISIT, "events");

    private VisitSequenceRows() {
    }

    static Row row(VisitSequence s) {
        return struct(SCHEMA, name -> switch (name) {
            case "patientKey" -> s.getPatientKey();
            case "schemaVersion" -> s.getSchemaVersion();
            case "birthDate" -> s.getBirthDate();
            case "gender" -> s.getGender();
            case "deceased" -> s.getDeceased();
            case "deathTime" -> s.getDeathTime();
            case "visits" -> s.getVisits().stream().map(VisitSequenceRows::visit).toArray(Row[]::new);
            case "eventsWithoutVisit" -> events(s.getEventsWithoutVisit());
            case "attachedByReference" -> s.getAttachedByReference();
            case "attachedByTime" -> s.getAttachedByTime();
            case "unattached" -> s.getUnattached();
            default -> throw new IllegalStateException("no value for visit sequence field " + name);
        });
    }

    private static Row visit(Visit v) {
        return struct(VISIT, name -> switch (name) {
            case "encounterKey" -> v.getEncounterKey();
            case "status" -> v.getStatus();
            case "classCode" -> v.getClassCode();
            case "classSystem" -> v.getClassSystem();
            case "typeCodes" -> strings(v.getTypeCodes());
            case "start" -> v.getStart();
            case "end" -> v.getEnd();
            case "dischargeDisposition" -> v.getDischargeDisposition();
            case "reasonCodes" -> strings(v.getReasonCodes());
            case "events" -> events(v.getEvents());
            default -> throw new IllegalStateException("no value for visit field " + name);
        });
    }

    private static Row[] events(List<VisitEvent> events) {
        return events == null ? null : events.stream().map(VisitSequenceRows::event).toArray(Row[]::new);
    }

    private static Row event(VisitEvent e) {
        return struct(EVENT, name -> switch (name) {
            case "kind" -> e.getKind();
            case "time" -> e.getTime();
            case "endTime" -> e.getEndTime();
            case "codeSystem" -> e.getCodeSystem();
            case "code" -> e.getCode();
            case "value" -> e.getValue();
            case "unit" -> e.getUnit();
            case "valueCode" -> e.getValueCode();
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
