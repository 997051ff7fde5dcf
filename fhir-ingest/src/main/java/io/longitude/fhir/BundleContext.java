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
}
