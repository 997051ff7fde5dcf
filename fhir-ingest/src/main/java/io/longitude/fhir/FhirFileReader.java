package io.longitude.fhir;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.RuntimePrimitiveDatatypeDefinition;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.parser.IJsonLikeParser;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads one FHIR file into one {@link ExtractedRecord} per resource. One instance per Spark partition: it holds
 * its own HAPI parser, so it is neither thread-safe nor Serializable.
 *
 * <p>Each JSON document (a bundle file, an NDJSON line) is read once into a Jackson tree; a Bundle is descended
 * into rather than parsed, and only the resources we extract are handed to HAPI, one entry at a time, so a bad
 * entry rejects itself and not its bundle. NDJSON lines whose {@code resourceType} comes first and is one we
 * do not use are only checked for well-formedness.
 */
public final class FhirFileReader {

    /** NDJSON lines longer than this are rejected (TOO_LARGE) without being held in memory. */
    public static final int DEFAULT_MAX_LINE_BYTES = 32 << 20;
    /** Bundle files (decompressed) larger than this are rejected (TOO_LARGE); the tree needs ~5-10x the bytes. */
    public static final int DEFAULT_MAX_BUNDLE_BYTES = 256 << 20;
    /** A top-level bundle is depth 1; a Bundle entry deeper than this is rejected (NESTING_TOO_DEEP). */
    public static final int DEFAULT_MAX_BUNDLE_DEPTH = 3;

    static final Set<String> EXTRACTED_TYPES;

    static {
        Set<String> types = new HashSet<>(List.of("Patient", "Encounter"));
        for (EventKind kind : EventKind.values()) {
            types.add(kind.resourceType());
        }
        EXTRACTED_TYPES = Set.copyOf(types);
    }

    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Pattern DELETE_URL = Pattern.compile("(?:[a-z][a-z0-9+.-]*://[^?#]*/)?([A-Z][A-Za-z]*)/([A-Za-z0-9\\-.]{1,64})");
    private static final Pattern HAPI_CODE = Pattern.compile("HAPI-\\d+");
    private static final String URN_UUID = "urn:uuid:";

    private final int maxLineBytes;
    private final int maxBundleBytes;
    private final int maxBundleDepth;
    private final IJsonLikeParser parser;
    private final CollectingErrorHandler errors = new CollectingErrorHandler();
    private final ResourceExtractor extractor;
    private final Set<String> knownTypes;
    private final Set<String> ignoredTypes;

    public FhirFileReader() {
        this(DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_BUNDLE_BYTES, DEFAULT_MAX_BUNDLE_DEPTH);
    }

    public FhirFileReader(int maxLineBytes, int maxBundleBytes, int maxBundleDepth) {
        this(maxLineBytes, maxBundleBytes, maxBundleDepth, Clock.systemUTC());
    }

    FhirFileReader(int maxLineBytes, int maxBundleBytes, int maxBundleDepth, Clock clock) {
        if (maxLineBytes < 1 || maxBundleBytes < 1 || maxBundleBytes == Integer.MAX_VALUE || maxBundleDepth < 1) {
            throw new IllegalArgumentException("limits must be positive (and the bundle limit below 2 GiB)");
        }
        this.maxLineBytes = maxLineBytes;
        this.maxBundleBytes = maxBundleBytes;
        this.maxBundleDepth = maxBundleDepth;
        IParser p = FhirContexts.r4().newJsonParser();
        p.setParserErrorHandler(errors);
        this.parser = (IJsonLikeParser) p;
        this.extractor = new ResourceExtractor(clock);
        this.knownTypes = Set.copyOf(FhirContexts.r4().getResourceTypes());
        Set<String> ignored = new HashSet<>(knownTypes);
        ignored.removeAll(EXTRACTED_TYPES);
        ignored.remove("Bundle");
        this.ignoredTypes = Set.copyOf(ignored);
    }

    /**
     * Lazily reads a file: NDJSON line by line, a bundle whole. Gzip is recognised by its magic bytes whatever the
     * name. Bad content never throws: it becomes REJECTED records. IO errors of {@code raw} itself are thrown as
     * {@link UncheckedIOException}. {@code raw} is closed when the iterator is exhausted (or fails); a caller
     * that stops early closes it itself.
     *
     * @param sourceFile the name recorded in every record (never logged: Synthea file names contain patient names)
     */
    public Iterator<ExtractedRecord> read(String sourceFile, InputFormat format, InputStream raw) {
        return new Records(sourceFile, format, raw, null);
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
        return new Records(sourceFile, InputFormat.NDJSON, raw, new Range(start, end, newlinesBefore, start == 0 && fileBlank));
    }

