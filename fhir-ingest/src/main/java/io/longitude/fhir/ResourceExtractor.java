package io.longitude.fhir;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

/**
 * Turns one parsed HAPI resource into a {@link PatientRecord}, {@link EncounterRecord} or events, or a
 * {@link RejectException}. Dates must lie in [1900-01-01, now + 1 day] and ends must not precede starts.
 */
final class ResourceExtractor {

    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    private static final LocalDate EARLIEST_DATE = LocalDate.of(1900, 1, 1);
    /** A normalised reference that names its target's type: {@code Type/id} or {@code Type?query}. */
    private static final Pattern TYPED_REFERENCE = Pattern.compile("([A-Z][A-Za-z]{1,63})[/?]");
    /** Only a FHIR type is named in a message; any other word there could be payload. */
    private static final Set<String> RESOURCE_TYPES = Set.copyOf(FhirContexts.r4().getResourceTypes());

    private final Clock clock;

    ResourceExtractor(Clock clock) {
        this.clock = clock;
    }

    PatientRecord patient(Patient p, String id, String fullUrl) throws RejectException {
        PatientRecord r = new PatientRecord();
        r.setSourceRef("Patient/" + id);
        r.setAliases(References.aliases("Patient", id, fullUrl, p.getIdentifier()));
        LocalDate birth = FhirDates.date(p.getBirthDateElement(), "birthDate");
        Instant latest = latest();
        if (birth != null && (birth.isBefore(EARLIEST_DATE) || birth.atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(latest))) {
            throw impossible("birthDate out of range");
        }
        r.setBirthDate(birth);
        r.setGender(p.hasGender() ? p.getGender().toCode() : null);
        Type deceased = p.getDeceased();
        if (deceased instanceof BooleanType) {
            r.setDeceased(((BooleanType) deceased).getValue());
        } else if (deceased instanceof DateTimeType) {
            Instant death = checked(FhirDates.instant((DateTimeType) deceased, "deceasedDateTime"), "deceasedDateTime");
            r.setDeceased(death != null ? Boolean.TRUE : null);
            r.setDeathTime(death);
            if (death != null && birth != null && death.isBefore(birth.atStartOfDay(ZoneOffset.UTC).toInstant())) {
                throw impossible("death before birth");
            }
        }
        r.setLastUpdated(FhirDates.instant(p.getMeta().getLastUpdatedElement(), "meta.lastUpdated"));
        return r;
    }

    EncounterRecord encounter(Encounter e, String id, String fullUrl, BundleContext context) throws RejectException {
        EncounterRecord r = new EncounterRecord();
        r.setSourceRef("Encounter/" + id);
        r.setAliases(References.aliases("Encounter", id, fullUrl, e.getIdentifier()));
        r.setSubjectRef(subject(e.getSubject(), context));
        r.setStatus(e.hasStatus() ? e.getStatusElement().getValueAsString() : null);
        if (e.hasClass_()) {
            r.setClassSystem(blankToNull(e.getClass_().getSystem()));
            r.setClassCode(blankToNull(e.getClass_().getCode()));
            if (r.getClassCode() != null && blankToNull(e.getClass_().getDisplay()) != null) {
                r.getDisplays().put(token(e.getClass_()), e.getClass_().getDisplay());
            }
        }
        r.setTypeCodes(tokens(e.getType()));
        putDisplays(r.getDisplays(), e.getType(), r.getTypeCodes());
        Instant start = checked(FhirDates.instant(e.getPeriod().getStartElement(), "period.start"), "period.start");
        Instant end = checked(FhirDates.instant(e.getPeriod().getEndElement(), "period.end"), "period.end");
        if (start == null) {
            throw new RejectException(RejectReason.MISSING_DATE, "encounter without period.start");
        }
        if (end != null && end.isBefore(start)) {
            throw impossible("period.end before period.start");
        }
        r.setStart(start);
        r.setEnd(end);
        if (e.hasHospitalization() && e.getHospitalization().hasDischargeDisposition()) {
            List<String> disposition = tokens(List.of(e.getHospitalization().getDischargeDisposition()));
            r.setDischargeDisposition(disposition.isEmpty() ? null : disposition.get(0));
            putDisplays(r.getDisplays(), List.of(e.getHospitalization().getDischargeDisposition()),
                    disposition.isEmpty() ? List.of() : List.of(disposition.get(0)));
        }
        r.setReasonCodes(tokens(e.getReasonCode()));
        putDisplays(r.getDisplays(), e.getReasonCode(), r.getReasonCodes());
        r.setLastUpdated(FhirDates.instant(e.getMeta().getLastUpdatedElement(), "meta.lastUpdated"));
        return r;
    }

