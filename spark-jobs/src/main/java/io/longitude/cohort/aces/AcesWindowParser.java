package io.longitude.cohort.aces;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code windows} of a task config: each window's bounds ({@code trigger + 24h}, {@code start -> discharge}, …),
 * {@code has} constraints, label and index timestamp, checked against the task's predicates; then the order in
 * which the window points are placed from the trigger.
 */
final class AcesWindowParser {

    private static final Pattern WINDOW_POINT = Pattern.compile("\\w+\\.(start|end)");
    private static final Set<String> WINDOW_KEYS =
            Set.of("start", "end", "start_inclusive", "end_inclusive", "has", "label", "index_timestamp");

    private final AcesYaml yaml;
    private final Map<String, AcesPredicate> predicates;

    AcesWindowParser(AcesYaml yaml, Map<String, AcesPredicate> predicates) {
        this.yaml = yaml;
        this.predicates = predicates;
    }

    AcesWindow window(String name, Object spec) {
        String key = "windows." + name;
        if (!AcesYaml.NAME.matcher(name).matches()) {
            throw yaml.error(key, "a window name is letters, digits and '_'");
        }
        Map<String, Object> fields = yaml.map(spec, key);
        for (String k : fields.keySet()) {
            if (!WINDOW_KEYS.contains(k)) {
                throw yaml.error(key + "." + k, "unknown key (allowed: end, end_inclusive, has, index_timestamp, label, start, start_inclusive)");
            }
        }
        Object startText = fields.get("start");
        Object endText = fields.get("end");
        if (startText == null && endText == null) {
            throw yaml.error(key, "a window cannot run from the start of the record to its end");
        }
        WindowBound start = startText == null
                ? new WindowBound("end", BoundKind.PREVIOUS_EVENT, Duration.ZERO, AcesTask.RECORD_START)
                : bound(key + ".start", startText);
        WindowBound end = endText == null
                ? new WindowBound("start", BoundKind.NEXT_EVENT, Duration.ZERO, AcesTask.RECORD_END)
                : bound(key + ".end", endText);
        boolean startRefsEnd = start.reference().equals("end");
        boolean endRefsStart = end.reference().equals("start");
        if (startRefsEnd == endRefsStart) {
            throw yaml.error(key, "exactly one of start and end must reference the other (start: " + startText
                    + ", end: " + endText + ")");
        }
        WindowBound inner = startRefsEnd ? start : end;
        boolean backwards = startRefsEnd
                ? inner.kind() == BoundKind.NEXT_EVENT || (inner.kind() == BoundKind.OFFSET && !inner.offset().isNegative())
                : inner.kind() == BoundKind.PREVIOUS_EVENT || (inner.kind() == BoundKind.OFFSET && inner.offset().isNegative());
        if (backwards) {
            throw yaml.error(key, "the window's start would not come before its end (start: " + startText
                    + ", end: " + endText + ")");
        }
        if (inner.kind() == BoundKind.AT) {
            throw yaml.error(key, "start and end are the same point: a window of no length");
        }
        WindowBound root = startRefsEnd ? end : start;
        if (root.reference().equals("start") || root.reference().equals("end")) {
            throw yaml.error(key + (startRefsEnd ? ".end" : ".start"), "must reference trigger or <window>.start|end, got '"
                    + root.reference() + "'");
        }
        Map<String, CountRange> has = new LinkedHashMap<>();
        yaml.map(fields.get("has"), key + ".has").forEach((predicate, range) -> {
            String p = predicate.equals("*") ? AcesTask.ANY_EVENT : predicate;
            if (!AcesTask.isSpecial(p)) {
                yaml.known(predicates, p, key + ".has." + predicate);
            }
            has.put(p, CountRange.parse(yaml.prefix(key + ".has." + predicate), range));
        });
        Object label = fields.get("label");
        if (label != null && !(label instanceof String l && predicates.containsKey(l))) {
            throw yaml.error(key + ".label", "unknown predicate '" + label + "'");
        }
        Object index = fields.get("index_timestamp");
        if (index != null && !index.equals("start") && !index.equals("end")) {
            throw yaml.error(key + ".index_timestamp", "must be start or end, got '" + index + "'");
        }
        return new AcesWindow(name, start, end, yaml.flag(key + ".start_inclusive", fields.get("start_inclusive"), null),
                yaml.flag(key + ".end_inclusive", fields.get("end_inclusive"), null), Collections.unmodifiableMap(has),
                (String) label, (String) index);
    }

    /** ACES config.py {@code WindowConfig._parse_boundary}: {@code ref -> p}, {@code ref <- p}, {@code ref ± d}, {@code ref}. */
    private WindowBound bound(String key, Object value) {
        if (!(value instanceof String text) || text.isBlank()) {
            throw yaml.error(key, "must be an expression such as 'trigger + 24h' or 'start -> discharge', got " + value);
        }
        boolean next = text.contains("->");
        boolean previous = text.contains("<-");
        if (next && previous) {
            throw yaml.error(key, "cannot contain both '->' and '<-': '" + text + "'");
        }
        if (next || previous) {
            String[] parts = text.split(next ? "->" : "<-", -1);
            String predicate = parts.length == 2 ? parts[1].strip() : "";
            if (predicate.isEmpty()) {
                throw yaml.error(key, "an event bound is '<point> -> <predicate>' or '<point> <- <predicate>': '" + text + "'");
            }
            if (!AcesTask.isSpecial(predicate)) {
                yaml.known(predicates, predicate, key);
            }
            return new WindowBound(reference(key, parts[0]), next ? BoundKind.NEXT_EVENT : BoundKind.PREVIOUS_EVENT,
                    Duration.ZERO, predicate);
        }
        boolean plus = text.contains("+");
        boolean minus = text.contains("-");
        if (plus && minus) {
            throw yaml.error(key, "cannot contain both '+' and '-': '" + text + "'");
        }
        if (plus || minus) {
            String[] parts = text.split(plus ? "\\+" : "-", 2);
            Duration offset = AcesDurations.parse(yaml.prefix(key), parts[1]);
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
        throw yaml.error(key, "'" + reference + "' is not trigger, start, end or <window>.start|end");
    }

    /** The window points placed from the trigger, parents first; a window referencing an unknown window or a cycle is refused. */
    List<NodeStep> steps(Map<String, AcesWindow> windows) {
        Map<String, NodeStep> byNode = new LinkedHashMap<>();
        for (AcesWindow w : windows.values()) {
            String rootKey = "windows." + w.name() + (w.rootIsStart() ? ".start" : ".end");
            String parent = w.rootBound().reference();
            if (!parent.equals(AcesTask.TRIGGER)
                    && !windows.containsKey(parent.substring(0, parent.indexOf('.')))) {
                throw yaml.error(rootKey, "unknown window '" + parent.substring(0, parent.indexOf('.')) + "'");
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
            throw yaml.error("windows", "the windows reference each other in a cycle: " + String.join(" <- ", loop)
                    + " <- " + node);
        }
        return List.copyOf(order);
    }
}
