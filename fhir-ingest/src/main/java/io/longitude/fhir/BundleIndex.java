package io.longitude.fhir;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The first of a bundle file's two streaming passes. It checks the whole file is well-formed JSON (a truncated or
 * malformed bundle is rejected whole, as one record, before any entry is read: a user fixes or re-exports the file
 * rather than ingesting part of it) and collects, without building any tree, what the second pass needs before its
 * first entry: the fullUrls and Medication codes the entries may refer to (a reference may point to an entry further
 * down), the root's type, and which top-level entries are over the entry limit. It keeps a few fields per entry in
 * flight, never an entry.
 */
final class BundleIndex {

    /** What the root's {@code entry} member is. */
    enum Entries { NONE, NOT_ARRAY, ARRAY }

    /** A top-level entry over the entry limit: what its reject can say about it. */
    record OversizeEntry(String type, String id) {
    }

    final BundleContext context = new BundleContext();
    /** The root's {@code resourceType}, {@code type} and id (when JSON strings). */
    String rootType;
    String bundleType;
    private boolean rootIdPresent;
    private String rootIdText;
    Entries entries = Entries.NONE;
    /** The root object's size in bytes (a single-resource file is one entry). */
    long rootBytes;
    /** By index among the top-level entries. */
    final Map<Integer, OversizeEntry> oversize = new HashMap<>();

    private final int maxBundleDepth;
    private final int maxEntryBytes;
    /** Top-level DELETE entries: whether they are deletes depends on the bundle type, which may come after them. */
    private final List<EntrySkim> deleteRequests = new ArrayList<>();

    private BundleIndex(int maxBundleDepth, int maxEntryBytes) {
        this.maxBundleDepth = maxBundleDepth;
        this.maxEntryBytes = maxEntryBytes;
    }

