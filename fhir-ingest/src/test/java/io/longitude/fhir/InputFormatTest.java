package io.longitude.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class InputFormatTest {

    @Test
    void bundlesAndNdjsonAreTellApartByName() {
        assertEquals(Optional.of(InputFormat.BUNDLE), InputFormat.ofFileName("Alice_123.json"));
        assertEquals(Optional.of(InputFormat.BUNDLE), InputFormat.ofFileName("/data/in/Alice_123.JSON.gz"));
        assertEquals(Optional.of(InputFormat.NDJSON), InputFormat.ofFileName("Patient.ndjson"));
        assertEquals(Optional.of(InputFormat.NDJSON), InputFormat.ofFileName("s3a://b/Observation.000.ndjson.gz"));
        assertEquals(Optional.of(InputFormat.NDJSON), InputFormat.ofFileName("Encounter.tag-1.ndjson"));
    }

    @Test
    void anythingElseIsUnsupported() {
        assertEquals(Optional.empty(), InputFormat.ofFileName("notes.txt"));
        assertEquals(Optional.empty(), InputFormat.ofFileName("bundle.xml"));
        assertEquals(Optional.empty(), InputFormat.ofFileName("data.gz"));
        assertEquals(Optional.empty(), InputFormat.ofFileName(".json"));
        assertEquals(Optional.empty(), InputFormat.ofFileName(null));
    }
}
