package io.longitude.fhir;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * scripts/demo.sh asks Synthea for exactly the resource types the reader uses: the extracted ones, plus
 * Medication, which resolves a MedicationRequest's medicationReference inside a bundle.
 */
class DemoResourceTypesTest {

    @Test
    void demoGeneratesTheTypesTheReaderReads() throws IOException {
        Path demo = Path.of("..", "scripts", "demo.sh");
        String line = Files.readAllLines(demo).stream().filter(l -> l.startsWith("read_types=")).findFirst()
                .orElseThrow(() -> new AssertionError("scripts/demo.sh defines no read_types"));
        Set<String> expected = new HashSet<>(ResourceRecords.EXTRACTED_TYPES);
        expected.add("Medication");
        assertEquals(expected, Set.copyOf(List.of(line.substring("read_types=".length()).split(","))));
    }
}