    List<EventRecord> events(Resource resource, EventKind kind, String id, BundleContext context) throws RejectException {
        List<EventRecord> events = new ArrayList<>(eventsOf(resource, kind, id, context));
        Instant lastUpdated = FhirDates.instant(resource.getMeta().getLastUpdatedElement(), "meta.lastUpdated");
        events.forEach(e -> e.setLastUpdated(lastUpdated));
        return events;
    }

    private List<EventRecord> eventsOf(Resource resource, EventKind kind, String id, BundleContext context)
            throws RejectException {
        switch (kind) {
            case CONDITION: {
                Condition c = (Condition) resource;
                Instant time = firstNonNull(start(c.getOnset(), "onset"),
                        FhirDates.instant(c.getRecordedDateElement(), "recordedDate"));
                return List.of(event(kind, id, c.getSubject(), c.getEncounter(), context, time,
                        end(c.getAbatement(), "abatement"), c.getCode()));
            }
            case PROCEDURE: {
                Procedure p = (Procedure) resource;
                return List.of(event(kind, id, p.getSubject(), p.getEncounter(), context,
                        start(p.getPerformed(), "performed"), end(p.getPerformed(), "performed"), p.getCode()));
            }
            case MEDICATION_REQUEST: {
                MedicationRequest m = (MedicationRequest) resource;
                EventRecord e = event(kind, id, m.getSubject(), m.getEncounter(), context,
                        FhirDates.instant(m.getAuthoredOnElement(), "authoredOn"), null, null);
                medication(e, m.getMedication(), context);
                return List.of(e);
            }
            case MEDICATION_ADMINISTRATION: {
                MedicationAdministration m = (MedicationAdministration) resource;
                EventRecord e = event(kind, id, m.getSubject(), m.getContext(), context,
                        start(m.getEffective(), "effective"), end(m.getEffective(), "effective"), null);
                medication(e, m.getMedication(), context);
                return List.of(e);
            }
            case OBSERVATION:
                return observation((Observation) resource, id, context);
            case IMMUNIZATION: {
                Immunization i = (Immunization) resource;
                Instant time = firstNonNull(start(i.getOccurrence(), "occurrence"),
                        FhirDates.instant(i.getRecordedElement(), "recorded"));
                return List.of(event(kind, id, i.getPatient(), i.getEncounter(), context, time, null, i.getVaccineCode()));
            }
            case ALLERGY: {
                AllergyIntolerance a = (AllergyIntolerance) resource;
                Instant time = firstNonNull(start(a.getOnset(), "onset"),
                        FhirDates.instant(a.getRecordedDateElement(), "recordedDate"));
                return List.of(event(kind, id, a.getPatient(), a.getEncounter(), context, time, null, a.getCode()));
            }
            case DIAGNOSTIC_REPORT: {
                DiagnosticReport d = (DiagnosticReport) resource;
                Instant time = firstNonNull(start(d.getEffective(), "effective"),
                        FhirDates.instant(d.getIssuedElement(), "issued"));
                return List.of(event(kind, id, d.getSubject(), d.getEncounter(), context, time,
                        end(d.getEffective(), "effective"), d.getCode()));
            }
            default:
                throw new IllegalStateException("no extraction for " + kind);
        }
    }

