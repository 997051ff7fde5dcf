package io.longitude.cohort.aces;

import io.longitude.config.BadInputException;
import io.longitude.config.InvalidConfigException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads an ACES task config (es-aces 0.7 syntax: {@code predicates}, {@code patient_demographics},
 * {@code trigger}, {@code windows}; {@code description} and {@code metadata} are ignored) and, optionally, a
 * predicates file whose {@code predicates}/{@code patient_demographics} override the task's, as ACES's
 * {@code TaskExtractorConfig.load} does. Every mistake is one {@link InvalidConfigException} line naming the
 * file and the key. A Longitude task also needs one label window and one index timestamp, and passes
 * {@link LeakageGuard}.
 */
public final class AcesTaskParser {

    private static final Pattern NAME = Pattern.compile("\\w+");
    private static final Pattern WINDOW_POINT = Pattern.compile("\\w+\\.(start|end)");
    private static final Set<String> TASK_KEYS =
            Set.of("description", "metadata", "predicates", "patient_demographics", "trigger", "windows");
    private static final Set<String> PREDICATES_FILE_KEYS =
            Set.of("description", "metadata", "predicates", "patient_demographics");
    private static final Set<String> PLAIN_KEYS =
            Set.of("code", "value_min", "value_max", "value_min_inclusive", "value_max_inclusive");
    private static final Set<String> WINDOW_KEYS =
            Set.of("start", "end", "start_inclusive", "end_inclusive", "has", "label", "index_timestamp");

    private final String source;

    private AcesTaskParser(String source) {
        this.source = source;
    }

    /** Loads a task file, with the predicates of {@code predicatesFile} (may be null) overriding its own. */
    public static AcesTask load(Path taskFile, Path predicatesFile) {
        return parse(taskFile.getFileName().toString(), read(taskFile), predicatesFile == null ? null : read(predicatesFile));
    }