    private record Range(long start, long end, long newlinesBefore, boolean reportEmpty) {
    }

    private final class Records implements Iterator<ExtractedRecord> {

        private final String sourceFile;
        private final InputFormat format;
        /** Null when the whole file is read. */
        private final Range range;
        private final Deque<Supplier<ExtractedRecord>> pending = new ArrayDeque<>();
        private InputStream in;
        private LineSource lines;
        private boolean opened;
        private boolean gzipped;
        private boolean done;
        private boolean sawContent;

        Records(String sourceFile, InputFormat format, InputStream raw, Range range) {
            this.sourceFile = sourceFile;
            this.format = format;
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
                if (!opened) {
                    opened = true;
                    if (!open()) {
                        finish();
                    }
                } else if (format == InputFormat.BUNDLE) {
                    readBundleFile();
                    finish();
                } else {
                    readLine();
                }
            } catch (ZipException | EOFException corrupt) {
                if (!gzipped) {
                    fail(corrupt);
                }
                add(reject(null, null, null, RejectReason.CORRUPT_GZIP,
                        "gzip stream corrupt or truncated"
                                + (lines != null && lines.lineNumber() > 0 ? " after line " + lines.lineNumber() : "")));
                finish();
            } catch (IOException e) {
                fail(e);
            }
        }

        private void fail(IOException e) {
            closeQuietly();
            done = true;
            throw new UncheckedIOException(e);
        }

        /** Wraps the stream (gunzipping when the bytes are gzip); false, with a reject queued, when it cannot be read. */
        private boolean open() throws IOException {
            if (range != null) {
                lines = new LineSource(in, maxLineBytes, range.start(), range.end(), range.newlinesBefore());
                return true;
            }
            BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
            in = buffered;
            buffered.mark(2);
            int b0 = buffered.read();
            int b1 = buffered.read();
            buffered.reset();
            gzipped = b0 == 0x1f && b1 == 0x8b;
            if (b0 < 0) {
                add(reject(null, null, null, RejectReason.EMPTY_FILE, "empty file"));
                return false;
            }
            if (gzipped) {
                in = new GZIPInputStream(buffered, 1 << 16);
            } else if (sourceFile != null && sourceFile.toLowerCase(Locale.ROOT).endsWith(".gz")) {
                add(reject(null, null, null, RejectReason.CORRUPT_GZIP, "file named .gz is not gzip"));
                return false;
            }
            if (format == InputFormat.NDJSON) {
                lines = new LineSource(in, maxLineBytes);
            }
            return true;
        }

        private void readBundleFile() throws IOException {
            byte[] bytes = in.readNBytes(maxBundleBytes + 1);
            if (bytes.length > maxBundleBytes) {
                add(reject(null, null, null, RejectReason.TOO_LARGE, "bundle file larger than " + maxBundleBytes + " bytes"));
                return;
            }
            if (isBlank(bytes, bytes.length)) {
                add(reject(null, null, null, RejectReason.EMPTY_FILE, "empty file"));
                return;
            }
            readDocument(bytes, bytes.length, null, Set.of());
        }

        private void readLine() throws IOException {
            if (!lines.next()) {
                if (!sawContent && (range == null || range.reportEmpty())) {
                    add(reject(null, null, null, RejectReason.EMPTY_FILE, "no non-blank line"));
                }
                finish();
                return;
            }
            if (lines.isBlank()) {
                return;
            }
            sawContent = true;
            Long location = lines.lineNumber();
            if (lines.tooLong()) {
                add(reject(location, null, null, RejectReason.TOO_LARGE, "line longer than " + maxLineBytes + " bytes"));
                return;
            }
            readDocument(lines.bytes(), lines.length(), location, ignoredTypes);
        }

        private void readDocument(byte[] bytes, int length, Long location, Set<String> skipTypes) {
            JsonInput.Document document;
            try {
                document = JsonInput.read(bytes, 0, length, skipTypes);
            } catch (RejectException e) {
                add(reject(location, null, null, e.reason(), e.getMessage()));
                return;
            }
            if (document.skippedType != null) {
                String type = document.skippedType;
                add(() -> ExtractedRecord.ignored(type, sourceFile, location));
                return;
            }
            ObjectNode root = document.tree;
            if ("Bundle".equals(text(root.get("resourceType")))) {
                walkBundle(root, 1, location, new BundleContext());
            } else {
                add(() -> resource(root, null, location, BundleContext.EMPTY));
            }
        }

