package io.longitude.jobs.cohort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The cohort definitions of issue 4 computed straight from FHIR bundles with plain Jackson: no HAPI, no
 * Longitude code, no Parquet. The independent side of the cohort count tests (Synthea bundles: one
 * patient per file, {@code urn:uuid:} references; the hospital and practitioner bundles hold no patient).
 */
final class IndependentCohortCount {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> INPATIENT = Set.of("IMP", "ACUTE", "NONAC");
    private static final Set<String> EXCLUDED = Set.of("planned", "cancelled", "entered-in-error");
    private static final Set<String> EXPIRED = Set.of("exp", "20", "40", "41", "42");
    private static final Set<String> HEART_FAILURE = Set.of("88805009", "84114007");
    private static final Set<String> PLANNED = Set.of("703423002", "367336001", "108290001", "265764009");

    record Counts(long samples, long positives) {
    }

    private record Enc(String id, Instant start, Instant end, boolean expired) {
    }

    private record Person(LocalDate birth, Instant death, List<Enc> inpatient, Set<String> plannedEncounters,
                          List<Instant> outpatientStarts, List<Instant> heartFailure, List<Instant> highCreatinine,
                          List<Instant> plannedProcedures, List<Instant> visitStarts) {

        /** An ACES sample needs a visit (an encounter not of an excluded status) starting before its prediction time. */
        boolean visitBefore(Instant predictionTime) {
            return visitStarts.stream().anyMatch(s -> s.isBefore(predictionTime));
        }
    }

    private record Span(Instant start, Instant end, List<Enc> encounters) {
    }

    private final List<Person> people = new ArrayList<>();
    private Instant dataEnd;

