package io.longitude.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Counts resources in FHIR files with plain Jackson (line by line for NDJSON), no HAPI and no Longitude code: the
 * independent side of the ingest count tests.
 */
public final class IndependentFhirCount {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public final Map<String, Long> resourcesByType = new TreeMap<>();
    public final Map<String, Long> encountersByClass = new TreeMap<>();
    public long patients;
    public long deceasedPatients;
    public long files;

    public static IndependentFhirCount of(Path dir) throws IOException {
        IndependentFhirCount count = new IndependentFhirCount();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path file : paths.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".ndjson") || name.endsWith(".ndjson.gz")) {
                    count.files++;
                    count.ndjson(file);
                } else if (name.endsWith(".json") || name.endsWith(".json.gz")) {
                    count.files++;
                    count.bundle(file);
                }
            }
        }
        return count;
    }

    private void ndjson(Path file) throws IOException {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    resource(MAPPER.readTree(line));
                }
            }
        }
    }

    /** A .json file holds a Bundle, or a single resource (Bulk Data exports ship a Parameters file). */
    private void bundle(Path file) throws IOException {
        try (InputStream in = open(file)) {
            resource(MAPPER.readTree(in));
        }
    }

    private void resource(JsonNode resource) {
        String type = resource.path("resourceType").asText();
        if (type.equals("Bundle")) {
            resource.path("entry").forEach(e -> resource(e.path("resource")));
            return;
        }
        resourcesByType.merge(type, 1L, Long::sum);
        if (type.equals("Patient")) {
            patients++;
            if (resource.has("deceasedDateTime") || resource.path("deceasedBoolean").asBoolean(false)) {
                deceasedPatients++;
            }
        } else if (type.equals("Encounter")) {
            encountersByClass.merge(resource.path("class").path("code").asText("(none)"), 1L, Long::sum);
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    public long encounters() {
        return encountersByClass.values().stream().mapToLong(Long::longValue).sum();
    }
}
