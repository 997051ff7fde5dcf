package io.longitude.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines ({@code \n}, an optional {@code \r} before it is dropped) without decoding
 * them, holding at most {@code maxLineBytes} of one line: the rest of a longer line is skipped and the line is
 * reported as too long.
 *
 * <p>It can also read the lines of one byte range {@code [start, end)} of a file: the lines that <em>start</em>
 * in the range, the last one read to its end past {@code end}. Ranges that tile a file therefore read every line
 * exactly once, as Hadoop's LineRecordReader does.
 */
final class LineSource {

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private boolean endOfStream;

    private byte[] line = new byte[1 << 13];
    private int length;
    private boolean tooLong;
    private long lineNumber;
    /** File offset of {@code buffer[0]}. */
    private long bufferOffset;
    private final long end;
    private boolean aligned;

    LineSource(InputStream in, int maxLineBytes) {
        this(in, maxLineBytes, 0, Long.MAX_VALUE, 0);
    }

    /**
     * The lines starting in {@code [start, end)}. {@code in} is positioned at {@code start - 1} when {@code start > 0}
     * (that byte tells whether a line starts at {@code start}), else at 0; {@code newlinesBefore} is the number of
     * {@code \n} bytes before that position, which makes {@link #lineNumber()} the line's number in the whole file.
     */
    LineSource(InputStream in, int maxLineBytes, long start, long end, long newlinesBefore) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.end = end;
        this.bufferOffset = start > 0 ? start - 1 : 0;
        this.aligned = start == 0;
        this.lineNumber = newlinesBefore;
    }

    /** Advances to the next line; false at the end of the stream or of the range. */
    boolean next() throws IOException {
        if (!aligned) {
            aligned = true;
            if (!skipThroughNewline()) {
                return false;
            }
        }
        if (bufferOffset + position >= end) {
            return false;
        }
        length = 0;
        tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                if (endOfStream || !fill()) {
                    if (!any) {
                        return false;
                    }
                    break;
                }
            }
            any = true;
            int newline = indexOfNewline();
            int end = newline < 0 ? limit : newline;
            append(position, end - position);
            position = newline < 0 ? limit : newline + 1;
            if (newline >= 0) {
                break;
            }
        }
        lineNumber++;
        if (!tooLong && length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return true;
    }

    /** Consumes the rest of a line begun before the range (or the newline just before it); false at the end. */
    private boolean skipThroughNewline() throws IOException {
        while (true) {
            if (position == limit && (endOfStream || !fill())) {
                return false;
            }
            int newline = indexOfNewline();
            if (newline >= 0) {
                position = newline + 1;
                lineNumber++;
                return true;
            }
            position = limit;
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
            endOfStream = true;
            return false;
        }
        bufferOffset += limit;
        position = 0;
        limit = n;
        return true;
    }

    private int indexOfNewline() {
        for (int i = position; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(int from, int count) {
        if (tooLong) {
            return;
        }
        if ((long) length + count > maxLineBytes) {
            tooLong = true;
            length = 0;
            return;
        }
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, length + count)));
        }
        System.arraycopy(buffer, from, line, length, count);
        length += count;
    }

    /** The current line's bytes, valid up to {@link #length()} until the next call to {@link #next()}. */
    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    boolean tooLong() {
        return tooLong;
    }

    /** 1-based number of the current line. */
    long lineNumber() {
        return lineNumber;
    }

    boolean isBlank() {
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return !tooLong;
    }
}
