package io.longitude.meds;

import io.longitude.fhir.EncounterRecord;
import io.longitude.fhir.EventRecord;
import io.longitude.fhir.PatientRecord;
import io.longitude.fhir.Pseudonymiser;
import io.longitude.fhir.RejectReason;
import io.longitude.fhir.RejectRecord;
import io.longitude.fhir.VisitSequenceBuilder;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One MEDS subject's rows to a visit sequence, the way {@code ingest} builds one from FHIR (README, "Importing
 * MEDS"). Rows are read in time order, static rows first, and at one instant in {@link MedsCodeRole} order.
 * Visits come from {@code ENCOUNTER//<class>//START} and {@code …//END} rows. Rows that carry a
 * {@link MedsSchema#VISIT_INDEX} (Longitude's exports) belong to the visit of that index, events included. Without
 * one (other MEDS data) an END closes the latest-started open visit of its class that started before it (one that
 * started at the same instant only when there is none); {@code ENCOUNTER_TYPE}/{@code ENCOUNTER_REASON} rows belong
 * to the latest visit started at their instant, a {@code DISCHARGE_DISPOSITION} row to the latest visit ended at
 * its instant (else one started then without an end). A subject without encounter rows gets one visit per UTC calendar day of its clinical events (from the
 * first to the last event of the day). Clinical events join the visit whose time span holds them, as FHIR events
 * without an encounter reference do ({@link VisitSequenceBuilder}). A row that cannot be placed is rejected with a
 * reason, never dropped silently; its message names the code's family only. An event's kind is the row's
 * {@link MedsSchema#EVENT_KIND} where it has one, else inferred from its code ({@link MedsCodes#kindOf}).
 */
public final class MedsImport implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The resource type of a MEDS subject in {@code identity} and {@code rejects}: {@code MedsSubject/<subject_id>}. */
    public static final String SUBJECT_TYPE = "MedsSubject";
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Comparator<RoleOfRow> READING_ORDER = Comparator
            .comparing((RoleOfRow r) -> r.row().getTime(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(RoleOfRow::role)
            .thenComparing(r -> r.row().getCode())
            .thenComparing(r -> r.row().getNumericValue(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(r -> r.row().getTextValue(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(r -> r.row().getUnit(), Comparator.nullsFirst(Comparator.naturalOrder()));

    private record RoleOfRow(MedsCodeRole role, MedsRow row) {
    }

    private final Pseudonymiser pseudonymiser;
    private final Instant latest;

    /** @param latest times after this are impossible (the import's start plus a day, as FHIR ingest allows) */
    public MedsImport(Pseudonymiser pseudonymiser, Instant latest) {
        this.pseudonymiser = pseudonymiser;
        this.latest = latest;
    }

    public static String subjectRef(long subjectId) {
        return SUBJECT_TYPE + "/" + subjectId;
    }

    /** The patient key of a subject: the pseudonym of {@link #subjectRef}. */
    public String patientKey(long subjectId) {
        return pseudonymiser.key(subjectRef(subjectId));
    }

    /** Rows whose code is null or blank are rejected; {@code rows} are all of one subject, in any order. */
    public MedsImportedSubject subject(long subjectId, List<MedsRow> rows) {
        Reading reading = new Reading(subjectId);
        List<RoleOfRow> readable = new ArrayList<>(rows.size());
        for (MedsRow row : rows) {
            if (row.getCode() == null || row.getCode().isBlank()) {
                reading.reject(row, RejectReason.PARSE_ERROR, "a row without a code");
            } else {
                readable.add(new RoleOfRow(MedsCodes.roleOf(row.getCode()), row));
            }
        }
        readable.sort(READING_ORDER);
        readable.forEach(r -> reading.read(r.role(), r.row()));
        return reading.result(rows.size());
    }

    /** One subject being read: its patient, visits (in start-row order) and events so far. */
    private final class Reading {
        private final long subjectId;
        private final String subjectRef;
        private final PatientRecord patient = new PatientRecord();
        private final List<EncounterRecord> visits = new ArrayList<>();
        private final List<EncounterRecord> ended = new ArrayList<>();
        private final Map<Integer, EncounterRecord> indexed = new HashMap<>();
        private final List<EventRecord> events = new ArrayList<>();
        private final List<RejectRecord> rejects = new ArrayList<>();

        Reading(long subjectId) {
            this.subjectId = subjectId;
            this.subjectRef = subjectRef(subjectId);
            patient.setSourceRef(subjectRef);
        }

        void read(MedsCodeRole role, MedsRow row) {
            String code = row.getCode();
            Instant time = row.getTime() == null ? null : row.getTime().toInstant(ZoneOffset.UTC);
            if (time == null && role != MedsCodeRole.GENDER && role != MedsCodeRole.DEATH) {
                reject(row, RejectReason.MISSING_DATE, "a static " + MedsCodes.family(code)
                        + " row: only GENDER and MEDS_DEATH rows may have no time");
                return;
            }
            if (time != null && (time.isBefore(EARLIEST) || time.isAfter(latest))) {
                reject(row, RejectReason.IMPOSSIBLE_DATE, "a " + MedsCodes.family(code) + " row before 1900 or in the future");
                return;
            }
            switch (role) {
                case GENDER -> patient.setGender(same(row, patient.getGender(), MedsCodes.genderOf(code)));
                case BIRTH -> patient.setBirthDate(same(row, patient.getBirthDate(), LocalDate.ofInstant(time, ZoneOffset.UTC)));
                case DEATH -> {
                    patient.setDeceased(true);
                    if (time != null) {
                        patient.setDeathTime(same(row, patient.getDeathTime(), time));
                    }
                }
                case ENCOUNTER_START -> start(row, MedsCodes.encounterClassOf(code), time);
                case ENCOUNTER_END -> end(row, MedsCodes.encounterClassOf(code), time);
                case ENCOUNTER_TYPE, ENCOUNTER_REASON -> encounterCode(row, role, time);
                case DISCHARGE_DISPOSITION -> disposition(row, time);
                case CLINICAL -> clinical(row, time);
            }
        }

        /** The value a static fact already has, or {@code value} when it has none; a different second value is rejected. */
        private <T> T same(MedsRow row, T current, T value) {
            if (current != null && !current.equals(value)) {
                reject(row, RejectReason.DUPLICATE_RESOURCE, "a second " + MedsCodes.family(row.getCode())
                        + " row that disagrees with the first");
                return current;
            }
            return value;
        }

        private void start(MedsRow row, String classCode, Instant time) {
            Integer index = row.getVisitIndex();
            if (index != null && indexed.containsKey(index)) {
                reject(row, RejectReason.DUPLICATE_RESOURCE, "a second encounter START row of one visit_index");
                return;
            }
            EncounterRecord visit = new EncounterRecord();
            visit.setSourceRef(index == null ? subjectRef + "/Encounter/" + visits.size() : visitRef(index));
            if (index != null) {
                indexed.put(index, visit);
            }
            visit.setSubjectRef(subjectRef);
            visit.setClassCode(classCode);
            visit.setStart(time);
            visits.add(visit);
        }

        private void end(MedsRow row, String classCode, Instant time) {
            Predicate<EncounterRecord> open = v -> v.getEnd() == null && Objects.equals(v.getClassCode(), classCode);
            EncounterRecord visit;
            if (row.getVisitIndex() != null) {
                visit = indexed.get(row.getVisitIndex());
                visit = visit != null && open.test(visit) && !visit.getStart().isAfter(time) ? visit : null;
            } else {
                visit = latest(visits, open.and(v -> v.getStart().isBefore(time)));
            }
            if (visit == null && row.getVisitIndex() == null) {
                visit = latest(visits, open.and(v -> v.getStart().equals(time)));
            }
            if (visit == null) {
                reject(row, RejectReason.IMPOSSIBLE_DATE, "an encounter END row with no open START of its class before it");
                return;
            }
            visit.setEnd(time);
            ended.add(visit);
        }

        private void encounterCode(MedsRow row, MedsCodeRole role, Instant time) {
            EncounterRecord visit = row.getVisitIndex() != null ? indexed.get(row.getVisitIndex())
                    : latest(visits, v -> v.getStart().equals(time));
            if (visit == null) {
                reject(row, RejectReason.IMPOSSIBLE_DATE, "an " + MedsCodes.family(row.getCode())
                        + " row that no encounter START goes with");
                return;
            }
            (role == MedsCodeRole.ENCOUNTER_TYPE ? visit.getTypeCodes() : visit.getReasonCodes())
                    .add(MedsCodes.tokenOf(row.getCode()));
        }

        private void disposition(MedsRow row, Instant time) {
            EncounterRecord visit = row.getVisitIndex() != null ? indexed.get(row.getVisitIndex())
                    : latest(ended, v -> v.getEnd().equals(time) && v.getDischargeDisposition() == null);
            if (visit == null && row.getVisitIndex() == null) {
                visit = latest(visits, v -> v.getStart().equals(time) && v.getEnd() == null
                        && v.getDischargeDisposition() == null);
            }
            if (visit == null || visit.getDischargeDisposition() != null) {
                reject(row, RejectReason.IMPOSSIBLE_DATE,
                        "a DISCHARGE_DISPOSITION row that no encounter without one goes with");
                return;
            }
            visit.setDischargeDisposition(MedsCodes.tokenOf(row.getCode()));
        }

        /**
         * A number in {@code numeric_value}; in {@code text_value} either a number beyond float32 (when
         * {@code numeric_value} is null) or a coded value, read back as its coding (free text as a code of
         * {@link MedsCodes#MEDS_CODE_SYSTEM}).
         */
        private void clinical(MedsRow row, Instant time) {
            Float number = row.getNumericValue();
            if (number != null && (number.isNaN() || number.isInfinite())) {
                reject(row, RejectReason.PARSE_ERROR, "a " + MedsCodes.family(row.getCode())
                        + " row whose numeric_value is not a finite number");
                return;
            }
            MedsCoding coding = MedsCodes.eventCodingOf(row.getCode());
            EventRecord event = new EventRecord();
            event.setSourceRef(subjectRef);
            event.setResourceType(SUBJECT_TYPE);
            event.setKind(row.getEventKind() != null ? row.getEventKind() : MedsCodes.kindOf(row.getCode()));
            event.setSubjectRef(subjectRef);
            event.setEncounterRef(row.getVisitIndex() == null ? null : visitRef(row.getVisitIndex()));
            event.setTime(time);
            event.setCodeSystem(coding.system());
            event.setCode(coding.code());
            event.setValue(number == null ? null : (double) number);
            event.setUnit(row.getUnit());
            String text = row.getTextValue();
            if (text != null) {
                Double parsed = number == null ? finiteNumber(text) : null;
                if (parsed != null) {
                    event.setValue(parsed);
                } else {
                    event.setValueCode(MedsCodes.tokenOf(text));
                }
            }
            events.add(event);
        }

        private String visitRef(int index) {
            return subjectRef + "/Visit/" + index;
        }

        void reject(MedsRow row, RejectReason reason, String message) {
            RejectRecord reject = new RejectRecord();
            reject.setSourceFile(row.getSourceFile());
            reject.setResourceType(SUBJECT_TYPE);
            reject.setResourceId(Long.toString(subjectId));
            reject.setReason(reason.name());
            reject.setMessage(message);
            rejects.add(reject);
        }

        MedsImportedSubject result(int rowsRead) {
            MedsImportedSubject result = new MedsImportedSubject();
            result.setSubjectId(subjectId);
            result.setRejects(rejects);
            result.setRowsAccepted(rowsRead - rejects.size());
            if (result.getRowsAccepted() == 0) {
                return result;
            }
            List<EncounterRecord> encounters = visits;
            if (visits.isEmpty() && !events.isEmpty()) {
                encounters = dayVisits();
                result.setDayVisits(true);
            }
            result.setSequence(new VisitSequenceBuilder().build(pseudonymiser.key(subjectRef), patient, encounters,
                    events, pseudonymiser));
            return result;
        }

        private List<EncounterRecord> dayVisits() {
            Map<LocalDate, List<Instant>> days = new TreeMap<>();
            for (EventRecord event : events) {
                days.computeIfAbsent(LocalDate.ofInstant(event.getTime(), ZoneOffset.UTC), d -> new ArrayList<>())
                        .add(event.getTime());
            }
            List<EncounterRecord> out = new ArrayList<>(days.size());
            days.forEach((day, times) -> {
                EncounterRecord visit = new EncounterRecord();
                visit.setSourceRef(subjectRef + "/Day/" + day);
                visit.setSubjectRef(subjectRef);
                visit.setStart(times.stream().min(Comparator.naturalOrder()).orElseThrow());
                visit.setEnd(times.stream().max(Comparator.naturalOrder()).orElseThrow());
                out.add(visit);
            });
            return out;
        }
    }

    private static EncounterRecord latest(List<EncounterRecord> visits, Predicate<EncounterRecord> test) {
        for (int i = visits.size() - 1; i >= 0; i--) {
            if (test.test(visits.get(i))) {
                return visits.get(i);
            }
        }
        return null;
    }

    private static Double finiteNumber(String text) {
        try {
            double value = Double.parseDouble(text.trim());
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
