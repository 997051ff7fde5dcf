package io.longitude.fhir;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.util.Deque;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The second of a bundle file's two streaming passes (the first is {@link BundleIndex}): reads the top-level
 * entries one at a time, each into its own Jackson tree (bundles nested in it included), never the whole bundle,
 * so memory is bounded by the largest entry plus the index. An entry over {@code maxEntryBytes} is skipped
 * unread and rejected (TOO_LARGE). Locations are top-level entry indexes. A file that is one resource, not a
 * Bundle, is read as one entry at location null.
 */
final class BundleEntryStreamer {

    private final String sourceFile;
    private final JsonParser parser;
    private final BundleIndex index;
    private final int maxEntryBytes;
    private final ResourceRecords records;
    private final BundleTreeWalker walker;
    private final boolean deletes;
    private boolean started;
    private int entry;

    /** @param in the file's content again, from the start; closed when the last entry is read */
    BundleEntryStreamer(String sourceFile, BufferedInputStream in, BundleIndex index, int maxEntryBytes,
                        ResourceRecords records, BundleTreeWalker walker) throws IOException {
        this.sourceFile = sourceFile;
        JsonInput.skipByteOrderMark(in);
        try {
            this.parser = JsonInput.streamingParser(in);
        } catch (RejectException e) {
            throw new IOException("the bundle file changed between its two passes", e);
        }
        this.index = index;
        this.maxEntryBytes = maxEntryBytes;
        this.records = records;
        this.walker = walker;
        this.deletes = BundleTreeWalker.isTransactionOrBatch(index.bundleType);
    }

    /** Queues the record(s) of the next top-level entry; false (the parser closed) when there is none left. */
    boolean next(Deque<Supplier<ExtractedRecord>> out) throws IOException {
        try {
            if (!started) {
                started = true;
                return start(out);
            }
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY) {
                parser.close();
                return false;
            }
            Long location = (long) entry;
            BundleIndex.OversizeEntry oversize = index.oversize.get(entry++);
            if (oversize != null) {
                parser.skipChildren();
                ExtractedRecord reject = ResourceRecords.reject(sourceFile, location, oversize.type(), oversize.id(),
                        RejectReason.TOO_LARGE, "bundle entry larger than " + maxEntryBytes + " bytes");
                out.add(() -> reject);
                return true;
            }
            walker.walkEntry(sourceFile, JsonInput.readTree(parser), 1, deletes, location, index.context, out);
            return true;
        } catch (JsonProcessingException e) {
            throw new IOException("the bundle file changed between its two passes", e);
        }
    }

    /** Positions the parser on the top-level entries; false when there is nothing more to read. */
    private boolean start(Deque<Supplier<ExtractedRecord>> out) throws IOException {
        parser.nextToken();
        if (!"Bundle".equals(index.rootType)) {
            if (index.rootBytes > maxEntryBytes) {
                ExtractedRecord reject = ResourceRecords.reject(sourceFile, null, index.rootType, null, RejectReason.TOO_LARGE,
                        "resource larger than " + maxEntryBytes + " bytes");
                out.add(() -> reject);
            } else {
                ObjectNode root = (ObjectNode) JsonInput.readTree(parser);
                out.add(() -> records.resource(sourceFile, root, null, null, BundleContext.EMPTY));
            }
            parser.close();
            return false;
        }
        if (index.entries == BundleIndex.Entries.NOT_ARRAY) {
            ExtractedRecord reject = ResourceRecords.reject(sourceFile, null, "Bundle", index.rootId(), RejectReason.NOT_FHIR,
                    "Bundle.entry is not an array");
            out.add(() -> reject);
        }
        if (index.entries != BundleIndex.Entries.ARRAY) {
            parser.close();
            return false;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            if (parser.nextToken() == JsonToken.START_ARRAY && "entry".equals(name)) {
                return true;
            }
            parser.skipChildren();
        }
        throw new IOException("the bundle file changed between its two passes");
    }
}