        /** Queues every resource of a bundle and its nested bundles, after registering what they may refer to. */
        private void walkBundle(ObjectNode bundle, int depth, Long location, BundleContext context) {
            JsonNode entries = bundle.get("entry");
            if (entries == null || entries.isNull()) {
                return;
            }
            if (!entries.isArray()) {
                add(reject(location, "Bundle", idOf(bundle, null), RejectReason.NOT_FHIR, "Bundle.entry is not an array"));
                return;
            }
            String bundleType = text(bundle.get("type"));
            boolean deletes = "transaction".equals(bundleType) || "batch".equals(bundleType);
            for (int i = 0; i < entries.size(); i++) {
                Long entryLocation = location != null ? location : Long.valueOf(i);
                JsonNode entry = entries.get(i);
                if (deletes && entry.isObject() && "DELETE".equals(text(entry.path("request").get("method")))) {
                    add(delete(text(entry.path("request").get("url")), entryLocation));
                    continue;
                }
                JsonNode resource = entry.isObject() ? entry.get("resource") : null;
                if (!entry.isObject() || (resource != null && !resource.isNull() && !resource.isObject())) {
                    add(reject(entryLocation, null, null, RejectReason.NOT_FHIR, "bundle entry is not a resource"));
                    continue;
                }
                if (resource == null || resource.isNull()) {
                    continue;
                }
                ObjectNode node = (ObjectNode) resource;
                String fullUrl = text(entry.get("fullUrl"));
                String type = text(node.get("resourceType"));
                if ("Bundle".equals(type)) {
                    if (depth + 1 > maxBundleDepth) {
                        add(reject(entryLocation, "Bundle", idOf(node, fullUrl), RejectReason.NESTING_TOO_DEEP,
                                "bundle nested deeper than " + maxBundleDepth));
                    } else {
                        walkBundle(node, depth + 1, entryLocation, context);
                    }
                    continue;
                }
                register(node, type, fullUrl, context);
                add(() -> resource(node, fullUrl, entryLocation, context));
            }
        }

        private ExtractedRecord resource(ObjectNode node, String fullUrl, Long location, BundleContext context) {
            String type = text(node.get("resourceType"));
            if (type == null) {
                return reject(location, null, null, RejectReason.NOT_FHIR, "no resourceType");
            }
            if (!knownTypes.contains(type)) {
                return reject(location, null, null, RejectReason.NOT_FHIR, "unknown resourceType");
            }
            if (!EXTRACTED_TYPES.contains(type)) {
                return ExtractedRecord.ignored(type, sourceFile, location);
            }
            String id = idOf(node, fullUrl);
            if (id == null) {
                return reject(location, type, null, node.hasNonNull("id") ? RejectReason.PARSE_ERROR : RejectReason.MISSING_ID,
                        node.hasNonNull("id") ? "id is not a FHIR id" : "no id and no fullUrl to take one from");
            }
            String wrongType = primitiveGivenAsObject(type, node);
            if (wrongType != null) {
                return reject(location, type, id, RejectReason.PARSE_ERROR, "wrong JSON type for " + wrongType);
            }
            IBaseResource parsed;
            errors.reset();
            try {
                JacksonStructure structure = new JacksonStructure();
                structure.setNativeObject(node);
                parsed = parser.parseResource(structure);
            } catch (RuntimeException refused) {
                return reject(location, type, id, RejectReason.PARSE_ERROR, "HAPI refused the resource" + hapiCode(refused));
            }
            try {
                RejectException issue = errors.rejection();
                if (issue != null) {
                    throw issue;
                }
                if (parsed instanceof Patient) {
                    return ExtractedRecord.patient(extractor.patient((Patient) parsed, id, fullUrl), sourceFile, location);
                }
                if (parsed instanceof Encounter) {
                    return ExtractedRecord.encounter(extractor.encounter((Encounter) parsed, id, fullUrl, context),
                            sourceFile, location);
                }
                EventKind kind = EventKind.ofResourceType(type).orElseThrow();
                return ExtractedRecord.events(type, extractor.events((Resource) parsed, kind, id, context), sourceFile, location);
            } catch (RejectException e) {
                return reject(location, type, id, e.reason(), e.getMessage());
            }
        }

