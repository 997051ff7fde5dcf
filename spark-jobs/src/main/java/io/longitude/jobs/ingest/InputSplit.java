package io.longitude.jobs.ingest;

import io.longitude.fhir.InputFormat;

import java.io.Serializable;

/**
 * One piece of ingest's input, read by one task: a whole file, or the lines starting in the byte range
 * {@code [start, end)} of an uncompressed NDJSON file cut into several ranges. A class, not a record: splits
 * reach the executors through {@code parallelize}, which serialises them with Kryo, and Spark's Kryo (4.x)
 * cannot build a serializer for a record.
 */
final class InputSplit implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String path;
    /** Null for a file whose name is neither a bundle nor NDJSON: it is rejected whole. */
    private final InputFormat format;
    private final long start;
    private final long length;
    private final boolean ranged;
    /** For a range: the number of line breaks before byte {@code start - 1}, which numbers its lines. */
    private final long newlinesBefore;
    /** For a range: whether the whole file holds only blanks and line breaks. */
    private final boolean fileBlank;
    /** Whether this split ends its file (always, for a whole file): progress counts the file read when it is. */
    private final boolean lastOfFile;

    private InputSplit(String path, InputFormat format, long start, long length, boolean ranged, long newlinesBefore,
                       boolean fileBlank, boolean lastOfFile) {
        this.path = path;
        this.format = format;
        this.start = start;
        this.length = length;
        this.ranged = ranged;
        this.newlinesBefore = newlinesBefore;
        this.fileBlank = fileBlank;
        this.lastOfFile = lastOfFile;
    }

    static InputSplit wholeFile(String path, InputFormat format, long length) {
        return new InputSplit(path, format, 0, length, false, 0, false, true);
    }

    static InputSplit range(String path, long start, long length, long fileLength) {
        return new InputSplit(path, InputFormat.NDJSON, start, length, true, 0, false, start + length >= fileLength);
    }

    /** This range with its line numbering and the file's blankness, once the file's ranges were scanned. */
    InputSplit located(long newlinesBefore, boolean fileBlank) {
        return new InputSplit(path, format, start, length, ranged, newlinesBefore, fileBlank, lastOfFile);
    }

    String path() {
        return path;
    }

    InputFormat format() {
        return format;
    }

    long start() {
        return start;
    }

    long length() {
        return length;
    }

    long end() {
        return start + length;
    }

    boolean ranged() {
        return ranged;
    }

    long newlinesBefore() {
        return newlinesBefore;
    }

    boolean fileBlank() {
        return fileBlank;
    }

    boolean lastOfFile() {
        return lastOfFile;
    }
}