    /** A task or predicates file's text, refused with one line when it cannot be read. */
    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read task file " + file + ": " + e.getMessage());
        }
    }

    /** Parses task YAML text; {@code predicatesYaml} (may be null) overrides its predicates and demographics. */
    public static AcesTask parse(String source, String taskYaml, String predicatesYaml) {
        return new AcesTaskParser(source).parse(taskYaml, predicatesYaml);
    }

    private AcesTask parse(String taskYaml, String predicatesYaml) {
        Map<String, Object> task = yamlMap(taskYaml, source);
        unknownKeys(task, TASK_KEYS, "");
        Map<String, Object> predicateSpecs = new LinkedHashMap<>(map(task.get("predicates"), "predicates"));
        Map<String, Object> demographicSpecs =
                new LinkedHashMap<>(map(task.get("patient_demographics"), "patient_demographics"));
        if (predicatesYaml != null) {
            Map<String, Object> file = yamlMap(predicatesYaml, source + " (predicates file)");
            unknownKeys(file, PREDICATES_FILE_KEYS, "predicates file: ");
            predicateSpecs.putAll(map(file.get("predicates"), "predicates"));
            demographicSpecs.putAll(map(file.get("patient_demographics"), "patient_demographics"));
        }
        Map<String, AcesPredicate> predicates = new LinkedHashMap<>();
        predicateSpecs.forEach((name, spec) -> predicates.put(name, predicate("predicates." + name, name, spec, false)));
        List<String> demographics = new ArrayList<>();
        demographicSpecs.forEach((name, spec) -> {
            predicates.put(name, predicate("patient_demographics." + name, name, spec, true));
            demographics.add(name);
        });
        List<String> derivedOrder = derivedOrder(predicates);

        Object triggerValue = task.get("trigger");
        if (!(triggerValue instanceof String trigger)) {
            throw error("trigger", "must name a predicate, got " + triggerValue);
        }
        if (!AcesTask.isSpecial(trigger)) {
            known(predicates, trigger, "trigger");
        }
        Map<String, AcesWindow> windows = new LinkedHashMap<>();
        map(task.get("windows"), "windows").forEach((name, spec) -> windows.put(name, window(name, spec, predicates)));
        if (windows.isEmpty()) {
            throw error("windows", "a task needs at least a label window and an index-timestamp window");
        }
        String labelWindow = single(windows, w -> w.label() != null, "label");
        String indexWindow = single(windows, w -> w.indexTimestamp() != null, "index_timestamp");
        List<NodeStep> steps = steps(windows);
        AcesTask parsed = new AcesTask(source, predicates, derivedOrder, List.copyOf(demographics), trigger,
                windows, steps, labelWindow, indexWindow);
        LeakageGuard.check(parsed);
        return parsed;
    }

    private Map<String, Object> yamlMap(String text, String where) {
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
    private Map<String, Object> map(Object value, String key) {
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

    private void unknownKeys(Map<String, Object> spec, Set<String> allowed, String key) {
        for (String k : spec.keySet()) {
            if (!allowed.contains(k)) {
                throw error(key + k, "unknown key (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    private AcesPredicate predicate(String key, String name, Object spec, boolean isStatic) {
        if (!NAME.matcher(name).matches()) {
            throw error(key, "a predicate name is letters, digits and '_'");
        }
        Map<String, Object> fields = map(spec, key);
        if (fields.isEmpty()) {
            throw error(key, "a predicate has a 'code' or an 'expr'");
        }
        if (fields.containsKey("expr")) {
            if (isStatic || fields.size() > 1) {
                throw error(key, "a derived predicate has only 'expr'");
            }
            return derived(key + ".expr", name, fields.get("expr"));
        }
        for (String k : fields.keySet()) {
            if (!PLAIN_KEYS.contains(k)) {
                throw error(key + "." + k, "unknown key (Longitude's MEDS rows have no other columns to match)");
            }
        }
        return new PlainPredicate(name, code(key + ".code", fields.get("code")),
                number(key + ".value_min", fields.get("value_min")), flag(key + ".value_min_inclusive", fields.get("value_min_inclusive"), false),
                number(key + ".value_max", fields.get("value_max")), flag(key + ".value_max_inclusive", fields.get("value_max_inclusive"), false),
                isStatic);
    }

    private CodeMatch code(String key, Object value) {
        if (value instanceof String code && !code.isEmpty()) {
            return CodeMatch.exact(code);
        }
        Map<String, Object> form = map(value, key);
        if (form.size() != 1) {
            throw error(key, "is a code, {regex: …} or {any: […]}");
        }
        Object regex = form.get("regex");
        Object any = form.get("any");
        if (regex instanceof String r && !r.isEmpty()) {
            return CodeMatch.regex(prefix(key + ".regex"), r);
        }
        if (any instanceof List<?> codes && !codes.isEmpty() && codes.stream().allMatch(c -> c instanceof String)) {
            return CodeMatch.any(codes.stream().map(String.class::cast).toList());
        }
        throw error(key, "is a code, {regex: <non-empty text>} or {any: [<codes>]}, got " + value);
    }

    private DerivedPredicate derived(String key, String name, Object value) {
        String expr = value instanceof String s ? s.strip() : "";
        boolean all = expr.startsWith("and(") && expr.endsWith(")");
        boolean any = expr.startsWith("or(") && expr.endsWith(")");
        if (!all && !any) {
            throw error(key, "must be and(p1, p2, …) or or(p1, p2, …), got '" + value + "'");
        }
        List<String> inputs = List.of(expr.substring(all ? 4 : 3, expr.length() - 1).split(",")).stream()
                .map(String::strip).toList();
        if (inputs.size() < 2 || inputs.stream().anyMatch(String::isEmpty)) {
            throw error(key, "needs at least two predicates, got '" + expr + "'");
        }
        return new DerivedPredicate(name, all, inputs);
    }

    /** Derived predicates after their inputs; an input that is not defined, or a cycle, is refused. */
    private List<String> derivedOrder(Map<String, AcesPredicate> predicates) {
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
            throw error("predicates." + d.name() + ".expr", "predicates form a cycle: "
                    + String.join(" -> ", path) + " -> " + d.name());
        }
        for (String input : d.inputs()) {
            AcesPredicate p = predicates.get(input);
            if (p == null) {
                throw error("predicates." + d.name() + ".expr", "unknown predicate '" + input + "'");
            }
            if (p instanceof DerivedPredicate inner) {
                visitDerived(inner, predicates, done, path, order);
            }
        }
        path.remove(d.name());
        done.add(d.name());
        order.add(d.name());
    }

    private AcesWindow window(String name, Object spec, Map<String, AcesPredicate> predicates) {
        String key = "windows." + name;
        if (!NAME.matcher(name).matches()) {
            throw error(key, "a window name is letters, digits and '_'");
        }
        Map<String, Object> fields = map(spec, key);
        for (String k : fields.keySet()) {
            if (!WINDOW_KEYS.contains(k)) {
                throw error(key + "." + k, "unknown key (allowed: end, end_inclusive, has, index_timestamp, label, start, start_inclusive)");
            }
        }
        Object startText = fields.get("start");
        Object endText = fields.get("end");
        if (startText == null && endText == null) {
            throw error(key, "a window cannot run from the start of the record to its end");
        }
        WindowBound start = startText == null
                ? new WindowBound("end", BoundKind.PREVIOUS_EVENT, Duration.ZERO, AcesTask.RECORD_START)
                : bound(key + ".start", startText, predicates);
        WindowBound end = endText == null
                ? new WindowBound("start", BoundKind.NEXT_EVENT, Duration.ZERO, AcesTask.RECORD_END)
                : bound(key + ".end", endText, predicates);
        boolean startRefsEnd = start.reference().equals("end");
        boolean endRefsStart = end.reference().equals("start");
        if (startRefsEnd == endRefsStart) {
            throw error(key, "exactly one of start and end must reference the other (start: " + startText
                    + ", end: " + endText + ")");
        }
        WindowBound inner = startRefsEnd ? start : end;
        boolean backwards = startRefsEnd
                ? inner.kind() == BoundKind.NEXT_EVENT || (inner.kind() == BoundKind.OFFSET && !inner.offset().isNegative())
                : inner.kind() == BoundKind.PREVIOUS_EVENT || (inner.kind() == BoundKind.OFFSET && inner.offset().isNegative());
        if (backwards) {
            throw error(key, "the window's start would not come before its end (start: " + startText
                    + ", end: " + endText + ")");
        }
        if (inner.kind() == BoundKind.AT) {
            throw error(key, "start and end are the same point: a window of no length");
        }
        WindowBound root = startRefsEnd ? end : start;
        if (root.reference().equals("start") || root.reference().equals("end")) {
            throw error(key + (startRefsEnd ? ".end" : ".start"), "must reference trigger or <window>.start|end, got '"
                    + root.reference() + "'");
        }
        Map<String, CountRange> has = new LinkedHashMap<>();
        map(fields.get("has"), key + ".has").forEach((predicate, range) -> {
            String p = predicate.equals("*") ? AcesTask.ANY_EVENT : predicate;
            if (!AcesTask.isSpecial(p)) {
                known(predicates, p, key + ".has." + predicate);
            }
            has.put(p, CountRange.parse(prefix(key + ".has." + predicate), range));
        });
        Object label = fields.get("label");
        if (label != null && !(label instanceof String l && predicates.containsKey(l))) {
            throw error(key + ".label", "unknown predicate '" + label + "'");
        }
        Object index = fields.get("index_timestamp");
        if (index != null && !index.equals("start") && !index.equals("end")) {
            throw error(key + ".index_timestamp", "must be start or end, got '" + index + "'");
        }
        return new AcesWindow(name, start, end, flag(key + ".start_inclusive", fields.get("start_inclusive"), null),
                flag(key + ".end_inclusive", fields.get("end_inclusive"), null), Collections.unmodifiableMap(has), (String) label,
                (String) index);
    }

    /** ACES config.py {@code WindowConfig._parse_boundary}: {@code ref -> p}, {@code ref <- p}, {@code ref ± d}, {@code ref}. */
    private WindowBound bound(String key, Object value, Map<String, AcesPredicate> predicates) {
        if (!(value instanceof String text) || text.isBlank()) {
            throw error(key, "must be an expression such as 'trigger + 24h' or 'start -> discharge', got " + value);
        }
        boolean next = text.contains("->");
        boolean previous = text.contains("<-");
        if (next && previous) {
            throw error(key, "cannot contain both '->' and '<-': '" + text + "'");
        }
        if (next || previous) {
            String[] parts = text.split(next ? "->" : "<-", -1);
            String predicate = parts.length == 2 ? parts[1].strip() : "";
            if (predicate.isEmpty()) {
                throw error(key, "an event bound is '<point> -> <predicate>' or '<point> <- <predicate>': '" + text + "'");
            }
            if (!AcesTask.isSpecial(predicate)) {
                known(predicates, predicate, key);
            }
            return new WindowBound(reference(key, parts[0]), next ? BoundKind.NEXT_EVENT : BoundKind.PREVIOUS_EVENT,
                    Duration.ZERO, predicate);
        }
        boolean plus = text.contains("+");
        boolean minus = text.contains("-");
        if (plus && minus) {
            throw error(key, "cannot contain both '+' and '-': '" + text + "'");
        }
        if (plus || minus) {
            String[] parts = text.split(plus ? "\\+" : "-", 2);
            Duration offset = AcesDurations.parse(prefix(key), parts[1]);
            String reference = reference(key, parts[0]);
            return offset.isZero()
                    ? new WindowBound(reference, BoundKind.AT, Duration.ZERO, null)
                    : new WindowBound(reference, BoundKind.OFFSET, minus ? offset.negated() : offset, null);
        }
        return new WindowBound(reference(key, text), BoundKind.AT, Duration.ZERO, null);
    }

    private String reference(String key, String text) {
        String reference = text.strip();
        if (reference.equals(AcesTask.TRIGGER) || reference.equals("start") || reference.equals("end")
                || WINDOW_POINT.matcher(reference).matches()) {
            return reference;
        }
        throw error(key, "'" + reference + "' is not trigger, start, end or <window>.start|end");
    }

    /** The window points placed from the trigger, parents first; a window referencing an unknown window or a cycle is refused. */
    private List<NodeStep> steps(Map<String, AcesWindow> windows) {
        Map<String, NodeStep> byNode = new LinkedHashMap<>();
        for (AcesWindow w : windows.values()) {
            String rootKey = "windows." + w.name() + (w.rootIsStart() ? ".start" : ".end");
            String parent = w.rootBound().reference();
            if (!parent.equals(AcesTask.TRIGGER)
                    && !windows.containsKey(parent.substring(0, parent.indexOf('.')))) {
                throw error(rootKey, "unknown window '" + parent.substring(0, parent.indexOf('.')) + "'");
            }
            byNode.put(w.rootNode(), new NodeStep(w.rootNode(), parent, w.rootBound(), false));
            byNode.put(w.innerNode(), new NodeStep(w.innerNode(), w.rootNode(), w.innerBound(), w.innerBoundMayCoincide()));
        }
        Map<String, List<NodeStep>> children = new HashMap<>();
        byNode.values().forEach(s -> children.computeIfAbsent(s.parent(), k -> new ArrayList<>()).add(s));
        List<NodeStep> order = new ArrayList<>();
        Deque<String> queue = new ArrayDeque<>(List.of(AcesTask.TRIGGER));
        while (!queue.isEmpty()) {
            for (NodeStep child : children.getOrDefault(queue.poll(), List.of())) {
                order.add(child);
                queue.add(child.node());
            }
        }
        if (order.size() < byNode.size()) {
            String node = byNode.keySet().stream().filter(n -> order.stream().noneMatch(s -> s.node().equals(n)))
                    .sorted().findFirst().orElseThrow();
            LinkedHashSet<String> cycle = new LinkedHashSet<>();
            while (cycle.add(node)) {
                node = byNode.get(node).parent();
            }
            List<String> loop = new ArrayList<>(cycle).subList(new ArrayList<>(cycle).indexOf(node), cycle.size());
            throw error("windows", "the windows reference each other in a cycle: " + String.join(" <- ", loop)
                    + " <- " + node);
        }
        return List.copyOf(order);
    }

    private String single(Map<String, AcesWindow> windows, Predicate<AcesWindow> has, String key) {
        List<String> named = windows.values().stream().filter(has).map(AcesWindow::name).toList();
        if (named.size() != 1) {
            throw error("windows.*." + key, "exactly one window must carry '" + key + "', found "
                    + (named.isEmpty() ? "none" : named.size() + ": " + String.join(", ", named)));
        }
        return named.get(0);
    }

    private void known(Map<String, AcesPredicate> predicates, String predicate, String key) {
        if (!predicates.containsKey(predicate)) {
            throw error(key, "unknown predicate '" + predicate + "'");
        }
    }

    private Double number(String key, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw error(key, "must be a number, got " + value);
    }

    private boolean flag(String key, Object value, Boolean absent) {
        if (value == null && absent != null) {
            return absent;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw error(key, value == null ? "is required (true or false)" : "must be true or false, got " + value);
    }

    private String prefix(String key) {
        return source + ": " + key;
    }

    private InvalidConfigException error(String key, String problem) {
        return new InvalidConfigException(source + ": " + (key.isEmpty() ? "" : key + ": ") + problem);
    }
}
