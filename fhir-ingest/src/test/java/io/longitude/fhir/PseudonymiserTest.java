package io.longitude.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PseudonymiserTest {

    private static final byte[] KEY = "0123456789abcdef-test-key".getBytes(StandardCharsets.UTF_8);

    @Test
    void keysAreHmacSha256InLowercaseHex() {
        Pseudonymiser p = new Pseudonymiser(KEY);
        String key = p.key("Patient/123");
        assertTrue(key.matches("[0-9a-f]{64}"), key);
        assertEquals(key, new Pseudonymiser(KEY).key("Patient/123"));
        assertNotEquals(key, p.key("Patient/124"));
        assertNotEquals(key, new Pseudonymiser("another-key-of-16-bytes".getBytes(StandardCharsets.UTF_8)).key("Patient/123"));
    }

    @Test
    void matchesKnownHmacVectors() {
        // RFC 4231 test case 1.
        byte[] rfcKey = new byte[20];
        Arrays.fill(rfcKey, (byte) 0x0b);
        assertEquals("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                new Pseudonymiser(rfcKey).key("Hi There"));
        // Computed with Python's hmac module.
        assertEquals("046e5012a646573017ddef4f69f37cd2608721972a7e434961f6df7ec0fcec4a",
                new Pseudonymiser(KEY).key("Patient/123"));
    }

    @Test
    void fileKeysAreKeyedTruncatedAndSeparateFromReferenceKeys() {
        Pseudonymiser p = new Pseudonymiser(KEY);
        String path = "file:/data/fhir/Addie_Tremblay_4c875c3c.json.gz";
        String fileKey = p.fileKey(path);
        assertTrue(fileKey.matches("file-[0-9a-f]{32}"), fileKey);
        assertEquals("file-" + p.key("file:" + path).substring(0, 32), fileKey);
        assertFalse(p.key(path).startsWith(fileKey.substring(5)), "a path and a reference never share a key");
        assertNotEquals(fileKey, new Pseudonymiser("another-key-of-16-bytes".getBytes(StandardCharsets.UTF_8)).fileKey(path));
    }

    @Test
    void tooShortKeysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Pseudonymiser(new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> new Pseudonymiser(null));
    }

    @Test
    void environmentKeyOrLabelledDevelopmentDefault() {
        Pseudonymiser dev = Pseudonymiser.fromEnvironment(name -> null);
        assertTrue(dev.isDevelopmentKey());
        Pseudonymiser blank = Pseudonymiser.fromEnvironment(name -> "  ");
        assertTrue(blank.isDevelopmentKey());
        Map<String, String> env = Map.of(Pseudonymiser.KEY_ENVIRONMENT_VARIABLE, "a-production-secret-of-some-length");
        Pseudonymiser prod = Pseudonymiser.fromEnvironment(env::get);
        assertFalse(prod.isDevelopmentKey());
        assertEquals(new Pseudonymiser("a-production-secret-of-some-length".getBytes(StandardCharsets.UTF_8)).key("Patient/1"),
                prod.key("Patient/1"));
        assertNotEquals(dev.key("Patient/1"), prod.key("Patient/1"));
    }

    @Test
    void survivesJavaSerialisationAsSparkClosuresUseIt() throws IOException, ClassNotFoundException {
        Pseudonymiser p = new Pseudonymiser(KEY);
        String before = p.key("Encounter/9");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(p);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            Pseudonymiser copy = (Pseudonymiser) in.readObject();
            assertEquals(before, copy.key("Encounter/9"));
        }
    }
}
