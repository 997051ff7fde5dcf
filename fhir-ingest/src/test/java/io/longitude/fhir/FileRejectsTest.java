package io.longitude.fhir;

import static io.longitude.fhir.ReaderFixtures.fixture;
import static io.longitude.fhir.ReaderFixtures.gzip;
import static io.longitude.fhir.ReaderFixtures.read;
import static io.longitude.fhir.ReaderFixtures.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** Whole files that cannot be read: one REJECTED record for the file, never an exception. */
class FileRejectsTest {

    private static final byte[] BUNDLE = fixture("collection-absolute.json");

    private static List<String> summaries(String name, InputFormat format, byte[] bytes) {
        return read(ReaderFixtures.reader(), name, format, bytes).stream()
                .map(r -> r.getLocation() + " " + summary(r)).collect(Collectors.toList());
    }

    @Test
    void emptyAndBlankFiles() {
        assertEquals(List.of("null REJECTED EMPTY_FILE"), summaries("e.json", InputFormat.BUNDLE, new byte[0]));
        assertEquals(List.of("null REJECTED EMPTY_FILE"), summaries("e.json", InputFormat.BUNDLE, " \n\t ".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("null REJECTED EMPTY_FILE"), summaries("e.ndjson", InputFormat.NDJSON, new byte[0]));
        assertEquals(List.of("null REJECTED EMPTY_FILE"), summaries("e.json.gz", InputFormat.BUNDLE, gzip(new byte[0])));
        assertEquals(List.of("null REJECTED EMPTY_FILE"), summaries("e.ndjson.gz", InputFormat.NDJSON, new byte[0]),
                "a zero-byte .gz is empty, not corrupt");
    }

    @Test
    void truncatedJsonIsInvalid() {
        byte[] truncated = Arrays.copyOf(BUNDLE, BUNDLE.length / 2);
        assertEquals(List.of("null REJECTED INVALID_JSON"), summaries("t.json", InputFormat.BUNDLE, truncated));
    }

    @Test
    void aUtf8ByteOrderMarkIsToleratedButUtf16IsNot() {
        byte[] withBom = new byte[BUNDLE.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(BUNDLE, 0, withBom, 3, BUNDLE.length);
        assertEquals(6, summaries("bom.json", InputFormat.BUNDLE, withBom).size());
        assertTrue(summaries("bom.json", InputFormat.BUNDLE, withBom).stream().noneMatch(s -> s.contains("REJECTED")));

        byte[] utf16 = new String(BUNDLE, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16);
        assertEquals(List.of("null REJECTED INVALID_JSON"), summaries("u16.json", InputFormat.BUNDLE, utf16));
        byte[] utf16le = new String(BUNDLE, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16LE);
        assertEquals(List.of("null REJECTED INVALID_JSON"), summaries("u16.json", InputFormat.BUNDLE, utf16le));
    }

    @Test
    void invalidUtf8InsideAStringIsInvalidJson() {
        String line = "{\"resourceType\":\"Patient\",\"id\":\"p\",\"gender\":\"XX\"}";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        int at = line.indexOf("XX");
        bytes[at] = (byte) 0xC3;
        bytes[at + 1] = (byte) 0x28;
        assertEquals(List.of("1 REJECTED INVALID_JSON"), summaries("p.ndjson", InputFormat.NDJSON, bytes));
    }

    @Test
    void binaryIsInvalidJson() {
        byte[] binary = new byte[4096];
        new Random(7).nextBytes(binary);
        binary[0] = 0x50;
        binary[1] = 0x4B;
        List<String> bundle = summaries("b.json", InputFormat.BUNDLE, binary);
        assertEquals(List.of("null REJECTED INVALID_JSON"), bundle);
        List<ExtractedRecord> ndjson = read(ReaderFixtures.reader(), "b.ndjson", InputFormat.NDJSON, binary);
        assertTrue(ndjson.stream().allMatch(r -> "INVALID_JSON".equals(r.getReject().getReason())));
    }

    @Test
    void gzipIsRecognisedByItsBytesNotItsName() {
        assertEquals(6, summaries("plain-name.json", InputFormat.BUNDLE, gzip(BUNDLE)).size());
        assertEquals(List.of("null REJECTED CORRUPT_GZIP"), summaries("fake.json.gz", InputFormat.BUNDLE, BUNDLE));
        assertEquals(List.of("null REJECTED CORRUPT_GZIP"), summaries("fake.ndjson.gz", InputFormat.NDJSON, BUNDLE));
    }

    @Test
    void aTruncatedGzipKeepsTheLinesBeforeTheDamage() {
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            ndjson.append("{\"resourceType\":\"Organization\",\"id\":\"o").append(i).append("\"}\n");
        }
        byte[] gz = gzip(ndjson.toString().getBytes(StandardCharsets.UTF_8));
        byte[] truncated = Arrays.copyOf(gz, gz.length - 20);
        List<ExtractedRecord> records = read(ReaderFixtures.reader(), "Organization.ndjson.gz", InputFormat.NDJSON, truncated);
        ExtractedRecord last = records.get(records.size() - 1);
        assertEquals("REJECTED CORRUPT_GZIP", summary(last));
        assertNull(last.getLocation());
        assertTrue(records.size() > 1000, "lines before the damage are kept");
        assertTrue(records.subList(0, records.size() - 1).stream().allMatch(r -> ExtractedRecord.IGNORED.equals(r.getOutcome())));

        assertEquals(List.of("null REJECTED CORRUPT_GZIP"),
                summaries("b.json.gz", InputFormat.BUNDLE, Arrays.copyOf(gzip(BUNDLE), 100)));
        assertEquals(List.of("null REJECTED CORRUPT_GZIP"),
                summaries("b.json", InputFormat.BUNDLE, new byte[] {0x1f, (byte) 0x8b}), "magic bytes and nothing else");
        byte[] badHeader = gzip(BUNDLE);
        badHeader[2] = 7;
        assertEquals(List.of("null REJECTED CORRUPT_GZIP"), summaries("b.ndjson.gz", InputFormat.NDJSON, badHeader));
    }

    @Test
    void notAnObjectOrNoResourceTypeIsNotFhir() {
        assertEquals(List.of("null REJECTED NOT_FHIR"), summaries("a.json", InputFormat.BUNDLE, "[1, 2]".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("null REJECTED NOT_FHIR"), summaries("a.json", InputFormat.BUNDLE, "{\"a\": 1}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("null REJECTED NOT_FHIR"), summaries("a.json", InputFormat.BUNDLE, "\"text\"".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void deeplyNestedJsonIsRefusedBeforeAnyRecursion() {
        String deep = "{\"resourceType\":\"Basic\",\"id\":\"d\",\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertEquals(List.of("null REJECTED NESTING_TOO_DEEP"), summaries("d.json", InputFormat.BUNDLE, deep.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("1 REJECTED NESTING_TOO_DEEP"), summaries("d.ndjson", InputFormat.NDJSON, deep.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anEntryOverTheLimitRejectsItselfAndTheBundleBeyondItIsRead() {
        String padding = "x".repeat(2000);
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":["
                + "{\"resource\":{\"resourceType\":\"Basic\",\"id\":\"small-1\"}},"
                + "{\"resource\":{\"resourceType\":\"Basic\",\"id\":\"big\",\"note\":\"" + padding + "\"}},"
                + "{\"resource\":{\"resourceType\":\"Basic\",\"id\":\"small-2\"}}]}";
        FhirFileReader reader = new FhirFileReader(1024, 1024, FhirFileReader.DEFAULT_MAX_BUNDLE_DEPTH, ReaderFixtures.CLOCK);
        List<ExtractedRecord> records = read(reader, "big.json", InputFormat.BUNDLE, bundle.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("0 IGNORED Basic", "1 REJECTED TOO_LARGE", "2 IGNORED Basic"),
                records.stream().map(r -> r.getLocation() + " " + summary(r)).collect(Collectors.toList()));
        assertEquals("Basic", records.get(1).getReject().getResourceType());
        assertEquals("big", records.get(1).getReject().getResourceId());
        assertEquals(List.of("REJECTED TOO_LARGE"), read(reader, "one.json", InputFormat.BUNDLE,
                ("{\"resourceType\":\"Basic\",\"id\":\"b\",\"note\":\"" + padding + "\"}").getBytes(StandardCharsets.UTF_8))
                .stream().map(ReaderFixtures::summary).collect(Collectors.toList()));
    }

    @Test
    void theStreamsAreClosedAtTheEndAndTheirOwnIoErrorsPropagate() {
        List<boolean[]> opened = new ArrayList<>();
        InputOpener tracked = () -> {
            boolean[] closed = {false};
            opened.add(closed);
            return new FilterInputStream(new ByteArrayInputStream(BUNDLE)) {
                @Override
                public void close() throws IOException {
                    closed[0] = true;
                    super.close();
                }
            };
        };
        ReaderFixtures.reader().read("c.json", InputFormat.BUNDLE, tracked).forEachRemaining(r -> { });
        assertEquals(2, opened.size(), "a bundle is opened once per pass");
        assertTrue(opened.stream().allMatch(closed -> closed[0]));

        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }
        };
        Iterator<ExtractedRecord> it = ReaderFixtures.reader().read("x.ndjson", InputFormat.NDJSON, () -> failing);
        assertThrows(UncheckedIOException.class, it::hasNext);
    }

    @Test
    void extremeNumbersAreRejectedNotStoredAsInfinity() {
        String huge = "{\"resourceType\":\"Observation\",\"id\":\"o\",\"status\":\"final\",\"code\":{\"coding\":[{\"code\":\"1\"}]},"
                + "\"subject\":{\"reference\":\"Patient/p\"},\"effectiveDateTime\":\"2020-01-01\",\"valueQuantity\":{\"value\":%s}}";
        assertEquals(List.of("1 REJECTED PARSE_ERROR"),
                summaries("o.ndjson", InputFormat.NDJSON, String.format(huge, "1e400").getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("1 REJECTED TOO_LARGE"),
                summaries("o.ndjson", InputFormat.NDJSON, String.format(huge, "9".repeat(5000)).getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("1 ACCEPTED Observation"),
                summaries("o.ndjson", InputFormat.NDJSON, String.format(huge, "-1.5e300").getBytes(StandardCharsets.UTF_8)));
    }
}
