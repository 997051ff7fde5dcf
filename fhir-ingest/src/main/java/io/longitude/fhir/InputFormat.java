package io.longitude.fhir;

import java.util.Locale;
import java.util.Optional;

/** How a file is read: a Bundle (or single-resource) file streamed entry by entry, or Bulk Data NDJSON read line by line. */
public enum InputFormat {
    BUNDLE,
    NDJSON;

    /**
     * The format implied by a file name or path: {@code *.json[.gz]} is a bundle, {@code *.ndjson[.gz]}
     * (including {@code Type.ndjson} and {@code Type.<tag>.ndjson}) is NDJSON; anything else is empty.
     * Case-insensitive.
     */
    public static Optional<InputFormat> ofFileName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String fileName = name.substring(name.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (fileName.endsWith(".gz")) {
            fileName = fileName.substring(0, fileName.length() - 3);
        }
        if (fileName.endsWith(".ndjson") && fileName.length() > ".ndjson".length()) {
            return Optional.of(NDJSON);
        }
        if (fileName.endsWith(".json") && fileName.length() > ".json".length()) {
            return Optional.of(BUNDLE);
        }
        return Optional.empty();
    }
}
