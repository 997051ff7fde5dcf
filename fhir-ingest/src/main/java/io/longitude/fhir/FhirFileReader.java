package io.longitude.fhir;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import java.util.zip.ZipException;

/**
 * Reads one FHIR file into one {@link ExtractedRecord} per resource. One instance per Spark partition: it holds
 * its own HAPI parser, so it is neither thread-safe nor Serializable.
 *
 * <p>Nothing is held whole: NDJSON is read a line at a time ({@link NdjsonLineReader}); a bundle file is streamed in
 * two passes, its references and its well-formedness first ({@link BundleIndex}), then its entries one at a time
 * ({@link BundleEntryStreamer}), so memory per file is bounded by its largest line or entry. Each entry or line
 * becomes a Jackson tree that only the resources we extract hand to HAPI ({@link ResourceRecords}): a bad entry
 * rejects itself and not its bundle.
 */
public final class FhirFileReader {

    /** NDJSON lines longer than this are rejected (TOO_LARGE) without being held in memory. */
    public static final int DEFAULT_MAX_LINE_BYTES = 32 << 20;
    /**
     * A top-level bundle entry (with the bundles nested in it), or a file that is one resource, larger than this is
     * rejected (TOO_LARGE) without being held in memory: its Jackson tree needs ~5-10x its bytes.
     */
    public static final int DEFAULT_MAX_ENTRY_BYTES = 32 << 20;
    /** A top-level bundle is depth 1; a Bundle entry deeper than this is rejected (NESTING_TOO_DEEP). */
    public static final int DEFAULT_MAX_BUNDLE_DEPTH = 3;

    private final int maxLineBytes;
    private final int maxEntryBytes;
    private final int maxBundleDepth;
    private final ResourceRecords records;
    private final BundleTreeWalker walker;

    public FhirFileReader() {
        this(DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_ENTRY_BYTES, DEFAULT_MAX_BUNDLE_DEPTH);
    }

    public FhirFileReader(int maxLineBytes, int maxEntryBytes, int maxBundleDepth) {
        this(maxLineBytes, maxEntryBytes, maxBundleDepth, Clock.systemUTC());
    }

