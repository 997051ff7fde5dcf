package io.longitude.fhir;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reading the few FHIR fields the reader itself needs (ids, fullUrls) from Jackson trees or streamed values. */
final class JsonFields {

    static final String URN_UUID = "urn:uuid:";

    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private JsonFields() {
    }

    static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    /** {@link #id(boolean, String, String)} of a resource tree. */
    static String idOf(ObjectNode node, String fullUrl) {
        JsonNode idNode = node.get("id");
        boolean present = idNode != null && !idNode.isNull();
        return id(present, present ? text(idNode) : null, fullUrl);
    }

    /**
     * The resource's id, else (when it has none, or a JSON null) the id its entry's fullUrl carries
     * ({@code urn:uuid:X}, {@code base/Type/id}); null when there is none or it is not a valid FHIR id.
     *
     * @param idPresent whether the resource has a non-null {@code id}
     * @param idText that id when it is a JSON string, else null
     */
    static String id(boolean idPresent, String idText, String fullUrl) {
        if (idPresent) {
            return idText != null && FHIR_ID.matcher(idText).matches() ? idText : null;
        }
        String normalised = References.normalise(fullUrl, null);
        if (normalised == null) {
            return null;
        }
        String id = normalised.startsWith(URN_UUID) ? normalised.substring(URN_UUID.length())
                : normalised.substring(normalised.indexOf('/') + 1);
        return FHIR_ID.matcher(id).matches() ? id : null;
    }
}
