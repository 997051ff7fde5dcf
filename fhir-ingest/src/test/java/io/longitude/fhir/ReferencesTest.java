package io.longitude.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.Identifier;
import org.junit.jupiter.api.Test;

class ReferencesTest {

    private static final Map<String, String> BUNDLE = Map.of("urn:uuid:0f0e0d0c-aaaa-4bbb-8ccc-000000000001", "Patient/p1");

    @Test
    void relativeReferencesLoseTheirHistory() {
        assertEquals("Patient/123", References.normalise("Patient/123", null));
        assertEquals("Patient/123", References.normalise(" Patient/123/_history/4 ", Map.of()));
        assertEquals("Encounter/e.1-x", References.normalise("Encounter/e.1-x/", null));
    }

    @Test
    void absoluteUrlsLoseTheirBase() {
        assertEquals("Patient/123", References.normalise("https://fhir.example.org/r4/Patient/123", null));
        assertEquals("Patient/123", References.normalise("http://h:8080/fhir/Patient/123/_history/2", null));
    }

    @Test
    void urnUuidsMapThroughTheBundleOrStayLowercased() {
        assertEquals("Patient/p1", References.normalise("urn:uuid:0F0E0D0C-AAAA-4BBB-8CCC-000000000001", BUNDLE));
        assertEquals("urn:uuid:0f0e0d0c-aaaa-4bbb-8ccc-000000000002",
                References.normalise("URN:UUID:0F0E0D0C-AAAA-4BBB-8CCC-000000000002", BUNDLE));
        assertEquals("urn:oid:1.2.3", References.normalise("urn:oid:1.2.3", BUNDLE));
    }

    @Test
    void conditionalReferencesAreDecodedAndKept() {
        assertEquals("Patient?identifier=https://github.com/synthetichealth/synthea|abc",
                References.normalise("Patient?identifier=https%3A%2F%2Fgithub.com%2Fsynthetichealth%2Fsynthea%7Cabc", null));
        assertEquals("Patient?identifier=http://x|v", References.normalise("http://s/fhir/Patient?identifier=http://x|v", null));
        assertEquals("Patient?identifier=%zz", References.normalise("Patient?identifier=%zz", null), "a bad escape is kept raw");
    }

    @Test
    void containedAndEmptyReferencesAreNull() {
        assertNull(References.normalise("#med1", null));
        assertNull(References.normalise("  ", null));
        assertNull(References.normalise(null, null));
    }

    @Test
    void aliasesCoverEveryFormAReferenceMayTake() {
        Identifier withSystem = new Identifier().setSystem("http://hospital.example.org").setValue("MRN-1");
        Identifier withoutSystem = new Identifier().setValue("local-7");
        Identifier empty = new Identifier().setSystem("http://x");
        assertEquals(List.of("Patient/p1", "urn:uuid:0f0e0d0c-aaaa-4bbb-8ccc-000000000001",
                        "Patient?identifier=http://hospital.example.org|MRN-1", "Patient?identifier=MRN-1",
                        "Patient?identifier=local-7"),
                References.aliases("Patient", "p1", "urn:uuid:0F0E0D0C-AAAA-4BBB-8CCC-000000000001",
                        List.of(withSystem, withoutSystem, empty)));
        assertEquals(List.of("Encounter/e1"), References.aliases("Encounter", "e1", "http://b/Encounter/e1", List.of()));
    }
}
