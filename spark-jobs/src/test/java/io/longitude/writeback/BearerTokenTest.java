package io.longitude.writeback;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class BearerTokenTest {

    @Test
    void theTokenComesFromTheEnvironmentAndIsNeverPrinted() {
        BearerToken token = BearerToken.fromEnvironment(Map.of(BearerToken.ENVIRONMENT_VARIABLE, " s3cr3t-t0ken\n"))
                .orElseThrow();
        assertEquals("s3cr3t-t0ken", token.value());
        assertFalse(token.toString().contains("s3cr3t"), token.toString());
        assertFalse(new FhirServerSettings(java.net.URI.create("http://127.0.0.1/fhir/"), token, 1, 1,
                new RetryBackoff(java.time.Duration.ZERO, java.time.Duration.ZERO), java.time.Duration.ofSeconds(1))
                .toString().contains("s3cr3t"), "nor through the settings that carry it");
    }

    @Test
    void anUnsetOrBlankVariableMeansNoToken() {
        assertEquals(Optional.empty(), BearerToken.fromEnvironment(Map.of()));
        assertEquals(Optional.empty(), BearerToken.fromEnvironment(Map.of(BearerToken.ENVIRONMENT_VARIABLE, "  ")));
    }
}
