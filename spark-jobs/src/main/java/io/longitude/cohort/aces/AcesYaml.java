package io.longitude.cohort.aces;

import io.longitude.config.InvalidConfigException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The YAML values of one task config, each read or refused with one {@link InvalidConfigException} line
 * {@code <source>: <key>: <problem>}; shared by the task, predicate and window parsers.
 */
final class AcesYaml {

    /** A predicate or window name. */
    static final Pattern NAME = Pattern.compile("\\w+");

    private final String source;

    AcesYaml(String source) {
        this.source = source;
    }

    String source() {
        return source;
    }

    /** The top-level mapping of a YAML document; {@code where} names the document in a refusal. */
    Map<String, Object> document(String text, String where) {
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw new InvalidConfigException(where + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(loaded instanceof Map<?, ?>)) {
            throw new InvalidConfigException(where + ": a task config is a YAML mapping");
        }
        return map(loaded, "");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(Object value, String key) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw error(key, "must be a mapping, got " + value);
        }
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                throw error(key, "keys must be names, got " + k);
            }
        }
        return (Map<String, Object>) m;
    }

    void unknownKeys(Map<String, Object> spec, Set<String> allowed, String key) {
        for (String k : spec.keySet()) {
            if (!allowed.contains(k)) {
                throw error(key + k, "unknown key (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    void known(Map<String, AcesPredicate> predicates, String predicate, String key) {
        if (!predicates.containsKey(predicate)) {
            throw error(key, "unknown predicate '" + predicate + "'");
        }
    }

    Double number(String key, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw error(key, "must be a number, got " + value);
    }

    boolean flag(String key, Object value, Boolean absent) {
        if (value == null && absent != null) {
            return absent;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw error(key, value == null ? "is required (true or false)" : "must be true or false, got " + value);
    }

    /** The {@code <source>: <key>} prefix, for the parsers of values ({@link AcesDurations}, {@link CountRange}) that add their own problem. */
    String prefix(String key) {
        return source + ": " + key;
    }

    InvalidConfigException error(String key, String problem) {
        return new InvalidConfigException(source + ": " + (key.isEmpty() ? "" : key + ": ") + problem);
    }
}
