package io.longitude.fhir;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.Identifier;

/**
 * Canonical forms of FHIR references, so that {@code urn:uuid:} (Synthea 2.x bundles), {@code Type/id}
 * (Bulk Data), absolute URLs and conditional {@code Type?identifier=system|value} (Synthea 3.x) references
 * can be joined against the aliases of the resource they point to.
 */
public final class References {

    private static final String URN_UUID = "urn:uuid:";
    private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");

    private References() {
    }

    /**
     * The canonical string of a reference:
     * <ul>
     * <li>{@code Type/id} for relative references, {@code _history/…} stripped;</li>
     * <li>{@code Type/id} for absolute URLs ({@code base/Type/id[/_history/v]}: the base is stripped);</li>
     * <li>for {@code urn:uuid:X}: the bundle's mapping of that fullUrl if {@code fullUrlToRelative} has one,
     * else {@code urn:uuid:x} with the uuid lowercased;</li>
     * <li>conditional references {@code [base/]Type?query}: {@code Type?} plus the URL-decoded query;</li>
     * <li>contained references ({@code #x}), null and blank: null;</li>
     * <li>anything else (e.g. {@code urn:oid:}): trimmed, unchanged.</li>
     * </ul>
     *
     * @param fullUrlToRelative keys are normalised fullUrls ({@code urn:uuid:x}, lowercase), values {@code Type/id};
     *                          may be null or empty
     */
    public static String normalise(String reference, Map<String, String> fullUrlToRelative) {
        if (reference == null) {
            return null;
        }
        String ref = reference.trim();
        if (ref.isEmpty() || ref.startsWith("#")) {
            return null;
        }
        if (ref.regionMatches(true, 0, URN_UUID, 0, URN_UUID.length())) {
            String key = URN_UUID + ref.substring(URN_UUID.length()).toLowerCase(Locale.ROOT);
            String mapped = fullUrlToRelative == null ? null : fullUrlToRelative.get(key);
            return mapped != null ? mapped : key;
        }
        if (ref.regionMatches(true, 0, "urn:", 0, 4)) {
            return ref;
        }
        int query = ref.indexOf('?');
        if (query > 0) {
            String type = lastSegment(ref.substring(0, query));
            return RESOURCE_TYPE.matcher(type).matches() ? type + "?" + decode(ref.substring(query + 1)) : ref;
        }
        String[] segments = stripTrailingSlash(ref).split("/");
        int n = segments.length;
        if (n >= 4 && "_history".equals(segments[n - 2])) {
            n -= 2;
        }
        if (n >= 2 && RESOURCE_TYPE.matcher(segments[n - 2]).matches() && !segments[n - 1].isEmpty()) {
            return segments[n - 2] + "/" + segments[n - 1];
        }
        return ref;
    }

    /**
     * Every string a reference to a Patient or Encounter may take: {@code Type/id}, its bundle entry's fullUrl
     * normalised without a bundle mapping ({@code urn:uuid:x} or {@code Type/id}), and for each identifier
     * with a value {@code Type?identifier=system|value} (when it has a system) and {@code Type?identifier=value}.
     */
    static List<String> aliases(String resourceType, String id, String fullUrl, List<Identifier> identifiers) {
        Set<String> aliases = new LinkedHashSet<>();
        aliases.add(resourceType + "/" + id);
        String normalisedFullUrl = normalise(fullUrl, null);
        if (normalisedFullUrl != null) {
            aliases.add(normalisedFullUrl);
        }
        for (Identifier identifier : identifiers) {
            String value = identifier.getValue();
            if (value == null || value.isBlank()) {
                continue;
            }
            String system = identifier.getSystem();
            if (system != null && !system.isBlank()) {
                aliases.add(resourceType + "?identifier=" + system + "|" + value);
            }
            aliases.add(resourceType + "?identifier=" + value);
        }
        return new ArrayList<>(aliases);
    }

    /** The conditional reference a logical reference (identifier only, no reference string) stands for. */
    static String ofIdentifier(String resourceType, Identifier identifier) {
        if (identifier == null || identifier.getValue() == null || identifier.getValue().isBlank()) {
            return null;
        }
        String system = identifier.getSystem();
        return resourceType + "?identifier="
                + (system == null || system.isBlank() ? "" : system + "|") + identifier.getValue();
    }

    private static String lastSegment(String path) {
        String p = stripTrailingSlash(path);
        return p.substring(p.lastIndexOf('/') + 1);
    }

    private static String stripTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String decode(String query) {
        try {
            return URLDecoder.decode(query, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            return query;
        }
    }
}
