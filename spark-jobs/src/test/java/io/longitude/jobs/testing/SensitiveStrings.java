package io.longitude.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * What must never leave the identity tables, read straight from the source bundles with Jackson (not with
 * Longitude's ingest code): patients' names, address lines, city with postal code, phone numbers, every
 * identifier value (Synthea's MRN, SSN, driver's licence, passport), the raw Patient and Encounter ids, and
 * the bundle file names (Synthea names files after the patient). Text is compared as whole tokens (runs of
 * letters and digits, inner hyphens kept, case-sensitive) so that a name is found as a word, never inside
 * another; values shorter than {@value #MIN_LENGTH} characters are left out as too likely to occur by chance.
 * {@link #find} reports the kinds found, never the values.
 */
public final class SensitiveStrings implements Serializable {

    static final int MIN_LENGTH = 4;
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{M}\\p{N}]+(?:-[\\p{L}\\p{M}\\p{N}]+)*");

    private final Map<String, String> tokens = new HashMap<>();
    /** First token → (normalised phrase, kind). */
    private final Map<String, List<String[]>> phrases = new HashMap<>();
    /** Found anywhere, even inside a longer token. */
    private final Map<String, String> substrings = new HashMap<>();

    /** Reads the needles from every bundle file ({@code .json} or {@code .json.gz}) given. */
    public static SensitiveStrings fromBundles(List<Path> bundles) throws IOException {
        ObjectMapper json = new ObjectMapper();
        SensitiveStrings strings = new SensitiveStrings();
        for (Path file : bundles) {
            String name = file.getFileName().toString();
            strings.add(name, "bundle file name");
            strings.add(name.replaceFirst("\\.json(\\.gz)?$", ""), "bundle file name");
            JsonNode bundle;
            try (InputStream in = name.endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file))
                    : Files.newInputStream(file)) {
                bundle = json.readTree(in);
            }
            for (JsonNode entry : bundle.path("entry")) {
                JsonNode resource = entry.path("resource");
                String type = resource.path("resourceType").asText();
                if ("Encounter".equals(type)) {
                    strings.add(resource.path("id").asText(), "Encounter id");
                } else if ("Patient".equals(type)) {
                    strings.addPatient(resource);
                }
            }
        }
        return strings;
    }

    private void addPatient(JsonNode patient) {
        add(patient.path("id").asText(), "Patient id");
        for (JsonNode name : patient.path("name")) {
            List<String> full = new ArrayList<>();
            name.path("given").forEach(given -> {
                add(given.asText(), "given name");
                full.add(given.asText());
            });
            add(name.path("family").asText(), "family name");
            full.add(name.path("family").asText());
            add(String.join(" ", full), "full name");
            add(name.path("text").asText(), "full name");
        }
        for (JsonNode address : patient.path("address")) {
            address.path("line").forEach(line -> add(line.asText(), "address line"));
            if (address.hasNonNull("city") && address.hasNonNull("postalCode")) {
                add(address.path("city").asText() + " " + address.path("postalCode").asText(), "city and postal code");
            }
        }
        patient.path("telecom").forEach(telecom -> add(telecom.path("value").asText(), "phone or e-mail"));
        patient.path("identifier").forEach(identifier -> add(identifier.path("value").asText(),
                "identifier " + identifier.path("type").path("text").asText(identifier.path("system").asText())));
    }

    /** Adds one value of the given kind (ignored when blank or shorter than {@value #MIN_LENGTH} characters). */
    public void add(String value, String kind) {
        if (value == null || value.strip().length() < MIN_LENGTH) {
            return;
        }
        List<String> words = tokens(value);
        if (words.isEmpty()) {
            return;
        }
        if (words.size() == 1) {
            tokens.putIfAbsent(words.get(0), kind);
        } else {
            phrases.computeIfAbsent(words.get(0), w -> new ArrayList<>())
                    .add(new String[]{" " + String.join(" ", words) + " ", kind});
        }
    }

    /**
     * Every word of the coding displays in the bundles (terminology: "Brain damage - traumatic"), read with Jackson
     * like the values above.
     */
    public static Set<String> displayWords(List<Path> bundles) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Set<String> words = new HashSet<>();
        for (Path file : bundles) {
            try (InputStream in = file.getFileName().toString().endsWith(".gz")
                    ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
                for (JsonNode display : json.readTree(in).findValues("display")) {
                    words.addAll(tokens(display.asText()));
                }
            }
        }
        return words;
    }

    /** A copy whose one-word values leave out {@code words}; phrases and substrings are kept. */
    public SensitiveStrings withoutWords(Set<String> words) {
        SensitiveStrings copy = new SensitiveStrings();
        tokens.forEach((word, kind) -> {
            if (!words.contains(word)) {
                copy.tokens.put(word, kind);
            }
        });
        copy.phrases.putAll(phrases);
        copy.substrings.putAll(substrings);
        return copy;
    }

    /** Adds a value that must not occur anywhere, not even inside a word (a secret). */
    public void addSubstring(String value, String kind) {
        substrings.put(value, kind);
    }

    public int size() {
        return tokens.size() + phrases.values().stream().mapToInt(List::size).sum() + substrings.size();
    }

    /** The kinds of sensitive value that occur in {@code text} (empty when none). */
    public Set<String> find(String text) {
        Set<String> kinds = new TreeSet<>();
        if (text == null || text.isEmpty()) {
            return kinds;
        }
        substrings.forEach((value, kind) -> {
            if (text.contains(value)) {
                kinds.add(kind);
            }
        });
        List<String> words = tokens(text);
        String normalised = null;
        for (String word : words) {
            String kind = tokens.get(word);
            if (kind != null) {
                kinds.add(kind);
            }
            List<String[]> candidates = phrases.get(word);
            if (candidates != null) {
                if (normalised == null) {
                    normalised = " " + String.join(" ", words) + " ";
                }
                for (String[] phrase : candidates) {
                    if (normalised.contains(phrase[0])) {
                        kinds.add(phrase[1]);
                    }
                }
            }
        }
        return kinds;
    }

    private static List<String> tokens(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }
}
