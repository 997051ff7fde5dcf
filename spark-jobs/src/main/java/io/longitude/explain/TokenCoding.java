package io.longitude.explain;

/**
 * The coding a vocabulary token stands for, and what the token adds to it: {@code system|code} alone, a value bin
 * {@code system|code#q5/5} (or per unit, {@code system|code[mg/dL]#q3/5}), a coded value
 * {@code system|code=valueSystem|valueCode}. A token without a bar (the out-of-vocabulary entry) is its own code.
 *
 * @param system    null when the token has none
 * @param qualifier what follows the code ({@code #q5/5}, {@code [mg/dL]#q3/5}, {@code =vs|vc}); empty when nothing
 */
public record TokenCoding(String system, String code, String qualifier) {

    public static TokenCoding of(String token) {
        int bar = token.indexOf('|');
        if (bar < 0) {
            return new TokenCoding(null, token, "");
        }
        int end = bar + 1;
        while (end < token.length() && "#[=".indexOf(token.charAt(end)) < 0) {
            end++;
        }
        return new TokenCoding(bar == 0 ? null : token.substring(0, bar), token.substring(bar + 1, end),
                token.substring(end));
    }

    /** {@code system|code}: how the warehouse's {@code codes} table and the events name the coding. */
    public String coding() {
        return (system == null ? "" : system) + "|" + code;
    }

    /** The qualifier as a reader sees it: {@code q5/5}, {@code mg/dL q3/5}, {@code = vs|vc}; empty when none. */
    public String readableQualifier() {
        if (qualifier.startsWith("=")) {
            return "= " + qualifier.substring(1);
        }
        return qualifier.replace("[", "").replace("]#", " ").replace("]", "").replace("#", "");
    }
}
