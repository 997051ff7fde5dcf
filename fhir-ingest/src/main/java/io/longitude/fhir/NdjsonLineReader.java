package io.longitude.fhir;

import java.io.IOException;
import java.util.Deque;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads Bulk Data NDJSON a line at a time: one JSON document per line, at most {@code maxLineBytes} of it held.
 * Lines whose {@code resourceType} comes first and is one we do not use are only checked for well-formedness; a
 * line holding a Bundle is walked like a bundle. Locations are line numbers.
 */
final class NdjsonLineReader {

    private final String sourceFile;
    private final LineSource lines;
    private final int maxLineBytes;
    private final boolean reportEmpty;
    private final ResourceRecords records;
    private final BundleTreeWalker bundles;
    private boolean sawContent;

    /** @param reportEmpty whether a source without a non-blank line is rejected as EMPTY_FILE */
    NdjsonLineReader(String sourceFile, LineSource lines, int maxLineBytes, boolean reportEmpty, ResourceRecords records,
                     BundleTreeWalker bundles) {
        this.sourceFile = sourceFile;
        this.lines = lines;
        this.maxLineBytes = maxLineBytes;
        this.reportEmpty = reportEmpty;
        this.records = records;
        this.bundles = bundles;
    }

    /** Queues the record(s) of the next line (none for a blank one); false at the end. */
    boolean next(Deque<Supplier<ExtractedRecord>> out) throws IOException {
        if (!lines.next()) {
            if (!sawContent && reportEmpty) {
                ExtractedRecord empty = ResourceRecords.reject(sourceFile, null, null, null, RejectReason.EMPTY_FILE,
                        "no non-blank line");
                out.add(() -> empty);
            }
            return false;
        }
        if (lines.isBlank()) {
            return true;
        }
        sawContent = true;
        Long location = lines.lineNumber();
        if (lines.tooLong()) {
            ExtractedRecord tooLong = ResourceRecords.reject(sourceFile, location, null, null, RejectReason.TOO_LARGE,
                    "line longer than " + maxLineBytes + " bytes");
            out.add(() -> tooLong);
            return true;
        }
        JsonInput.Document document;
        try {
            document = JsonInput.read(lines.bytes(), 0, lines.length(), records.ignoredTypes);
        } catch (RejectException e) {
            ExtractedRecord rejected = ResourceRecords.reject(sourceFile, location, null, null, e.reason(), e.getMessage());
            out.add(() -> rejected);
            return true;
        }
        if (document.skippedType != null) {
            ExtractedRecord ignored = ExtractedRecord.ignored(document.skippedType, sourceFile, location);
            out.add(() -> ignored);
            return true;
        }
        ObjectNode root = document.tree;
        if ("Bundle".equals(JsonFields.text(root.get("resourceType")))) {
            bundles.walkBundle(sourceFile, root, 1, location, new BundleContext(), out);
        } else {
            out.add(() -> records.resource(sourceFile, root, null, location, BundleContext.EMPTY));
        }
        return true;
    }

    /** The number of the line last read (0 before the first). */
    long lineNumber() {
        return lines.lineNumber();
    }
}
