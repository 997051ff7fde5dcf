package io.longitude.jobs.score;

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
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The open events of {@code readmission-30d} as of an instant, computed straight from the FHIR bundles with plain
 * Jackson (no Longitude code): the independent side of {@link ScoreJobTest}. As of T an encounter starting after T
 * does not exist, an end or discharge disposition after T is unknown, a death after T is unknown. An open event is
 * a stay (inpatient encounters merged while the next starts within 6 h of the latest end) discharged in
 * (T − 30 d, T], adult at its start, not died in hospital, its patient not known dead, no later stay started.
 */
final class IndependentOpenReadmissions {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> INPATIENT = Set.of("IMP", "ACUTE", "NONAC");
    private static final Set<String> EXCLUDED = Set.of("planned", "cancelled", "entered-in-error");
    private static final Set<String> EXPIRED = Set.of("exp", "20", "40", "41", "42");

    private record Enc(Instant start, Instant end, boolean expired) {
    }

    private record Person(LocalDate birth, Instant death, List<Enc> inpatient) {
    }

    private record Span(Instant start, Instant end, boolean expired) {
    }

    private final List<Person> people = new ArrayList<>();

    static IndependentOpenReadmissions of(Path dir) throws IOException {
        IndependentOpenReadmissions out = new IndependentOpenReadmissions();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json.gz")).sorted().toList()) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    out.bundle(MAPPER.readTree(in));
                }
            }
        }
        return out;
    }

    private void bundle(JsonNode bundle) {
        LocalDate birth = null;
        Instant death = null;
        List<Enc> inpatient = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode r = entry.path("resource");
            if ("Patient".equals(r.path("resourceType").asText())) {
                birth = LocalDate.parse(r.path("birthDate").asText());
                death = r.has("deceasedDateTime") ? time(r.path("deceasedDateTime")) : null;
            } else if ("Encounter".equals(r.path("resourceType").asText())) {
                Instant start = time(r.path("period").path("start"));
                if (start != null && INPATIENT.contains(r.path("class").path("code").asText())
                        && !EXCLUDED.contains(r.path("status").asText())) {
                    boolean expired = false;
                    for (JsonNode c : r.path("hospitalization").path("dischargeDisposition").path("coding")) {
                        expired |= EXPIRED.contains(c.path("code").asText());
                    }
                    inpatient.add(new Enc(start, time(r.path("period").path("end")), expired));
                }
            }
        }
        if (birth != null) {
            people.add(new Person(birth, death, inpatient));
        }
    }

    private static Instant time(JsonNode node) {
        return node.isMissingNode() ? null : OffsetDateTime.parse(node.asText()).toInstant();
    }

    /** Copies the shared bundles of patients with at least one inpatient encounter into {@code dir}; returns it. */
    static Path bundlesWithInpatientStays(Path shared, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(shared)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json.gz")).sorted().toList()) {
                IndependentOpenReadmissions one = new IndependentOpenReadmissions();
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    one.bundle(MAPPER.readTree(in));
                }
                if (one.people.stream().anyMatch(p -> !p.inpatient.isEmpty())) {
                    Files.copy(file, dir.resolve(file.getFileName()));
                }
            }
        }
        return dir;
    }

    /** Every discharge of every stay of the data, as known at the end: candidates for as-of instants. */
    List<Instant> discharges() {
        return people.stream().flatMap(p -> spans(p, Instant.MAX).stream()).map(Span::end)
                .filter(e -> e != null).sorted().toList();
    }

    /** The prediction times (discharges) of the open events as of {@code asOf}, sorted. */
    List<Instant> openAsOf(Instant asOf) {
        List<Instant> out = new ArrayList<>();
        for (Person p : people) {
            Instant death = p.death != null && !p.death.isAfter(asOf) ? p.death : null;
            List<Span> spans = spans(p, asOf);
            for (Span s : spans) {
                if (s.end == null || !s.end.isAfter(asOf.minus(30, ChronoUnit.DAYS))) {
                    continue;
                }
                boolean adult = Period.between(p.birth, s.start.atZone(ZoneOffset.UTC).toLocalDate()).getYears() >= 18;
                boolean diedInHospital = s.expired || death != null && !death.isBefore(s.start)
                        && !death.isAfter(s.end.plus(48, ChronoUnit.HOURS));
                boolean readmitted = spans.stream().anyMatch(n -> n.start.isAfter(s.end));
                if (adult && !diedInHospital && death == null && !readmitted) {
                    out.add(s.end);
                }
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** The patient's stays as known at {@code asOf}: an end after it is unknown (the stay is open). */
    private static List<Span> spans(Person p, Instant asOf) {
        List<Enc> visible = new ArrayList<>();
        for (Enc e : p.inpatient) {
            if (!e.start.isAfter(asOf)) {
                boolean ended = e.end != null && !e.end.isAfter(asOf);
                visible.add(new Enc(e.start, ended ? e.end : null, ended && e.expired));
            }
        }
        visible.sort(Comparator.comparing(Enc::start));
        List<Span> out = new ArrayList<>();
        Instant start = null;
        Instant latest = null;
        boolean open = false;
        boolean expired = false;
        for (Enc e : visible) {
            if (start != null && e.start.isAfter(latest.plus(6, ChronoUnit.HOURS))) {
                out.add(new Span(start, open ? null : latest, expired));
                start = null;
            }
            if (start == null) {
                start = e.start;
                latest = null;
                open = false;
                expired = false;
            }
            Instant end = e.end != null ? e.end : e.start;
            latest = latest == null || end.isAfter(latest) ? end : latest;
            open |= e.end == null;
            expired |= e.expired;
        }
        if (start != null) {
            out.add(new Span(start, open ? null : latest, expired));
        }
        return out;
    }
}
