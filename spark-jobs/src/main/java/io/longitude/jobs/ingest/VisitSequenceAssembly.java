package io.longitude.jobs.ingest;

import io.longitude.fhir.EncounterRecord;
import io.longitude.fhir.EventRecord;
import io.longitude.fhir.ExtractedRecord;
import io.longitude.fhir.PatientRecord;
import io.longitude.fhir.Pseudonymiser;
import io.longitude.fhir.RecordPayload;
import io.longitude.fhir.VisitSequenceBuilder;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The rows of {@link ResourceResolution#recordsOfPatients} (one partition, sorted by patient) to visit sequence rows
 * ({@link VisitSequenceRows}): one patient's records are held at a time, and only the payloads that directly follow
 * the key row of a current version are decoded. A patient without a current Patient record yields nothing.
 */
final class VisitSequenceAssembly implements MapPartitionsFunction<Row, Row> {

    private static final int PATIENT_REF = 0;
    private static final int KIND = 5;
    private static final int PAYLOAD = 6;
    private static final int KEY_COLUMNS = 5;

    private final Pseudonymiser pseudonymiser;

    VisitSequenceAssembly(Pseudonymiser pseudonymiser) {
        this.pseudonymiser = pseudonymiser;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        return new Iterator<>() {
            private Row pending = rows.hasNext() ? rows.next() : null;
            private Row next = advance();

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Row next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Row row = next;
                next = advance();
                return row;
            }

            private Row advance() {
                while (pending != null) {
                    Row sequence = assembleOne();
                    if (sequence != null) {
                        return sequence;
                    }
                }
                return null;
            }

            /** Consumes one patient's rows; its sequence, or null when it has no current Patient record. */
            private Row assembleOne() {
                String patientRef = pending.getString(PATIENT_REF);
                PatientRecord patient = null;
                List<EncounterRecord> encounters = new ArrayList<>();
                List<EventRecord> events = new ArrayList<>();
                Row currentKey = null;
                while (pending != null && patientRef.equals(pending.getString(PATIENT_REF))) {
                    Row row = pending;
                    pending = rows.hasNext() ? rows.next() : null;
                    if (row.getInt(KIND) == 0) {
                        currentKey = row;
                        continue;
                    }
                    if (currentKey == null || !sameRecord(currentKey, row)) {
                        continue;
                    }
                    currentKey = null;
                    ExtractedRecord record = RecordPayload.decode((byte[]) row.get(PAYLOAD));
                    if (record.getPatient() != null) {
                        patient = record.getPatient();
                    } else if (record.getEncounter() != null) {
                        encounters.add(record.getEncounter());
                    } else if (record.getEvents() != null) {
                        events.addAll(record.getEvents());
                    }
                }
                if (patient == null) {
                    return null;
                }
                return VisitSequenceRows.row(new VisitSequenceBuilder().build(pseudonymiser.key(patientRef), patient,
                        encounters, events, pseudonymiser));
            }
        };
    }

    private static boolean sameRecord(Row key, Row payload) {
        for (int i = 0; i < KEY_COLUMNS; i++) {
            if (!Objects.equals(key.get(i), payload.get(i))) {
                return false;
            }
        }
        return true;
    }
}
