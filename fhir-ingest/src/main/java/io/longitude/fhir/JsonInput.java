package io.longitude.fhir;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Bytes to Jackson trees, configured as HAPI's own {@code JacksonStructure} is (exact decimals, leading plus
 * signs, single quotes; trailing content is refused), so that HAPI can parse the trees without a second JSON pass.
 * Input must be UTF-8: UTF-16/32 is refused rather than auto-detected, a UTF-8 byte order mark is skipped.
 */
final class JsonInput {

    /**
     * Deeper JSON is refused before any recursive code sees it. FHIR resources, even inside a few levels of
     * bundles, stay far below this.
     */
    static final int MAX_JSON_DEPTH = 200;

    private static final ObjectMapper MAPPER = createMapper();

    private JsonInput() {
    }

    private static ObjectMapper createMapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .enable(JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS)
                .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION)
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_JSON_DEPTH)
                .maxStringLength(Integer.MAX_VALUE)
                .build());
        return mapper;
    }

    /** The result of reading one JSON document: a resource tree, or only its type when that type is skipped. */
    static final class Document {
        final ObjectNode tree;
        final String skippedType;

        private Document(ObjectNode tree, String skippedType) {
            this.tree = tree;
            this.skippedType = skippedType;
        }
    }

    /**
     * Reads one JSON object. When its {@code resourceType} is one of {@code skipTypes} and comes before the other
     * members (as in every Bulk Data export), the rest is only checked for well-formedness, not built into a
     * tree.
     */
    static Document read(byte[] bytes, int offset, int length, Set<String> skipTypes) throws RejectException {
        int start = offset;
        int len = length;
        if (len >= 3 && (bytes[start] & 0xFF) == 0xEF && (bytes[start + 1] & 0xFF) == 0xBB
                && (bytes[start + 2] & 0xFF) == 0xBF) {
            start += 3;
            len -= 3;
        }
        if (notUtf8(bytes, start, len)) {
            throw new RejectException(RejectReason.INVALID_JSON, "not UTF-8 (UTF-16/32 or binary)");
        }
        try (JsonParser parser = MAPPER.createParser(bytes, start, len)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                if (first == null) {
                    throw new RejectException(RejectReason.INVALID_JSON, "no JSON value");
                }
                MAPPER.readTree(parser);
                requireEnd(parser);
                throw new RejectException(RejectReason.NOT_FHIR, "JSON value is not an object");
            }
            ObjectNode tree = null;
            String resourceType = null;
            boolean skipping = false;
            boolean firstMember = true;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (firstMember && "resourceType".equals(name) && value == JsonToken.VALUE_STRING
                        && skipTypes.contains(parser.getText())) {
                    resourceType = parser.getText();
                    skipping = true;
                }
                firstMember = false;
                if (skipping) {
                    parser.skipChildren();
                    continue;
                }
                if (tree == null) {
                    tree = MAPPER.getNodeFactory().objectNode();
                }
                JsonNode node = MAPPER.readTree(parser);
                tree.set(name, node);
            }
            requireEnd(parser);
            if (skipping) {
                return new Document(null, resourceType);
            }
            return new Document(tree == null ? MAPPER.getNodeFactory().objectNode() : tree, null);
        } catch (JsonProcessingException e) {
            throw rejection(e);
        } catch (IOException e) {
            throw new RejectException(RejectReason.INVALID_JSON, "unreadable JSON");
        }
    }

    /**
     * A streaming parser over a file's content, {@code in} positioned after its byte order mark if it has one.
     *
     * @throws RejectException INVALID_JSON when the content is UTF-16/32 or binary
     */
    static JsonParser streamingParser(BufferedInputStream in) throws IOException, RejectException {
        in.mark(4);
        byte[] first = in.readNBytes(4);
        in.reset();
        if (notUtf8(first, 0, first.length)) {
            throw new RejectException(RejectReason.INVALID_JSON, "not UTF-8 (UTF-16/32 or binary)");
        }
        return MAPPER.createParser(in);
    }

    /** Whether {@code in} started with a UTF-8 byte order mark, which is then skipped. */
    static boolean skipByteOrderMark(BufferedInputStream in) throws IOException {
        in.mark(3);
        byte[] first = in.readNBytes(3);
        if (first.length == 3 && (first[0] & 0xFF) == 0xEF && (first[1] & 0xFF) == 0xBB && (first[2] & 0xFF) == 0xBF) {
            return true;
        }
        in.reset();
        return false;
    }

    /** The value at the parser's current token, as a tree. */
    static JsonNode readTree(JsonParser parser) throws IOException {
        return MAPPER.readTree(parser);
    }

    /** What a JSON-level failure of a document rejects it as. */
    static RejectException rejection(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            boolean nesting = String.valueOf(e.getOriginalMessage()).toLowerCase(Locale.ROOT).contains("nesting");
            return nesting
                    ? new RejectException(RejectReason.NESTING_TOO_DEEP, "JSON nested deeper than " + MAX_JSON_DEPTH)
                    : new RejectException(RejectReason.TOO_LARGE, "a JSON number beyond the parser's length limit");
        }
        return new RejectException(RejectReason.INVALID_JSON, "malformed JSON" + where(e.getLocation()));
    }

    static void requireEnd(JsonParser parser) throws IOException, RejectException {
        if (parser.nextToken() != null) {
            throw new RejectException(RejectReason.INVALID_JSON,
                    "trailing content after the JSON value" + where(parser.currentLocation()));
        }
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** UTF-16/32 (with or without byte order mark) shows as NUL bytes among the first four. */
    private static boolean notUtf8(byte[] bytes, int start, int len) {
        if (len >= 2) {
            int b0 = bytes[start] & 0xFF;
            int b1 = bytes[start + 1] & 0xFF;
            if ((b0 == 0xFE && b1 == 0xFF) || (b0 == 0xFF && b1 == 0xFE)) {
                return true;
            }
        }
        for (int i = start; i < start + Math.min(len, 4); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }
}
