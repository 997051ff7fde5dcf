package io.longitude.fhir;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A file's content stream, gunzipped when its first bytes are the gzip magic whatever its name, or the reason it
 * cannot be read at all (empty, or named {@code .gz} without being gzip).
 */
final class OpenedFile {

    static final String CORRUPT_GZIP_MESSAGE = "gzip stream corrupt or truncated";

    final InputStream in;
    final boolean gzipped;
    /** Null when the file can be read. */
    final RejectReason refusal;
    final String refusalMessage;

    private OpenedFile(InputStream in, boolean gzipped, RejectReason refusal, String refusalMessage) {
        this.in = in;
        this.gzipped = gzipped;
        this.refusal = refusal;
        this.refusalMessage = refusalMessage;
    }

    /** Opens {@code raw} (which the result's {@link #in} wraps: closing that closes it). */
    static OpenedFile open(String sourceFile, InputStream raw) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        boolean gzipped = b0 == 0x1f && b1 == 0x8b;
        if (b0 < 0) {
            return new OpenedFile(buffered, false, RejectReason.EMPTY_FILE, "empty file");
        }
        if (gzipped) {
            try {
                return new OpenedFile(new GZIPInputStream(buffered, 1 << 16), true, null, null);
            } catch (ZipException | EOFException badHeader) {
                return new OpenedFile(buffered, true, RejectReason.CORRUPT_GZIP, CORRUPT_GZIP_MESSAGE);
            }
        }
        if (sourceFile != null && sourceFile.toLowerCase(Locale.ROOT).endsWith(".gz")) {
            return new OpenedFile(buffered, false, RejectReason.CORRUPT_GZIP, "file named .gz is not gzip");
        }
        return new OpenedFile(buffered, false, null, null);
    }
}
