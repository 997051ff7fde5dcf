package io.longitude.explain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenCodingTest {

    @Test
    void aTokenIsItsCodingAndWhatTheCohortAddedToIt() {
        assertEquals(new TokenCoding("http://loinc.org", "2823-3", ""), TokenCoding.of("http://loinc.org|2823-3"));
        assertEquals(new TokenCoding("http://loinc.org", "2823-3", "#q5/5"), TokenCoding.of("http://loinc.org|2823-3#q5/5"));
        assertEquals(new TokenCoding("http://loinc.org", "2160-0", "[mg/dL]#q3/5"),
                TokenCoding.of("http://loinc.org|2160-0[mg/dL]#q3/5"));
        assertEquals(new TokenCoding("http://loinc.org", "72166-2", "=http://snomed.info/sct|266919005"),
                TokenCoding.of("http://loinc.org|72166-2=http://snomed.info/sct|266919005"));
        assertEquals(new TokenCoding(null, "local-1", ""), TokenCoding.of("|local-1"));
        assertEquals(new TokenCoding(null, "<oov>", ""), TokenCoding.of("<oov>"));
    }

    @Test
    void theQualifierReadsAsABinAUnitOrAValue() {
        assertEquals("q5/5", TokenCoding.of("http://loinc.org|2823-3#q5/5").readableQualifier());
        assertEquals("mg/dL q3/5", TokenCoding.of("http://loinc.org|2160-0[mg/dL]#q3/5").readableQualifier());
        assertEquals("= http://snomed.info/sct|266919005",
                TokenCoding.of("http://loinc.org|72166-2=http://snomed.info/sct|266919005").readableQualifier());
        assertEquals("|local-1", TokenCoding.of("|local-1").coding());
    }
}
