package io.longitude.fhir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Reading fixtures and in-memory files in tests. */
final class ReaderFixtures {

    /** "Now" for the reader in tests, so that the future-date check does not depend on the day the tests run. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private ReaderFixtures() {
    }

    static FhirFileReader reader() {
        return new FhirFileReader(FhirFileReader.DEFAULT_MAX_LINE_BYTES, FhirFileReader.DEFAULT_MAX_ENTRY_BYTES,
                FhirFileReader.DEFAULT_MAX_BUNDLE_DEPTH, CLOCK);
    }

    static byte[] fixture(String name) {
        try (InputStream in = ReaderFixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ExtractedRecord> read(FhirFileReader reader, String name, InputFormat format, byte[] bytes) {
        List<ExtractedRecord> records = new ArrayList<>();
        Iterator<ExtractedRecord> it = reader.read(name, format, () -> new ByteArrayInputStream(bytes));
        it.forEachRemaining(records::add);
        return records;
    }

    static List<ExtractedRecord> readFixture(String name, InputFormat format) {
        return read(reader(), name, format, fixture(name));
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** "OUTCOME Type" or "REJECTED REASON" per record, for compact assertions. */
    static String summary(ExtractedRecord r) {
        return ExtractedRecord.REJECTED.equals(r.getOutcome())
                ? "REJECTED " + r.getReject().getReason()
                : r.getOutcome() + " " + r.getResourceType();
    }
}
