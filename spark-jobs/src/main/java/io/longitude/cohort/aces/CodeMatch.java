package io.longitude.cohort.aces;

import io.longitude.config.InvalidConfigException;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code code} of a plain predicate: one code string, a regular expression found anywhere in the code (ACES
 * uses Polars' {@code str.contains}, not a full match), or any of a list of codes.
 */
public final class CodeMatch implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String exact;
    private final Pattern regex;
    private final Set<String> any;

    private CodeMatch(String exact, Pattern regex, Set<String> any) {
        this.exact = exact;
        this.regex = regex;
        this.any = any;
    }

    static CodeMatch exact(String code) {
        return new CodeMatch(code, null, null);
    }

    static CodeMatch regex(String key, String expression) {
        try {
            return new CodeMatch(null, Pattern.compile(expression), null);
        } catch (PatternSyntaxException e) {
            throw new InvalidConfigException(key + ": the regex '" + expression + "' does not compile: "
                    + e.getDescription());
        }
    }

    static CodeMatch any(List<String> codes) {
        return new CodeMatch(null, null, Set.copyOf(codes));
    }

    public boolean matches(String code) {
        if (code == null) {
            return false;
        }
        if (exact != null) {
            return exact.equals(code);
        }
        if (regex != null) {
            return regex.matcher(code).find();
        }
        return any.contains(code);
    }

    @Override
    public String toString() {
        return exact != null ? exact : regex != null ? "{regex: " + regex.pattern() + "}" : "{any: " + any + "}";
    }
}
