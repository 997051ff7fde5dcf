package io.longitude.fhir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of an accepted record (its patient, encounter or events) as compact bytes, so that a table of
 * records is a few flat key columns plus one binary column: Spark plans over such rows stay small, and ranking or
 * joining records by their keys never decodes the payload. The layout is private to one ingest state: a state
 * written by another layout is re-read from the input files, not decoded. Coding displays
 * ({@link EventRecord#getDisplay()}, {@link EncounterRecord#getDisplays()}) are left out: visit sequences do not
 * carry them, and ingest keeps them beside the payload, where they are counted without decoding it.
 */
public final class RecordPayload {

    private static final byte PATIENT = 1;
    private static final byte ENCOUNTER = 2;
    private static final byte EVENTS = 3;

    private RecordPayload() {
    }

    /** The bytes of an ACCEPTED record's payload; null for any other outcome. */
    public static byte[] encode(ExtractedRecord record) {
        if (!ExtractedRecord.ACCEPTED.equals(record.getOutcome())) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (record.getPatient() != null) {
                out.writeByte(PATIENT);
                writePatient(out, record.getPatient());
            } else if (record.getEncounter() != null) {
                out.writeByte(ENCOUNTER);
                writeEncounter(out, record.getEncounter());
            } else {
                out.writeByte(EVENTS);
                List<EventRecord> events = record.getEvents() == null ? List.of() : record.getEvents();
                out.writeInt(events.size());
                for (EventRecord event : events) {
                    writeEvent(out, event);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** An ACCEPTED record rebuilt from its payload (outcome, patient, encounter or events; no keys). */
    public static ExtractedRecord decode(byte[] payload) {
        ExtractedRecord record = new ExtractedRecord();
        record.setOutcome(ExtractedRecord.ACCEPTED);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            byte kind = in.readByte();
            if (kind == PATIENT) {
                record.setPatient(readPatient(in));
            } else if (kind == ENCOUNTER) {
                record.setEncounter(readEncounter(in));
            } else if (kind == EVENTS) {
                int n = in.readInt();
                List<EventRecord> events = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    events.add(readEvent(in));
                }
                record.setEvents(events);
            } else {
                throw new IllegalArgumentException("not a record payload (kind " + kind + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return record;
    }

    private static void writePatient(DataOutputStream out, PatientRecord p) throws IOException {
        writeString(out, p.getSourceRef());
        writeStrings(out, p.getAliases());
        out.writeBoolean(p.getBirthDate() != null);
        if (p.getBirthDate() != null) {
            out.writeLong(p.getBirthDate().toEpochDay());
        }
        writeString(out, p.getGender());
        out.writeByte(p.getDeceased() == null ? 0 : p.getDeceased() ? 2 : 1);
        writeInstant(out, p.getDeathTime());
        writeInstant(out, p.getLastUpdated());
    }

    private static PatientRecord readPatient(DataInputStream in) throws IOException {
        PatientRecord p = new PatientRecord();
        p.setSourceRef(readString(in));
        p.setAliases(readStrings(in));
        if (in.readBoolean()) {
            p.setBirthDate(LocalDate.ofEpochDay(in.readLong()));
        }
        p.setGender(readString(in));
        byte deceased = in.readByte();
        p.setDeceased(deceased == 0 ? null : deceased == 2);
        p.setDeathTime(readInstant(in));
        p.setLastUpdated(readInstant(in));
        return p;
    }

    private static void writeEncounter(DataOutputStream out, EncounterRecord e) throws IOException {
        writeString(out, e.getSourceRef());
        writeStrings(out, e.getAliases());
        writeString(out, e.getSubjectRef());
        writeString(out, e.getStatus());
        writeString(out, e.getClassSystem());
        writeString(out, e.getClassCode());
        writeStrings(out, e.getTypeCodes());
        writeInstant(out, e.getStart());
        writeInstant(out, e.getEnd());
        writeString(out, e.getDischargeDisposition());
        writeStrings(out, e.getReasonCodes());
        writeInstant(out, e.getLastUpdated());
    }

    private static EncounterRecord readEncounter(DataInputStream in) throws IOException {
        EncounterRecord e = new EncounterRecord();
        e.setSourceRef(readString(in));
        e.setAliases(readStrings(in));
        e.setSubjectRef(readString(in));
        e.setStatus(readString(in));
        e.setClassSystem(readString(in));
        e.setClassCode(readString(in));
        e.setTypeCodes(readStrings(in));
        e.setStart(readInstant(in));
        e.setEnd(readInstant(in));
        e.setDischargeDisposition(readString(in));
        e.setReasonCodes(readStrings(in));
        e.setLastUpdated(readInstant(in));
        return e;
    }

    private static void writeEvent(DataOutputStream out, EventRecord e) throws IOException {
        writeString(out, e.getSourceRef());
        writeString(out, e.getResourceType());
        writeString(out, e.getKind());
        writeString(out, e.getSubjectRef());
        writeString(out, e.getEncounterRef());
        writeInstant(out, e.getTime());
        writeInstant(out, e.getEndTime());
        writeString(out, e.getCodeSystem());
        writeString(out, e.getCode());
        out.writeBoolean(e.getValue() != null);
        if (e.getValue() != null) {
            out.writeDouble(e.getValue());
        }
        writeString(out, e.getUnit());
        writeString(out, e.getValueCode());
        writeInstant(out, e.getLastUpdated());
    }

    private static EventRecord readEvent(DataInputStream in) throws IOException {
        EventRecord e = new EventRecord();
        e.setSourceRef(readString(in));
        e.setResourceType(readString(in));
        e.setKind(readString(in));
        e.setSubjectRef(readString(in));
        e.setEncounterRef(readString(in));
        e.setTime(readInstant(in));
        e.setEndTime(readInstant(in));
        e.setCodeSystem(readString(in));
        e.setCode(readString(in));
        if (in.readBoolean()) {
            e.setValue(in.readDouble());
        }
        e.setUnit(readString(in));
        e.setValueCode(readString(in));
        e.setLastUpdated(readInstant(in));
        return e;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            // Not writeUTF: its 64 KB limit could be passed by a hostile code or unit.
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        byte[] utf8 = new byte[in.readInt()];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
        out.writeInt(strings == null ? -1 : strings.size());
        if (strings != null) {
            for (String s : strings) {
                writeString(out, s);
            }
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        List<String> strings = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            strings.add(readString(in));
        }
        return strings;
    }

    private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }
}