    /** Reads the whole of {@code in} (closing it), or throws the reject of the whole file. */
    static BundleIndex read(BufferedInputStream in, int maxBundleDepth, int maxEntryBytes) throws IOException, RejectException {
        boolean byteOrderMark = JsonInput.skipByteOrderMark(in);
        BundleIndex index = new BundleIndex(maxBundleDepth, maxEntryBytes);
        try (JsonParser parser = JsonInput.streamingParser(in)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw byteOrderMark ? new RejectException(RejectReason.INVALID_JSON, "no JSON value")
                        : new RejectException(RejectReason.EMPTY_FILE, "empty file");
            }
            if (first != JsonToken.START_OBJECT) {
                parser.skipChildren();
                JsonInput.requireEnd(parser);
                throw new RejectException(RejectReason.NOT_FHIR, "JSON value is not an object");
            }
            long start = parser.currentTokenLocation().getByteOffset();
            index.readRoot(parser);
            index.rootBytes = parser.currentLocation().getByteOffset() - start;
            JsonInput.requireEnd(parser);
        } catch (JsonProcessingException e) {
            throw JsonInput.rejection(e);
        }
        boolean deletes = BundleTreeWalker.isTransactionOrBatch(index.bundleType);
        for (EntrySkim entry : index.deleteRequests) {
            index.register(entry, 1, deletes);
        }
        index.deleteRequests.clear();
        return index;
    }

    /** The root's id as {@link JsonFields#id} reads it (a bundle's own id never comes from a fullUrl). */
    String rootId() {
        return JsonFields.id(rootIdPresent, rootIdText, null);
    }

    private void readRoot(JsonParser parser) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "resourceType" -> rootType = string(parser, value);
                case "type" -> bundleType = string(parser, value);
                case "id" -> {
                    rootIdPresent = value != JsonToken.VALUE_NULL;
                    rootIdText = string(parser, value);
                }
                case "entry" -> readTopLevelEntries(parser, value);
                default -> parser.skipChildren();
            }
        }
    }

    private void readTopLevelEntries(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            entries = value == JsonToken.VALUE_NULL ? Entries.NONE : Entries.NOT_ARRAY;
            parser.skipChildren();
            return;
        }
        entries = Entries.ARRAY;
        JsonToken token = parser.nextToken();
        long start = parser.currentTokenLocation().getByteOffset();
        for (int i = 0; token != JsonToken.END_ARRAY; i++) {
            EntrySkim entry = skimEntry(parser, token, 1);
            token = parser.nextToken();
            long end = parser.currentTokenLocation().getByteOffset();
            if (end - start > maxEntryBytes) {
                ResourceSkim resource = entry.resource;
                oversize.put(i, new OversizeEntry(resource == null ? null : resource.type,
                        resource == null ? null : JsonFields.id(resource.idPresent, resource.idText, entry.fullUrl)));
            } else if ("DELETE".equals(entry.method)) {
                deleteRequests.add(entry);
            } else {
                register(entry, 1, false);
            }
            start = end;
        }
    }

    /** What the tree walk registers for this entry of a bundle at {@code depth} ({@link BundleTreeWalker#walkEntry}). */
    private void register(EntrySkim entry, int depth, boolean deletes) {
        if ((deletes && entry.object && "DELETE".equals(entry.method)) || !entry.object || entry.resourceNotObject
                || entry.resource == null) {
            return;
        }
        ResourceSkim resource = entry.resource;
        if ("Bundle".equals(resource.type)) {
            if (depth + 1 <= maxBundleDepth && resource.entries != null) {
                boolean nestedDeletes = BundleTreeWalker.isTransactionOrBatch(resource.bundleType);
                for (EntrySkim nested : resource.entries) {
                    register(nested, depth + 1, nestedDeletes);
                }
            }
            return;
        }
        context.register(resource.type, JsonFields.id(resource.idPresent, resource.idText, entry.fullUrl), entry.fullUrl,
                "Medication".equals(resource.type) ? resource.code : null);
    }

    /** The fields of one entry (of a bundle at {@code bundleDepth}) that registration needs; the rest is skipped. */
    private EntrySkim skimEntry(JsonParser parser, JsonToken token, int bundleDepth) throws IOException {
        EntrySkim entry = new EntrySkim();
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return entry;
        }
        entry.object = true;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "fullUrl" -> entry.fullUrl = string(parser, value);
                case "request" -> entry.method = requestMethod(parser, value);
                case "resource" -> {
                    entry.resourceNotObject = value != JsonToken.START_OBJECT && value != JsonToken.VALUE_NULL;
                    entry.resource = value == JsonToken.START_OBJECT ? skimResource(parser, bundleDepth) : null;
                    if (value != JsonToken.START_OBJECT) {
                        parser.skipChildren();
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return entry;
    }

    private ResourceSkim skimResource(JsonParser parser, int bundleDepth) throws IOException {
        ResourceSkim resource = new ResourceSkim();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "resourceType" -> resource.type = string(parser, value);
                case "id" -> {
                    resource.idPresent = value != JsonToken.VALUE_NULL;
                    resource.idText = string(parser, value);
                }
                case "code" -> resource.code = firstCoding(parser, value);
                case "type" -> resource.bundleType = string(parser, value);
                case "entry" -> {
                    resource.entries = null;
                    if (value == JsonToken.START_ARRAY && bundleDepth + 1 <= maxBundleDepth) {
                        resource.entries = new ArrayList<>();
                        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                            resource.entries.add(skimEntry(parser, t, bundleDepth + 1));
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return resource;
    }

    private static String requestMethod(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        String method = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken field = parser.nextToken();
            if ("method".equals(name)) {
                method = string(parser, field);
            } else {
                parser.skipChildren();
            }
        }
        return method;
    }

    /** A CodeableConcept's first coding with a non-blank code, as {@code {system, code}}; null when none. */
    private static String[] firstCoding(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        String[] found = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken field = parser.nextToken();
            if (!"coding".equals(name)) {
                parser.skipChildren();
                continue;
            }
            found = null;
            if (field != JsonToken.START_ARRAY) {
                parser.skipChildren();
                continue;
            }
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                String[] coding = coding(parser, t);
                if (found == null) {
                    found = coding;
                }
            }
        }
        return found;
    }

    private static String[] coding(JsonParser parser, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        String system = null;
        String code = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "system" -> system = string(parser, value);
                case "code" -> code = string(parser, value);
                default -> parser.skipChildren();
            }
        }
        return code != null && !code.isBlank() ? new String[] {system, code} : null;
    }

    /** The current value's text when it is a JSON string, else null (the value skipped). */
    private static String string(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
    }

    /** What registration needs of a bundle entry. */
    private static final class EntrySkim {
        boolean object;
        String fullUrl;
        String method;
        boolean resourceNotObject;
        ResourceSkim resource;
    }

    /** What registration needs of an entry's resource (with the entries of a nested bundle). */
    private static final class ResourceSkim {
        String type;
        boolean idPresent;
        String idText;
        String[] code;
        String bundleType;
        List<EntrySkim> entries;
    }
}
