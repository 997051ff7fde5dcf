package io.longitude.cohort.aces;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code predicates} and {@code patient_demographics} entries of a task config: plain predicates (a code and
 * an optional value range) and derived ones ({@code and(…)}/{@code or(…)} of other predicates).
 */
final class AcesPredicateParser {

    private static final Set<String> PLAIN_KEYS =
            Set.of("code", "value_min", "value_max", "value_min_inclusive", "value_max_inclusive");

    private final AcesYaml yaml;

    AcesPredicateParser(AcesYaml yaml) {
        this.yaml = yaml;
    }

    /** One predicate at {@code key}; a demographic ({@code isStatic}) is always a plain one. */
    AcesPredicate predicate(String key, String name, Object spec, boolean isStatic) {
        if (!AcesYaml.NAME.matcher(name).matches()) {
            throw yaml.error(key, "a predicate name is letters, digits and '_'");
        }
        Map<String, Object> fields = yaml.map(spec, key);
        if (fields.isEmpty()) {
            throw yaml.error(key, "a predicate has a 'code' or an 'expr'");
        }
        if (fields.containsKey("expr")) {
            if (isStatic || fields.size() > 1) {
                throw yaml.error(key, "a derived predicate has only 'expr'");
            }
            return derived(key + ".expr", name, fields.get("expr"));
        }
        for (String k : fields.keySet()) {
            if (!PLAIN_KEYS.contains(k)) {
                throw yaml.error(key + "." + k, "unknown key (Longitude's MEDS rows have no other columns to match)");
            }
        }
        return new PlainPredicate(name, code(key + ".code", fields.get("code")),
                yaml.number(key + ".value_min", fields.get("value_min")),
                yaml.flag(key + ".value_min_inclusive", fields.get("value_min_inclusive"), false),
                yaml.number(key + ".value_max", fields.get("value_max")),
                yaml.flag(key + ".value_max_inclusive", fields.get("value_max_inclusive"), false),
                isStatic);
    }

    private CodeMatch code(String key, Object value) {
        if (value instanceof String code && !code.isEmpty()) {
            return CodeMatch.exact(code);
        }
        Map<String, Object> form = yaml.map(value, key);
        if (form.size() != 1) {
            throw yaml.error(key, "is a code, {regex: …} or {any: […]}");
        }
        Object regex = form.get("regex");
        Object any = form.get("any");
        if (regex instanceof String r && !r.isEmpty()) {
            return CodeMatch.regex(yaml.prefix(key + ".regex"), r);
        }
        if (any instanceof List<?> codes && !codes.isEmpty() && codes.stream().allMatch(c -> c instanceof String)) {
            return CodeMatch.any(codes.stream().map(String.class::cast).toList());
        }
        throw yaml.error(key, "is a code, {regex: <non-empty text>} or {any: [<codes>]}, got " + value);
    }

    private DerivedPredicate derived(String key, String name, Object value) {
        String expr = value instanceof String s ? s.strip() : "";
        boolean all = expr.startsWith("and(") && expr.endsWith(")");
        boolean any = expr.startsWith("or(") && expr.endsWith(")");
        if (!all && !any) {
            throw yaml.error(key, "must be and(p1, p2, …) or or(p1, p2, …), got '" + value + "'");
        }
        List<String> inputs = List.of(expr.substring(all ? 4 : 3, expr.length() - 1).split(",")).stream()
                .map(String::strip).toList();
        if (inputs.size() < 2 || inputs.stream().anyMatch(String::isEmpty)) {
            throw yaml.error(key, "needs at least two predicates, got '" + expr + "'");
        }
        return new DerivedPredicate(name, all, inputs);
    }

    /** Derived predicates after their inputs; an input that is not defined, or a cycle, is refused. */
    List<String> derivedOrder(Map<String, AcesPredicate> predicates) {
        List<String> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (AcesPredicate p : predicates.values()) {
            if (p instanceof DerivedPredicate d) {
                visitDerived(d, predicates, done, new LinkedHashSet<>(), order);
            }
        }
        return List.copyOf(order);
    }

    private void visitDerived(DerivedPredicate d, Map<String, AcesPredicate> predicates, Set<String> done,
                              LinkedHashSet<String> path, List<String> order) {
        if (done.contains(d.name())) {
            return;
        }
        if (!path.add(d.name())) {
            throw yaml.error("predicates." + d.name() + ".expr", "predicates form a cycle: "
                    + String.join(" -> ", path) + " -> " + d.name());
        }
        for (String input : d.inputs()) {
            AcesPredicate p = predicates.get(input);
            if (p == null) {
                throw yaml.error("predicates." + d.name() + ".expr", "unknown predicate '" + input + "'");
            }
            if (p instanceof DerivedPredicate inner) {
                visitDerived(inner, predicates, done, path, order);
            }
        }
        path.remove(d.name());
        done.add(d.name());
        order.add(d.name());
    }
}
