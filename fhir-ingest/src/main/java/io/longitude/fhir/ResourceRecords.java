package io.longitude.fhir;

import java.time.Clock;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * Makes the {@link ExtractedRecord} of one resource's Jackson tree (checked, handed to HAPI, extracted), of a
 * DELETE bundle entry, or of a reject. Holds one HAPI parser: not thread-safe.
 */
final class ResourceRecords {

    static final Set<String> EXTRACTED_TYPES;

    static {
        Set<String> types = new HashSet<>(List.of("Patient", "Encounter"));
        for (EventKind kind : EventKind.values()) {
            types.add(kind.resourceType());
        }
        EXTRACTED_TYPES = Set.copyOf(types);
    }

    private static final Pattern DELETE_URL = Pattern.compile("(?:[a-z][a-z0-9+.-]*://[^?#]*/)?([A-Z][A-Za-z]*)/([A-Za-z0-9\\-.]{1,64})");
    private static final Pattern HAPI_CODE = Pattern.compile("HAPI-\\d+");

    private final IJsonLikeParser parser;
    private final CollectingErrorHandler errors = new CollectingErrorHandler();
    private final ResourceExtractor extractor;
    private final Set<String> knownTypes;
    /** Known types we do not extract (the Bundle aside): NDJSON lines of these are only checked for well-formedness. */
    final Set<String> ignoredTypes;

    ResourceRecords(Clock clock) {
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

    ExtractedRecord resource(String sourceFile, ObjectNode node, String fullUrl, Long location, BundleContext context) {
        String type = JsonFields.text(node.get("resourceType"));
        if (type == null) {
            return reject(sourceFile, location, null, null, RejectReason.NOT_FHIR, "no resourceType");
        }
        if (!knownTypes.contains(type)) {
            return reject(sourceFile, location, null, null, RejectReason.NOT_FHIR, "unknown resourceType");
        }
        if (!EXTRACTED_TYPES.contains(type)) {
            return ExtractedRecord.ignored(type, sourceFile, location);
        }
        String id = JsonFields.idOf(node, fullUrl);
        if (id == null) {
            return reject(sourceFile, location, type, null,
                    node.hasNonNull("id") ? RejectReason.PARSE_ERROR : RejectReason.MISSING_ID,
                    node.hasNonNull("id") ? "id is not a FHIR id" : "no id and no fullUrl to take one from");
        }
        String wrongType = primitiveGivenAsObject(type, node);
        if (wrongType != null) {
            return reject(sourceFile, location, type, id, RejectReason.PARSE_ERROR, "wrong JSON type for " + wrongType);
        }
        IBaseResource parsed;
        errors.reset();
        try {
            JacksonStructure structure = new JacksonStructure();
            structure.setNativeObject(node);
            parsed = parser.parseResource(structure);
        } catch (RuntimeException refused) {
            return reject(sourceFile, location, type, id, RejectReason.PARSE_ERROR, "HAPI refused the resource" + hapiCode(refused));
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
            return reject(sourceFile, location, type, id, e.reason(), e.getMessage());
        }
    }

    /**
     * A DELETE entry of a transaction or batch bundle (a tombstone, or a line of a Bulk Data {@code deleted}
     * file): {@code request.url} must be {@code Type/id}, optionally after a server base URL.
     */
    ExtractedRecord delete(String sourceFile, String url, Long location) {
        Matcher m = url == null ? null : DELETE_URL.matcher(url);
        if (m == null || !m.matches() || !knownTypes.contains(m.group(1))) {
            return reject(sourceFile, location, null, null, RejectReason.INVALID_DELETE,
                    "DELETE request.url is not Type/id (conditional deletes are not supported)");
        }
        String type = m.group(1);
        if (!EXTRACTED_TYPES.contains(type)) {
            return ExtractedRecord.ignored(type, sourceFile, location);
        }
        return ExtractedRecord.delete(type, m.group(2), sourceFile, location);
    }

    static ExtractedRecord reject(String sourceFile, Long location, String type, String id, RejectReason reason,
                                  String message) {
        return ExtractedRecord.rejected(sourceFile, location, type, id, reason, message);
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

    private static String hapiCode(RuntimeException e) {
        Matcher m = HAPI_CODE.matcher(String.valueOf(e.getMessage()));
        return m.find() ? " (" + m.group() + ")" : " (" + e.getClass().getSimpleName() + ")";
    }
}
