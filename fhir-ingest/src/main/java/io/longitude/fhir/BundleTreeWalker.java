package io.longitude.fhir;

import java.util.Deque;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Walks a bundle held as a Jackson tree (an NDJSON line, or one entry of a streamed bundle file with the bundles
 * nested in it): queues a record per entry, nested bundles descended into, after registering what the entries
 * may refer to. A bad entry rejects itself, not its bundle.
 */
final class BundleTreeWalker {

    private final ResourceRecords records;
    private final int maxBundleDepth;

    BundleTreeWalker(ResourceRecords records, int maxBundleDepth) {
        this.records = records;
        this.maxBundleDepth = maxBundleDepth;
    }

    /** Queues every resource of {@code bundle} (at {@code depth}, the top level being 1) and its nested bundles. */
    void walkBundle(String sourceFile, ObjectNode bundle, int depth, Long location, BundleContext context,
                    Deque<Supplier<ExtractedRecord>> out) {
        JsonNode entries = bundle.get("entry");
        if (entries == null || entries.isNull()) {
            return;
        }
        if (!entries.isArray()) {
            out.add(rejected(sourceFile, location, "Bundle", JsonFields.idOf(bundle, null), RejectReason.NOT_FHIR,
                    "Bundle.entry is not an array"));
            return;
        }
        boolean deletes = isTransactionOrBatch(JsonFields.text(bundle.get("type")));
        for (int i = 0; i < entries.size(); i++) {
            walkEntry(sourceFile, entries.get(i), depth, deletes, location != null ? location : Long.valueOf(i), context, out);
        }
    }

    /**
     * Queues the record(s) of one entry of a bundle at {@code depth}.
     *
     * @param deletes whether the bundle is a transaction or batch, whose DELETE entries are deletes
     */
    void walkEntry(String sourceFile, JsonNode entry, int depth, boolean deletes, Long location, BundleContext context,
                   Deque<Supplier<ExtractedRecord>> out) {
        if (deletes && entry.isObject() && "DELETE".equals(JsonFields.text(entry.path("request").get("method")))) {
            ExtractedRecord delete = records.delete(sourceFile, JsonFields.text(entry.path("request").get("url")), location);
            out.add(() -> delete);
            return;
        }
        JsonNode resource = entry.isObject() ? entry.get("resource") : null;
        if (!entry.isObject() || (resource != null && !resource.isNull() && !resource.isObject())) {
            out.add(rejected(sourceFile, location, null, null, RejectReason.NOT_FHIR, "bundle entry is not a resource"));
            return;
        }
        if (resource == null || resource.isNull()) {
            return;
        }
        ObjectNode node = (ObjectNode) resource;
        String fullUrl = JsonFields.text(entry.get("fullUrl"));
        String type = JsonFields.text(node.get("resourceType"));
        if ("Bundle".equals(type)) {
            if (depth + 1 > maxBundleDepth) {
                out.add(rejected(sourceFile, location, "Bundle", JsonFields.idOf(node, fullUrl), RejectReason.NESTING_TOO_DEEP,
                        "bundle nested deeper than " + maxBundleDepth));
            } else {
                walkBundle(sourceFile, node, depth + 1, location, context, out);
            }
            return;
        }
        context.register(type, JsonFields.idOf(node, fullUrl), fullUrl, "Medication".equals(type) ? codeOf(node.get("code")) : null);
        out.add(() -> records.resource(sourceFile, node, fullUrl, location, context));
    }

    static boolean isTransactionOrBatch(String bundleType) {
        return "transaction".equals(bundleType) || "batch".equals(bundleType);
    }

    private static Supplier<ExtractedRecord> rejected(String sourceFile, Long location, String type, String id,
                                                      RejectReason reason, String message) {
        ExtractedRecord reject = ResourceRecords.reject(sourceFile, location, type, id, reason, message);
        return () -> reject;
    }

    private static String[] codeOf(JsonNode concept) {
        JsonNode codings = concept == null ? null : concept.get("coding");
        if (codings == null || !codings.isArray()) {
            return null;
        }
        for (JsonNode coding : codings) {
            String code = JsonFields.text(coding.get("code"));
            if (code != null && !code.isBlank()) {
                return new String[] {JsonFields.text(coding.get("system")), code};
            }
        }
        return null;
    }
}