    static IndependentCohortCount of(Path dir) throws IOException {
        IndependentCohortCount count = new IndependentCohortCount();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json.gz")).sorted().toList()) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    count.bundle(MAPPER.readTree(in));
                }
            }
        }
        return count;
    }

    private void bundle(JsonNode bundle) {
        LocalDate birth = null;
        Instant death = null;
        List<Enc> inpatient = new ArrayList<>();
        Set<String> planned = new HashSet<>();
        List<Instant> outpatient = new ArrayList<>();
        List<Instant> heartFailure = new ArrayList<>();
        List<Instant> highCreatinine = new ArrayList<>();
        List<Instant> plannedProcedures = new ArrayList<>();
        List<Instant> visitStarts = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode r = entry.path("resource");
            switch (r.path("resourceType").asText()) {
                case "Patient" -> {
                    birth = LocalDate.parse(r.path("birthDate").asText());
                    if (r.has("deceasedDateTime")) {
                        death = OffsetDateTime.parse(r.path("deceasedDateTime").asText()).toInstant();
                    }
                }
                case "Encounter" -> {
                    Instant start = time(r.path("period").path("start"));
                    Instant end = time(r.path("period").path("end"));
                    Instant last = end != null ? end : start;
                    if (last != null && (dataEnd == null || last.isAfter(dataEnd))) {
                        dataEnd = last;
                    }
                    if (start != null && !EXCLUDED.contains(r.path("status").asText())) {
                        visitStarts.add(start);
                    }
                    if (start != null && "AMB".equals(r.path("class").path("code").asText())) {
                        outpatient.add(start);
                    }
                    if (start != null && INPATIENT.contains(r.path("class").path("code").asText())
                            && !EXCLUDED.contains(r.path("status").asText())) {
                        boolean expired = false;
                        for (JsonNode c : r.path("hospitalization").path("dischargeDisposition").path("coding")) {
                            expired |= EXPIRED.contains(c.path("code").asText());
                        }
                        inpatient.add(new Enc("urn:uuid:" + r.path("id").asText(), start, end, expired));
                    }
                }
                case "Condition" -> {
                    for (JsonNode c : r.path("code").path("coding")) {
                        if ("http://snomed.info/sct".equals(c.path("system").asText())
                                && HEART_FAILURE.contains(c.path("code").asText())) {
                            heartFailure.add(time(r.has("onsetDateTime") ? r.path("onsetDateTime") : r.path("recordedDate")));
                        }
                    }
                }
                case "Observation" -> {
                    JsonNode value = r.path("valueQuantity").path("value");
                    // the export's values are float32
                    boolean high = value.isNumber() && (double) (float) value.asDouble() > 1.2;
                    for (JsonNode c : r.path("code").path("coding")) {
                        if (high && "http://loinc.org".equals(c.path("system").asText())
                                && "38483-4".equals(c.path("code").asText())) {
                            highCreatinine.add(time(r.has("effectiveDateTime") ? r.path("effectiveDateTime") : r.path("issued")));
                        }
                    }
                }
                case "Procedure" -> {
                    for (JsonNode c : r.path("code").path("coding")) {
                        if ("http://snomed.info/sct".equals(c.path("system").asText())
                                && PLANNED.contains(c.path("code").asText())) {
                            planned.add(r.path("encounter").path("reference").asText());
                            plannedProcedures.add(time(r.has("performedDateTime") ? r.path("performedDateTime")
                                    : r.path("performedPeriod").path("start")));
                        }
                    }
                }
                default -> {
                }
            }
        }
        if (birth != null) {
            people.add(new Person(birth, death, inpatient, planned, outpatient, heartFailure, highCreatinine,
                    plannedProcedures, visitStarts));
        }
    }

    private static Instant time(JsonNode node) {
        return node.isMissingNode() ? null : OffsetDateTime.parse(node.asText()).toInstant();
    }

    Instant dataEnd() {
        return dataEnd;
    }

    long patients() {
        return people.size();
    }

    long stays() {
        return people.stream().mapToLong(p -> spans(p).size()).sum();
    }

    Counts readmission(int windowDays, boolean unplannedOnly) {
        long samples = 0;
        long positives = 0;
        for (Person p : people) {
            List<Span> spans = spans(p);
            for (Span s : spans) {
                if (s.end == null || age(p, s) < 18 || died(p, s)) {
                    continue;
                }
                Instant until = s.end.plus(windowDays, ChronoUnit.DAYS);
                boolean readmitted = spans.stream().anyMatch(n -> n.start.isAfter(s.end) && !n.start.isAfter(until)
                        && !(unplannedOnly && n.encounters.stream().anyMatch(e -> p.plannedEncounters.contains(e.id))));
                if (until.isAfter(dataEnd) && !readmitted) {
                    continue;
                }
                samples++;
                positives += readmitted ? 1 : 0;
            }
        }
        return new Counts(samples, positives);
    }

    Counts mortality(int offsetHours) {
        long samples = 0;
        long positives = 0;
        for (Person p : people) {
            for (Span s : spans(p)) {
                Instant prediction = s.start.plus(offsetHours, ChronoUnit.HOURS);
                if (age(p, s) < 18 || (offsetHours > 0 && s.end != null && s.end.isBefore(prediction))) {
                    continue;
                }
                samples++;
                positives += died(p, s) ? 1 : 0;
            }
        }
        return new Counts(samples, positives);
    }

    /** Trigger times of conf/tasks/aces/mortality-inhospital-aces.yaml: distinct inpatient encounter starts. */
    long acesMortalityTriggers() {
        return people.stream().mapToLong(p -> p.inpatient.stream().map(Enc::start).distinct().count()).sum();
    }

    /**
     * conf/tasks/aces/mortality-inhospital-aces.yaml by its own rules, written here over the FHIR files: a sample
     * per distinct inpatient start T after some visit's start that has an inpatient end E at or after it (the
     * first such), positive when the patient died in [T, E] or an inpatient encounter with an expired disposition
     * ended (or, without an end, started) in [T, E].
     */
    Counts acesMortalityAtAdmission() {
        long samples = 0;
        long positives = 0;
        for (Person p : people) {
            List<Instant> ends = p.inpatient.stream().map(Enc::end).filter(java.util.Objects::nonNull).sorted().toList();
            for (Instant t : p.inpatient.stream().map(Enc::start).distinct().toList()) {
                Instant e = ends.stream().filter(end -> !end.isBefore(t)).findFirst().orElse(null);
                if (e == null || !p.visitBefore(t)) {
                    continue;
                }
                samples++;
                boolean died = p.death != null && !p.death.isBefore(t) && !p.death.isAfter(e);
                boolean expired = p.inpatient.stream().anyMatch(enc -> enc.expired()
                        && !(enc.end() != null ? enc.end() : enc.start()).isBefore(t)
                        && !(enc.end() != null ? enc.end() : enc.start()).isAfter(e));
                positives += died || expired ? 1 : 0;
            }
        }
        return new Counts(samples, positives);
    }

    /**
     * conf/tasks/aces/readmission-30d-aces.yaml by its own rules: a sample per distinct inpatient end E whose
     * latest inpatient start S at or before it leaves [S, E] free of death and expired dispositions (at the
     * encounter's end, or start without one); positive when an inpatient encounter starts in (E, E + 30 days].
     * {@code unplanned}: readmission-30d-unplanned-aces.yaml, which also drops E when a planned procedure
     * (performed, its start) falls in (E, E + 30 days].
     */
    Counts acesReadmission30d(boolean unplanned) {
        long samples = 0;
        long positives = 0;
        for (Person p : people) {
            List<Instant> starts = p.inpatient.stream().map(Enc::start).sorted().toList();
            for (Instant e : p.inpatient.stream().map(Enc::end).filter(java.util.Objects::nonNull).distinct().toList()) {
                Instant s = starts.stream().filter(start -> !start.isAfter(e)).reduce((a, b) -> b).orElse(null);
                if (s == null || within(p.death, s, e) || p.inpatient.stream().anyMatch(enc -> enc.expired()
                        && within(enc.end() != null ? enc.end() : enc.start(), s, e))) {
                    continue;
                }
                Instant until = e.plus(30, ChronoUnit.DAYS);
                if (unplanned && p.plannedProcedures.stream().anyMatch(t -> t != null && t.isAfter(e) && !t.isAfter(until))) {
                    continue;
                }
                samples++;
                positives += starts.stream().anyMatch(start -> start.isAfter(e) && !start.isAfter(until)) ? 1 : 0;
            }
        }
        return new Counts(samples, positives);
    }

    /**
     * conf/tasks/aces/long-los-aces.yaml by its own rules: a sample per distinct inpatient start T with no
     * inpatient end and no death in [T, T + 48 h]; label 1 when an inpatient encounter ends in (T + 48 h, T + 7 days].
     */
    Counts acesDischargeWithinAWeekAt48h() {
        long samples = 0;
        long positives = 0;
        for (Person p : people) {
            List<Instant> ends = p.inpatient.stream().map(Enc::end).filter(java.util.Objects::nonNull).toList();
            for (Instant t : p.inpatient.stream().map(Enc::start).distinct().toList()) {
                Instant at48h = t.plus(48, ChronoUnit.HOURS);
                if (within(p.death, t, at48h) || ends.stream().anyMatch(end -> within(end, t, at48h))) {
                    continue;
                }
                samples++;
                Instant week = t.plus(7, ChronoUnit.DAYS);
                positives += ends.stream().anyMatch(end -> end.isAfter(at48h) && !end.isAfter(week)) ? 1 : 0;
            }
        }
        return new Counts(samples, positives);
    }

    /**
     * conf/tasks/aces/heart-failure-1y-aces.yaml by its own rules: a sample per distinct outpatient start T after
     * some visit's start, with no heart-failure diagnosis (onset, else recorded) before it; positive when one falls in [T, T + 365 days].
     */
    Counts acesHeartFailureWithinAYear() {
        long samples = 0;
        long positives = 0;
        for (Person p : people) {
            for (Instant t : p.outpatientStarts.stream().distinct().toList()) {
                if (p.heartFailure.stream().anyMatch(d -> d.isBefore(t)) || !p.visitBefore(t)) {
                    continue;
                }
                samples++;
                Instant year = t.plus(365, ChronoUnit.DAYS);
                positives += p.heartFailure.stream().anyMatch(d -> within(d, t, year)) ? 1 : 0;
            }
        }
        return new Counts(samples, positives);
    }

    /**
     * conf/tasks/aces/high-creatinine-24h-aces.yaml by its own rules: a sample per distinct inpatient start T after
     * some visit's start; positive when a creatinine above 1.2 is observed (effective, else issued) in [T, T + 24 h].
     */
    Counts acesHighCreatinineInTheFirstDay() {
        long samples = 0;
        long positives = 0;
        for (Person p : people) {
            for (Instant t : p.inpatient.stream().map(Enc::start).distinct().toList()) {
                if (!p.visitBefore(t)) {
                    continue;
                }
                samples++;
                Instant day = t.plus(24, ChronoUnit.HOURS);
                positives += p.highCreatinine.stream().anyMatch(o -> within(o, t, day)) ? 1 : 0;
            }
        }
        return new Counts(samples, positives);
    }

    /**
     * conf/tasks/aces/mortality-inhospital-24h-aces.yaml by its own rules: a sample per distinct inpatient start
     * T with no inpatient end and no death in [T, T + 48 h] and an end or death X after T + 48 h (the first);
     * positive when the death, or an expired disposition (at its encounter's end, else start), is in (T + 48 h, X].
     */
    Counts acesMortalityAt24hWithAGap() {
        long samples = 0;
        long positives = 0;
        for (Person p : people) {
            List<Instant> ends = p.inpatient.stream().map(Enc::end).filter(java.util.Objects::nonNull).toList();
            for (Instant t : p.inpatient.stream().map(Enc::start).distinct().toList()) {
                Instant at48h = t.plus(48, ChronoUnit.HOURS);
                if (within(p.death, t, at48h) || ends.stream().anyMatch(end -> within(end, t, at48h))) {
                    continue;
                }
                Instant x = Stream.concat(ends.stream(), Stream.ofNullable(p.death)).filter(i -> i.isAfter(at48h))
                        .min(Comparator.naturalOrder()).orElse(null);
                if (x == null) {
                    continue;
                }
                samples++;
                Instant after48h = at48h.plusNanos(1000);
                boolean died = within(p.death, after48h, x) || p.inpatient.stream().anyMatch(enc -> enc.expired()
                        && within(enc.end() != null ? enc.end() : enc.start(), after48h, x));
                positives += died ? 1 : 0;
            }
        }
        return new Counts(samples, positives);
    }

    /** {@code time} in [from, to], both included; false for no time. */
    private static boolean within(Instant time, Instant from, Instant to) {
        return time != null && !time.isBefore(from) && !time.isAfter(to);
    }

    private static int age(Person p, Span s) {
        return Period.between(p.birth, s.start.atZone(ZoneOffset.UTC).toLocalDate()).getYears();
    }

    private boolean died(Person p, Span s) {
        if (s.encounters.stream().anyMatch(Enc::expired)) {
            return true;
        }
        Instant end = (s.end != null ? s.end : dataEnd).plus(48, ChronoUnit.HOURS);
        return p.death != null && !p.death.isBefore(s.start) && !p.death.isAfter(end);
    }

    /** Inpatient encounters merged while the next starts within 6 h of the latest end so far. */
    private static List<Span> spans(Person p) {
        List<Enc> sorted = new ArrayList<>(p.inpatient);
        sorted.sort(Comparator.comparing(Enc::start));
        List<Span> out = new ArrayList<>();
        List<Enc> group = new ArrayList<>();
        Instant latest = null;
        boolean open = false;
        for (Enc e : sorted) {
            if (!group.isEmpty() && e.start.isAfter(latest.plus(6, ChronoUnit.HOURS))) {
                out.add(new Span(group.get(0).start, open ? null : latest, group));
                group = new ArrayList<>();
                open = false;
                latest = null;
            }
            group.add(e);
            Instant end = e.end != null ? e.end : e.start;
            latest = latest == null || end.isAfter(latest) ? end : latest;
            open |= e.end == null;
        }
        if (!group.isEmpty()) {
            out.add(new Span(group.get(0).start, open ? null : latest, group));
        }
        return out;
    }
}
