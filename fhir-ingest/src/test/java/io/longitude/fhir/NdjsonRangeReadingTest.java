package io.longitude.fhir;

import static io.longitude.fhir.ReaderFixtures.fixture;
import static io.longitude.fhir.ReaderFixtures.read;
import static io.longitude.fhir.ReaderFixtures.reader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

/**
 * An NDJSON file read as byte ranges that tile it (as ingest's tasks read a large file) gives exactly the records
 * of reading it whole, in order, with the same line numbers, whatever the range size and wherever the ranges cut
 * (inside a line, between {@code \r} and {@code \n}, on a line break, inside a blank run).
 */
class NdjsonRangeReadingTest {

    /** Records compared as JSON of every bean property (dates as their ISO text). */
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Temporal.class, ToStringSerializer.instance));

    @Test
    void rangesOfTheMixedFixtureGiveTheWholeFileRecords() {
        byte[] lf = fixture("mixed.ndjson");
        String text = new String(lf, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n") && text.contains("\n\n"), "the fixture has a final newline and empty lines");
        List<byte[]> variants = List.of(lf,
                text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8),
                text.stripTrailing().getBytes(StandardCharsets.UTF_8),
                ("\n\n" + text + "\n \n\t\n").getBytes(StandardCharsets.UTF_8),
                ("\r\n" + text.replace("\n", "\r\n").stripTrailing()).getBytes(StandardCharsets.UTF_8));
        for (byte[] file : variants) {
            List<String> whole = whole(reader(), file);
            for (int size : new int[]{1, 3, 17, 64, 511, 1024, file.length - 1, file.length, file.length + 3}) {
                assertEquals(whole, ranged(reader(), file, size), "range size " + size);
            }
        }
    }

    @Test
    void rangesOfASyntheaPatientAsNdjsonGiveTheWholeFileRecords() throws IOException {
        byte[] file = syntheaBundleAsNdjson();
        List<String> whole = whole(reader(), file);
        assertTrue(whole.size() > 100, "a real patient's resources");
        for (int size : new int[]{997, 65_536, 65_537, file.length / 3, file.length}) {
            assertEquals(whole, ranged(reader(), file, size), "range size " + size);
        }
    }

    @Test
    void aBlankFileIsOneEmptyFileRejectWhateverTheRanges() {
        byte[] file = "\n  \r\n\t\n\n \n".getBytes(StandardCharsets.UTF_8);
        List<String> whole = whole(reader(), file);
        assertEquals(1, whole.size());
        assertTrue(whole.get(0).contains("EMPTY_FILE"));
        for (int size = 1; size <= file.length; size++) {
            assertEquals(whole, ranged(reader(), file, size), "range size " + size);
        }
    }

    @Test
    void aTooLongLineCutByRangesIsOneRejectAtItsLine() {
        String ok = "{\"resourceType\":\"Claim\",\"id\":\"c\"}";
        String longLine = "{\"resourceType\":\"Claim\",\"id\":\"" + "x".repeat(3000) + "\"}";
        byte[] file = String.join("\n", ok, longLine, ok, longLine).getBytes(StandardCharsets.UTF_8);
        FhirFileReader small = new FhirFileReader(1024, FhirFileReader.DEFAULT_MAX_ENTRY_BYTES,
                FhirFileReader.DEFAULT_MAX_BUNDLE_DEPTH, ReaderFixtures.CLOCK);
        List<String> whole = whole(small, file);
        assertEquals(4, whole.size());
        for (int size : new int[]{1, 40, 1000, 1500, 3100, file.length}) {
            assertEquals(whole, ranged(small, file, size), "range size " + size);
        }
    }

    private static List<String> whole(FhirFileReader reader, byte[] file) {
        return read(reader, "f.ndjson", InputFormat.NDJSON, file).stream().map(NdjsonRangeReadingTest::json).toList();
    }

    /** Reads {@code file} as consecutive ranges of {@code size} bytes, each opened as a task opens its range. */
    private static List<String> ranged(FhirFileReader reader, byte[] file, int size) {
        boolean blank = true;
        for (byte b : file) {
            blank &= b == ' ' || b == '\t' || b == '\r' || b == '\n';
        }
        List<String> records = new ArrayList<>();
        long newlinesBefore = 0;
        int counted = 0;
        for (int start = 0; start < file.length; start += size) {
            int from = Math.max(0, start - 1);
            for (; counted < from; counted++) {
                newlinesBefore += file[counted] == '\n' ? 1 : 0;
            }
            InputStream in = new ByteArrayInputStream(file, from, file.length - from);
            Iterator<ExtractedRecord> it = reader.readNdjsonRange("f.ndjson", in, start,
                    Math.min(file.length, (long) start + size), newlinesBefore, blank);
            it.forEachRemaining(r -> records.add(json(r)));
        }
        return records;
    }

    private static String json(ExtractedRecord record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The entries of the median-size shared Synthea bundle, one resource per line. */
    private static byte[] syntheaBundleAsNdjson() throws IOException {
        List<Path> bySize;
        try (Stream<Path> files = Files.list(SyntheaCorpusTest.CORPUS)) {
            bySize = files.sorted(Comparator.comparingLong(f -> f.toFile().length())).toList();
        }
        Path bundle = bySize.get(bySize.size() / 2);
        JsonNode root;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(bundle))) {
            root = JSON.readTree(in);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (JsonNode entry : root.get("entry")) {
            out.write(JSON.writeValueAsBytes(entry.get("resource")));
            out.write('\n');
        }
        return out.toByteArray();
    }
}
