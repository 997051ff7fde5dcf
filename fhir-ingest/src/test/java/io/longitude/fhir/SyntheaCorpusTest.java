package io.longitude.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads every Synthea bundle of the shared corpus and compares the outcome with an independent count made with
 * plain Jackson streaming (no HAPI).
 */
class SyntheaCorpusTest {

    static final Path CORPUS = Paths.get(System.getProperty("longitude.synthea.dir", "../../shared/data/synthea-r4"));

    private static final Map<String, Long> expectedByType = new TreeMap<>();
    private static final Map<String, Long> expectedEncountersByClass = new TreeMap<>();
    private static long expectedDeceased;
    private static final Map<String, Long> acceptedByType = new TreeMap<>();
    private static final Map<String, Long> ignoredByType = new TreeMap<>();
    private static final Map<String, Long> encountersByClass = new TreeMap<>();
    private static final List<ExtractedRecord> rejects = new ArrayList<>();
    private static final List<String> locationMismatches = new ArrayList<>();
    private static long deceased;
    private static long emptyEventRecords;
    private static int files;

    @BeforeAll
    static void readCorpus() throws IOException {
        List<Path> paths;
        try (Stream<Path> list = Files.list(CORPUS)) {
            paths = list.filter(p -> p.toString().endsWith(".json.gz")).sorted().collect(Collectors.toList());
        }
        files = paths.size();
        FhirFileReader reader = new FhirFileReader();
        JsonFactory json = new JsonFactory();
        for (Path path : paths) {
            int entries = countIndependently(json, path);
            TreeSet<Long> locations = new TreeSet<>();
            Iterator<ExtractedRecord> records = reader.read(path.getFileName().toString(), InputFormat.BUNDLE,
                    () -> Files.newInputStream(path));
            while (records.hasNext()) {
                tally(records.next(), locations);
            }
            if (locations.size() != entries || (entries > 0 && (locations.first() != 0 || locations.last() != entries - 1))) {
                locationMismatches.add(path.getFileName().toString());
            }
        }
    }

    private static void tally(ExtractedRecord r, TreeSet<Long> locations) {
        locations.add(r.getLocation() == null ? -1L : r.getLocation());
        switch (r.getOutcome()) {
            case ExtractedRecord.ACCEPTED:
                acceptedByType.merge(r.getResourceType(), 1L, Long::sum);
                if (r.getPatient() != null && Boolean.TRUE.equals(r.getPatient().getDeceased())) {
                    deceased++;
                }
                if (r.getEncounter() != null) {
                    encountersByClass.merge(String.valueOf(r.getEncounter().getClassCode()), 1L, Long::sum);
                }
                if (r.getPatient() == null && r.getEncounter() == null && r.getEvents().isEmpty()) {
                    emptyEventRecords++;
                }
                break;
            case ExtractedRecord.IGNORED:
                ignoredByType.merge(r.getResourceType(), 1L, Long::sum);
                break;
            default:
                rejects.add(r);
        }
    }

    /** Counts entries per resource type, deceased patients and encounters per class code; returns the entries. */
    private static int countIndependently(JsonFactory json, Path path) throws IOException {
        int entries = 0;
        try (JsonParser p = json.createParser(new GZIPInputStream(Files.newInputStream(path)))) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (!"entry".equals(name)) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    entries++;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        p.nextToken();
                        if ("resource".equals(field)) {
                            countResource(p);
                        } else {
                            p.skipChildren();
                        }
                    }
                }
            }
        }
        return entries;
    }

    private static void countResource(JsonParser p) throws IOException {
        String type = null;
        boolean dead = false;
        String classCode = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("resourceType".equals(field)) {
                type = p.getText();
            } else if ("deceasedDateTime".equals(field) || ("deceasedBoolean".equals(field) && value == JsonToken.VALUE_TRUE)) {
                dead = true;
            } else if ("class".equals(field) && value == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String classField = p.currentName();
                    p.nextToken();
                    if ("code".equals(classField)) {
                        classCode = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        expectedByType.merge(type, 1L, Long::sum);
        if ("Patient".equals(type) && dead) {
            expectedDeceased++;
        }
        if ("Encounter".equals(type)) {
            expectedEncountersByClass.merge(String.valueOf(classCode), 1L, Long::sum);
        }
    }

    @Test
    void everyFileReadsWithoutAReject() {
        assertEquals(335, files);
        assertTrue(rejects.isEmpty(), () -> rejects.size() + " rejects, first: " + rejects.subList(0, Math.min(3, rejects.size())));
    }

    @Test
    void everyEntryGivesExactlyOneRecordAtItsIndex() {
        assertTrue(locationMismatches.isEmpty(), () -> locationMismatches.size() + " files whose records do not cover their entries");
    }

    @Test
    void perTypeCountsEqualAnIndependentCount() {
        Map<String, Long> read = new TreeMap<>(acceptedByType);
        ignoredByType.forEach((type, n) -> read.merge(type, n, Long::sum));
        assertEquals(expectedByType, read);
        for (String type : ResourceRecords.EXTRACTED_TYPES) {
            assertFalse(ignoredByType.containsKey(type), type + " must not be ignored");
        }
        assertEquals(expectedByType.get("Observation"), acceptedByType.get("Observation"));
        assertEquals(expectedByType.get("Claim"), ignoredByType.get("Claim"));
    }

    @Test
    void patientsDeathsAndEncounterClassesMatch() {
        assertEquals(333L, acceptedByType.get("Patient"));
        assertEquals(expectedDeceased, deceased);
        assertTrue(deceased > 0);
        assertEquals(expectedEncountersByClass, encountersByClass);
    }

    @Test
    void everyAcceptedClinicalResourceHasAnEvent() {
        assertEquals(0, emptyEventRecords);
    }
}
