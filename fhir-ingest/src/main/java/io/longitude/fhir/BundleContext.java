package io.longitude.fhir;

import java.util.HashMap;
import java.util.Map;

/**
 * What the resources of one bundle (with its nested bundles) may refer to: fullUrl to {@code Type/id}, and the
 * codes of the Medication resources it holds.
 */
final class BundleContext {

    static final BundleContext EMPTY = new BundleContext();

    final Map<String, String> fullUrlToRelative = new HashMap<>();
    /** Normalised Medication reference (and its fullUrl) to {@code {system, code}}. */
    final Map<String, String[]> medicationCodes = new HashMap<>();

    /**
     * Records a bundle entry's {@code urn:uuid} fullUrl mapping and, for a Medication, its code.
     *
     * @param code the Medication's first coding with a code ({@code {system, code}}), or null
     */
    void register(String type, String id, String fullUrl, String[] code) {
        if (type == null || id == null) {
            return;
        }
        String relative = type + "/" + id;
        String normalisedFullUrl = References.normalise(fullUrl, null);
        if (normalisedFullUrl != null && normalisedFullUrl.startsWith(JsonFields.URN_UUID)) {
            fullUrlToRelative.put(normalisedFullUrl, relative);
        }
        if ("Medication".equals(type) && code != null) {
            medicationCodes.put(relative, code);
            if (normalisedFullUrl != null) {
                medicationCodes.put(normalisedFullUrl, code);
            }
        }
    }
}