    /**
     * One event per coded component (a blood-pressure panel gives systolic and diastolic), plus one for the
     * observation's own code when it has a value of its own or no coded component.
     */
    private List<EventRecord> observation(Observation o, String id, BundleContext context) throws RejectException {
        Instant time = firstNonNull(start(o.getEffective(), "effective"), FhirDates.instant(o.getIssuedElement(), "issued"));
        Instant endTime = end(o.getEffective(), "effective");
        List<EventRecord> events = new ArrayList<>();
        List<Observation.ObservationComponentComponent> coded = new ArrayList<>();
        for (Observation.ObservationComponentComponent c : o.getComponent()) {
            if (firstCoding(c.getCode()) != null) {
                coded.add(c);
            }
        }
        if (o.hasValue() || coded.isEmpty()) {
            EventRecord e = event(EventKind.OBSERVATION, id, o.getSubject(), o.getEncounter(), context, time, endTime, o.getCode());
            value(e, o.getValue());
            events.add(e);
        }
        for (Observation.ObservationComponentComponent c : coded) {
            EventRecord e = event(EventKind.OBSERVATION, id, o.getSubject(), o.getEncounter(), context, time, endTime, c.getCode());
            value(e, c.getValue());
            events.add(e);
        }
        return events;
    }

    private EventRecord event(EventKind kind, String id, Reference subject, Reference encounter, BundleContext context,
                              Instant time, Instant endTime, CodeableConcept code) throws RejectException {
        EventRecord e = new EventRecord();
        e.setSourceRef(kind.resourceType() + "/" + id);
        e.setResourceType(kind.resourceType());
        e.setKind(kind.label());
        e.setSubjectRef(subject(subject, context));
        e.setEncounterRef(reference(encounter, "Encounter", context));
        if (time == null) {
            throw new RejectException(RejectReason.MISSING_DATE, "no usable time for a " + kind.resourceType());
        }
        checked(time, "time");
        checked(endTime, "end time");
        if (endTime != null && endTime.isBefore(time)) {
            throw impossible("end before start");
        }
        e.setTime(time);
        e.setEndTime(endTime);
        Coding coding = firstCoding(code);
        if (coding != null) {
            e.setCodeSystem(blankToNull(coding.getSystem()));
            e.setCode(coding.getCode());
            e.setDisplay(blankToNull(coding.getDisplay()));
        }
        return e;
    }

    /**
     * A medication code from {@code medicationCodeableConcept}, or from the Medication a {@code medicationReference}
     * points to when it is contained or in the same bundle; otherwise the code stays null and the event is kept.
     */
    private static void medication(EventRecord e, Type medication, BundleContext context) {
        Coding coding = null;
        if (medication instanceof CodeableConcept) {
            coding = firstCoding((CodeableConcept) medication);
        } else if (medication instanceof Reference) {
            Reference ref = (Reference) medication;
            if (ref.getResource() instanceof Medication) {
                coding = firstCoding(((Medication) ref.getResource()).getCode());
            } else {
                String[] code = context.medicationCodes.get(References.normalise(ref.getReference(), context.fullUrlToRelative));
                if (code != null) {
                    e.setCodeSystem(code[0]);
                    e.setCode(code[1]);
                }
            }
        }
        if (coding != null) {
            e.setCodeSystem(blankToNull(coding.getSystem()));
            e.setCode(coding.getCode());
            e.setDisplay(blankToNull(coding.getDisplay()));
        }
    }

    private static void value(EventRecord e, Type value) throws RejectException {
        if (value instanceof Quantity) {
            Quantity q = (Quantity) value;
            if (q.hasValue()) {
                e.setValue(finite(q.getValue().doubleValue()));
            }
            e.setUnit(blankToNull(q.hasUnit() ? q.getUnit() : q.getCode()));
        } else if (value instanceof IntegerType && ((IntegerType) value).getValue() != null) {
            e.setValue(((IntegerType) value).getValue().doubleValue());
        } else if (value instanceof CodeableConcept) {
            List<String> codes = tokens(List.of((CodeableConcept) value));
            e.setValueCode(codes.isEmpty() ? null : codes.get(0));
        }
    }

