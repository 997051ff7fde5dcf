package io.longitude.jobs.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The open events of conf/tasks/aces/readmission-30d-aces.yaml as of an instant, computed straight from the FHIR
 * bundles with plain Jackson (no Longitude code): the independent side of {@link AcesEndToEndTest}. As of T an
 * encounter starting after T does not exist, an end (and the discharge disposition placed at it) after T is
 * unknown, a death after T is unknown. Each distinct inpatient discharge time D ≤ T is a candidate; it is open
 * when the stay window [latest inpatient admission ≤ D, D] holds no death and no expired disposition, its 30-day
 * label window (D, D + 30 d] has not closed by T (D + 30 d > T) and holds no inpatient admission up to T. (The
 * 720-hour staleness cap cannot bite: D > T − 30 d.)
 */
final class IndependentOpenAcesReadmissions {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> INPATIENT = Set.of("IMP", "ACUTE", "NONAC");
    private static final Set<String> EXPIRED = Set.of("exp", "20", "40", "41", "42");

    private record Enc(boolean inpatient, Instant start, Instant end, boolean expired) {
    }

    private record Person(Instant death, List<Enc> encounters) {
    }

    private final List<Person> people = new ArrayList<>();

    static IndependentOpenAcesReadmissions of(Path dir) throws IOException {
        IndependentOpenAcesReadmissions out = new IndependentOpenAcesReadmissions();
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
        Instant death = null;
        List<Enc> encounters = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode r = entry.path("resource");
            if ("Patient".equals(r.path("resourceType").asText())) {
                death = r.has("deceasedDateTime") ? time(r.path("deceasedDateTime")) : null;
            } else if ("Encounter".equals(r.path("resourceType").asText())) {
                Instant start = time(r.path("period").path("start"));
                if (start != null) {
                    boolean expired = false;
                    for (JsonNode c : r.path("hospitalization").path("dischargeDisposition").path("coding")) {
                        expired |= EXPIRED.contains(c.path("code").asText());
                    }
                    encounters.add(new Enc(INPATIENT.contains(r.path("class").path("code").asText()), start,
                            time(r.path("period").path("end")), expired));
                }
            }
        }
        people.add(new Person(death, encounters));
    }

    private static Instant time(JsonNode node) {
        return node.isMissingNode() ? null : OffsetDateTime.parse(node.asText()).toInstant();
    }

    /** Every inpatient discharge of the data, sorted: candidates for as-of instants. */
    List<Instant> discharges() {
        return people.stream().flatMap(p -> p.encounters.stream())
                .filter(e -> e.inpatient && e.end != null).map(Enc::end).sorted().toList();
    }

    /** The prediction times (discharges) of the open events as of {@code asOf}, sorted, one per subject and time. */
    List<Instant> openAsOf(Instant asOf) {
        List<Instant> out = new ArrayList<>();
        for (Person p : people) {
            Instant death = p.death != null && !p.death.isAfter(asOf) ? p.death : null;
            TreeSet<Instant> discharges = new TreeSet<>();
            List<Instant> admissions = new ArrayList<>();
            List<Instant> expired = new ArrayList<>();
            for (Enc e : p.encounters) {
                if (e.start.isAfter(asOf)) {
                    continue;
                }
                boolean ended = e.end != null && !e.end.isAfter(asOf);
                if (e.inpatient) {
                    admissions.add(e.start);
                    if (ended) {
                        discharges.add(e.end);
                    }
                }
                if (ended && e.expired) {
                    expired.add(e.end);
                }
            }
            for (Instant d : discharges) {
                Instant admission = admissions.stream().filter(a -> !a.isAfter(d)).max(Instant::compareTo).orElseThrow();
                boolean diedInStay = death != null && !death.isBefore(admission) && !death.isAfter(d)
                        || expired.stream().anyMatch(x -> !x.isBefore(admission) && !x.isAfter(d));
                Instant labelEnd = d.plus(30, ChronoUnit.DAYS);
                boolean readmitted = admissions.stream().anyMatch(a -> a.isAfter(d));
                if (!diedInStay && labelEnd.isAfter(asOf) && !readmitted) {
                    out.add(d);
                }
            }
        }
        out.sort(Instant::compareTo);
        return out;
    }
}