    FhirFileReader(int maxLineBytes, int maxEntryBytes, int maxBundleDepth, Clock clock) {
        if (maxLineBytes < 1 || maxEntryBytes < 1 || maxBundleDepth < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxLineBytes = maxLineBytes;
        this.maxEntryBytes = maxEntryBytes;
        this.maxBundleDepth = maxBundleDepth;
        this.records = new ResourceRecords(clock);
        this.walker = new BundleTreeWalker(records, maxBundleDepth);
    }

    /**
     * Lazily reads a file: NDJSON line by line, a bundle entry by entry (opening it twice). Gzip is recognised by
     * its magic bytes whatever the name. Bad content never throws: it becomes REJECTED records. IO errors of the
     * opened stream itself are thrown as {@link UncheckedIOException}. What it opens it closes when the iterator
     * is exhausted (or fails): a caller that stops early leaves the stream being read open.
     *
     * @param sourceFile the name recorded in every record (never logged: Synthea file names contain patient names)
     */
    public Iterator<ExtractedRecord> read(String sourceFile, InputFormat format, InputOpener input) {
        return new Records(sourceFile, format, input, null, null);
    }

    /**
     * Lazily reads the NDJSON lines that start in the byte range {@code [start, end)} of an uncompressed file,
     * the last one to its end: ranges that tile a file yield exactly the records {@link #read} yields for it,
     * locations (line numbers) included. Otherwise as {@link #read}.
     *
     * @param raw the file positioned at {@code start - 1} when {@code start > 0}, else at 0
     * @param newlinesBefore the number of {@code \n} bytes in the file before {@code raw}'s position
     * @param fileBlank whether the whole file holds nothing but blanks and line breaks: the range at 0 then
     *                  rejects the file as EMPTY_FILE
     */
    public Iterator<ExtractedRecord> readNdjsonRange(String sourceFile, InputStream raw, long start, long end,
                                                     long newlinesBefore, boolean fileBlank) {
        return new Records(sourceFile, InputFormat.NDJSON, null, raw, new Range(start, end, newlinesBefore, start == 0 && fileBlank));
    }

    private record Range(long start, long end, long newlinesBefore, boolean reportEmpty) {
    }

    private final class Records implements Iterator<ExtractedRecord> {

        private final String sourceFile;
        private final InputFormat format;
        private final InputOpener input;
        /** Null when the whole file is read. */
        private final Range range;
        private final Deque<Supplier<ExtractedRecord>> pending = new ArrayDeque<>();
        private InputStream in;
        private NdjsonLineReader lines;
        private BundleEntryStreamer entries;
        private boolean gzipped;
        private boolean done;

        Records(String sourceFile, InputFormat format, InputOpener input, InputStream raw, Range range) {
            this.sourceFile = sourceFile;
            this.format = format;
            this.input = input;
            this.in = raw;
            this.range = range;
        }

        @Override
        public boolean hasNext() {
            while (pending.isEmpty() && !done) {
                advance();
            }
            return !pending.isEmpty();
        }

        @Override
        public ExtractedRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pending.poll().get();
        }

        private void advance() {
            try {
                boolean more;
                if (lines != null) {
                    more = lines.next(pending);
                } else if (entries != null) {
                    more = entries.next(pending);
                } else {
                    more = range != null ? openRange() : format == InputFormat.NDJSON ? openNdjson() : openBundle();
                }
                if (!more) {
                    finish();
                }
            } catch (ZipException | EOFException corrupt) {
                if (!gzipped) {
                    fail(corrupt);
                }
                reject(RejectReason.CORRUPT_GZIP, OpenedFile.CORRUPT_GZIP_MESSAGE
                        + (lines != null && lines.lineNumber() > 0 ? " after line " + lines.lineNumber() : ""));
                finish();
            } catch (IOException e) {
                fail(e);
            }
        }

        private boolean openRange() {
            LineSource source = new LineSource(in, maxLineBytes, range.start(), range.end(), range.newlinesBefore());
            lines = new NdjsonLineReader(sourceFile, source, maxLineBytes, range.reportEmpty(), records, walker);
            return true;
        }

        private boolean openNdjson() throws IOException {
            OpenedFile file = open();
            if (file.refusal != null) {
                return false;
            }
            lines = new NdjsonLineReader(sourceFile, new LineSource(in, maxLineBytes), maxLineBytes, true, records, walker);
            return true;
        }

        /** The first pass over the whole file, then the second opened for its entries. */
        private boolean openBundle() throws IOException {
            OpenedFile file = open();
            if (file.refusal != null) {
                return false;
            }
            BundleIndex index;
            try {
                index = BundleIndex.read(buffered(), maxBundleDepth, maxEntryBytes);
            } catch (RejectException e) {
                reject(e.reason(), e.getMessage());
                return false;
            } finally {
                closeQuietly();
            }
            OpenedFile again = open();
            if (again.refusal != null) {
                throw new IOException("the bundle file changed between its two passes");
            }
            entries = new BundleEntryStreamer(sourceFile, buffered(), index, maxEntryBytes, records, walker);
            return true;
        }

        /** Opens the file: {@link #in} is its content; a refusal is queued as a reject. */
        private OpenedFile open() throws IOException {
            in = input.open();
            OpenedFile file = OpenedFile.open(sourceFile, in);
            gzipped = file.gzipped;
            in = file.in;
            if (file.refusal != null) {
                reject(file.refusal, file.refusalMessage);
            }
            return file;
        }

        /**
         * {@link #in} with mark and reset. Not for NDJSON: a buffer filled ahead would lose the lines before a gzip
         * stream's damage, which NDJSON keeps.
         */
        private BufferedInputStream buffered() {
            if (!(in instanceof BufferedInputStream)) {
                in = new BufferedInputStream(in, 1 << 16);
            }
            return (BufferedInputStream) in;
        }

        private void reject(RejectReason reason, String message) {
            ExtractedRecord record = ResourceRecords.reject(sourceFile, null, null, null, reason, message);
            pending.add(() -> record);
        }

        private void fail(IOException e) {
            closeQuietly();
            done = true;
            throw new UncheckedIOException(e);
        }

        private void finish() {
            done = true;
            closeQuietly();
        }

        private void closeQuietly() {
            try {
                if (in != null) {
                    in.close();
                }
            } catch (IOException ignored) {
                // nothing was lost: every record has been read
            }
        }
    }
}