        /**
         * A DELETE entry of a transaction or batch bundle (a tombstone, or a line of a Bulk Data {@code deleted}
         * file): {@code request.url} must be {@code Type/id}, optionally after a server base URL.
         */
        private ExtractedRecord delete(String url, Long location) {
            Matcher m = url == null ? null : DELETE_URL.matcher(url);
            if (m == null || !m.matches() || !knownTypes.contains(m.group(1))) {
                return reject(location, null, null, RejectReason.INVALID_DELETE,
                        "DELETE request.url is not Type/id (conditional deletes are not supported)");
            }
            String type = m.group(1);
            if (!EXTRACTED_TYPES.contains(type)) {
                return ExtractedRecord.ignored(type, sourceFile, location);
            }
            return ExtractedRecord.delete(type, m.group(2), sourceFile, location);
        }

        private ExtractedRecord reject(Long location, String type, String id, RejectReason reason, String message) {
            return ExtractedRecord.rejected(sourceFile, location, type, id, reason, message);
        }

        private void add(ExtractedRecord record) {
            pending.add(() -> record);
        }

        private void add(Supplier<ExtractedRecord> record) {
            pending.add(record);
        }

        private void finish() {
            done = true;
            closeQuietly();
        }

        private void closeQuietly() {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing was lost: every record has been read
            }
        }
    }

    /**
     * The name of a top-level primitive element (birthDate, gender, onsetDateTime, …) whose JSON value is an
     * object or holds one, or null. HAPI drops such a value without reporting it, which would accept a patient
     * whose birth date silently became null.
     */
    private static String primitiveGivenAsObject(String type, ObjectNode node) {
        RuntimeResourceDefinition definition = FhirContexts.r4().getResourceDefinition(type);
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (!value.isContainerNode()) {
                continue;
            }
            BaseRuntimeChildDefinition child = definition.getChildByName(field.getKey());
            if (child == null || !(child.getChildByName(field.getKey()) instanceof RuntimePrimitiveDatatypeDefinition)) {
                continue;
            }
            boolean objectInside = value.isObject();
            for (int i = 0; !objectInside && value.isArray() && i < value.size(); i++) {
                objectInside = value.get(i).isContainerNode();
            }
            if (objectInside) {
                return field.getKey();
            }
        }
        return null;
    }

    /** Records a bundle entry's fullUrl mapping and, for a Medication, its code. */
    private static void register(ObjectNode node, String type, String fullUrl, BundleContext context) {
        String id = idOf(node, fullUrl);
        if (type == null || id == null) {
            return;
        }
        String relative = type + "/" + id;
        String normalisedFullUrl = References.normalise(fullUrl, null);
        if (normalisedFullUrl != null && normalisedFullUrl.startsWith(URN_UUID)) {
            context.fullUrlToRelative.put(normalisedFullUrl, relative);
        }
        if ("Medication".equals(type)) {
            String[] code = codeOf(node.get("code"));
            if (code != null) {
                context.medicationCodes.put(relative, code);
                if (normalisedFullUrl != null) {
                    context.medicationCodes.put(normalisedFullUrl, code);
                }
            }
        }
    }

    private static String[] codeOf(JsonNode concept) {
        JsonNode codings = concept == null ? null : concept.get("coding");
        if (codings == null || !codings.isArray()) {
            return null;
        }
        for (JsonNode coding : codings) {
            String code = text(coding.get("code"));
            if (code != null && !code.isBlank()) {
                return new String[] {text(coding.get("system")), code};
            }
        }
        return null;
    }

    /**
     * The resource's id, else the id its entry's fullUrl carries ({@code urn:uuid:X}, {@code base/Type/id}); null
     * when there is none or it is not a valid FHIR id.
     */
    private static String idOf(ObjectNode node, String fullUrl) {
        JsonNode idNode = node.get("id");
        if (idNode != null && !idNode.isNull()) {
            String id = idNode.isTextual() ? idNode.textValue() : null;
            return id != null && FHIR_ID.matcher(id).matches() ? id : null;
        }
        String normalised = References.normalise(fullUrl, null);
        if (normalised == null) {
            return null;
        }
        String id = normalised.startsWith(URN_UUID) ? normalised.substring(URN_UUID.length())
                : normalised.substring(normalised.indexOf('/') + 1);
        return FHIR_ID.matcher(id).matches() ? id : null;
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    private static String hapiCode(RuntimeException e) {
        Matcher m = HAPI_CODE.matcher(String.valueOf(e.getMessage()));
        return m.find() ? " (" + m.group() + ")" : " (" + e.getClass().getSimpleName() + ")";
    }

    private static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