    private static double finite(double v) throws RejectException {
        if (!Double.isFinite(v)) {
            throw new RejectException(RejectReason.PARSE_ERROR, "numeric value out of range");
        }
        return v;
    }

    private static String subject(Reference subject, BundleContext context) throws RejectException {
        String ref = reference(subject, "Patient", context);
        if (ref == null) {
            throw new RejectException(RejectReason.MISSING_SUBJECT, "no subject reference");
        }
        Matcher typed = TYPED_REFERENCE.matcher(ref);
        if (typed.lookingAt() && !"Patient".equals(typed.group(1)) && RESOURCE_TYPES.contains(typed.group(1))) {
            throw new RejectException(RejectReason.SUBJECT_NOT_PATIENT, "subject refers to a " + typed.group(1) + ", not a Patient");
        }
        return ref;
    }

    /** A reference string normalised, or the conditional reference a logical (identifier-only) reference means. */
    private static String reference(Reference ref, String defaultType, BundleContext context) {
        if (ref == null || ref.isEmpty()) {
            return null;
        }
        if (ref.hasReference()) {
            return References.normalise(ref.getReference(), context.fullUrlToRelative);
        }
        return References.ofIdentifier(ref.hasType() ? ref.getType() : defaultType, ref.getIdentifier());
    }

    private static Instant start(Type t, String element) throws RejectException {
        if (t instanceof BaseDateTimeType) {
            return FhirDates.instant((BaseDateTimeType) t, element + "DateTime");
        }
        if (t instanceof Period) {
            Period p = (Period) t;
            return firstNonNull(FhirDates.instant(p.getStartElement(), element + "Period.start"),
                    FhirDates.instant(p.getEndElement(), element + "Period.end"));
        }
        return null;
    }

    private static Instant end(Type t, String element) throws RejectException {
        if (t instanceof Period && ((Period) t).hasStart()) {
            return FhirDates.instant(((Period) t).getEndElement(), element + "Period.end");
        }
        if (t instanceof BaseDateTimeType && "abatement".equals(element)) {
            return FhirDates.instant((BaseDateTimeType) t, element + "DateTime");
        }
        return null;
    }

    private Instant checked(Instant t, String element) throws RejectException {
        if (t != null && (t.isBefore(EARLIEST) || t.isAfter(latest()))) {
            throw impossible(element + " out of range");
        }
        return t;
    }

    private Instant latest() {
        return clock.instant().plus(Duration.ofDays(1));
    }

    private static RejectException impossible(String message) {
        return new RejectException(RejectReason.IMPOSSIBLE_DATE, message);
    }

    static Coding firstCoding(CodeableConcept concept) {
        if (concept == null) {
            return null;
        }
        for (Coding c : concept.getCoding()) {
            if (c.getCode() != null && !c.getCode().isBlank()) {
                return c;
            }
        }
        return null;
    }

    /** Every coding with a code, as {@code system|code} ({@code |code} without a system), in order, distinct. */
    static List<String> tokens(List<CodeableConcept> concepts) {
        Set<String> tokens = new LinkedHashSet<>();
        for (CodeableConcept concept : concepts) {
            for (Coding c : concept.getCoding()) {
                if (c.getCode() != null && !c.getCode().isBlank()) {
                    tokens.add(token(c));
                }
            }
        }
        return new ArrayList<>(tokens);
    }

    /** The display of each coding of {@code concepts} whose token is one of {@code kept} (the first one a token has). */
    private static void putDisplays(Map<String, String> displays, List<CodeableConcept> concepts, List<String> kept) {
        for (CodeableConcept concept : concepts) {
            for (Coding c : concept.getCoding()) {
                if (c.getCode() != null && !c.getCode().isBlank() && blankToNull(c.getDisplay()) != null
                        && kept.contains(token(c))) {
                    displays.putIfAbsent(token(c), c.getDisplay());
                }
            }
        }
    }

    private static String token(Coding c) {
        return (c.getSystem() == null ? "" : c.getSystem()) + "|" + c.getCode();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Instant firstNonNull(Instant a, Instant b) {
        return a != null ? a : b;
    }
}
