package io.longitude.cohort.aces;

import java.io.Serializable;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Evaluates an {@link AcesTask} over one subject's timeline, with ACES's semantics (es-aces 0.7, query.py and
 * extract_subtree.py): events are summarised per distinct time (a plain predicate counts the matching events at
 * that time, a derived one is 0/1 at that time, {@code _ANY_EVENT} is 1 per time, {@code _RECORD_START}/
 * {@code _RECORD_END} mark the first/last time); every time at which the trigger holds starts one candidate;
 * the window points are placed from it in tree order; a candidate is kept when every window's {@code has}
 * constraints hold over the events inside it (its start/end included as {@code start_inclusive}/
 * {@code end_inclusive} say), and its row carries the index timestamp and the label predicate's count in the
 * label window. A subject lacking one of the {@code patient_demographics} yields no row.
 */
public final class AcesExtractor implements Serializable {

    private static final long serialVersionUID = 1L;

    static final String PREDICTION_REACHED = "prediction time reached by the as-of instant";
    static final String OUTCOME_OPEN = "outcome still open at the as-of instant";
    static final String NOT_STALE = "triggered within the staleness cap";

    private final AcesTask task;
    private final Map<String, NodeStep> stepsByNode = new HashMap<>();
    /** The points of the windows that end by the prediction time, and the prediction time's own, with their ancestors. */
    private final Set<String> historyNodes = new HashSet<>();
    private final Set<String> predictionNodes = new HashSet<>();
    private final Set<String> historyWindows = new HashSet<>();

    public AcesExtractor(AcesTask task) {
        this.task = task;
        task.steps().forEach(s -> stepsByNode.put(s.node(), s));
        String prediction = task.predictionNode();
        predictionNodes.addAll(ancestors(prediction));
        historyNodes.addAll(predictionNodes);
        for (AcesWindow window : task.windows().values()) {
            if (LeakageGuard.margin(stepsByNode, window.endNode(), prediction) >= 0) {
                historyWindows.add(window.name());
                historyNodes.addAll(ancestors(window.startNode()));
                historyNodes.addAll(ancestors(window.endNode()));
            }
        }
    }

    /** The window points from {@code node} up to (not including) the trigger. */
    private List<String> ancestors(String node) {
        List<String> out = new ArrayList<>();
        for (String n = node; stepsByNode.containsKey(n); n = stepsByNode.get(n).parent()) {
            out.add(n);
        }
        return out;
    }

    /**
     * The attrition steps in the order a candidate meets them (as ACES walks its window tree, constraints.py
     * logging each constraint it drops rows on): every trigger time, the demographics, then per window point
     * its event bound being found and, once a window is placed, each of its {@code has} constraints.
     */
    public List<String> attritionSteps() {
        List<String> steps = head();
        steps.addAll(windowSteps(step -> true, window -> true));
        return steps;
    }

    /**
     * The attrition steps of {@link #openOutcomes}: the trigger and the demographics, the prediction time being
     * reached by the as-of instant, the extractor's rows of the windows that end by the prediction time (the
     * history), then the outcome still being open at the as-of instant and the trigger not being stale.
     */
    public List<String> openAttritionSteps() {
        List<String> steps = head();
        steps.add(PREDICTION_REACHED);
        steps.addAll(windowSteps(step -> historyNodes.contains(step.node()), w -> historyWindows.contains(w.name())));
        steps.add(OUTCOME_OPEN);
        steps.add(NOT_STALE);
        return steps;
    }

    private List<String> head() {
        List<String> steps = new ArrayList<>();
        steps.add("trigger: " + task.trigger());
        if (!task.demographics().isEmpty()) {
            steps.add("patient_demographics: " + String.join(", ", task.demographics()));
        }
        return steps;
    }

    private List<String> windowSteps(Predicate<NodeStep> included, Predicate<AcesWindow> judged) {
        List<String> steps = new ArrayList<>();
        for (NodeStep step : task.steps()) {
            if (!included.test(step)) {
                continue;
            }
            WindowBound bound = step.bound();
            if (isEventBound(bound)) {
                steps.add(step.node() + ": " + bound.reference() + (bound.kind() == BoundKind.NEXT_EVENT ? " -> " : " <- ")
                        + bound.predicate() + " found");
            }
            AcesWindow window = placedBy(step);
            if (window != null && judged.test(window)) {
                window.has().forEach((predicate, range) -> steps.add(window.name() + ": "
                        + (range.min() == null ? "None" : range.min()) + " <= " + predicate + " <= "
                        + (range.max() == null ? "None" : range.max())));
            }
        }
        return steps;
    }

    /** Every candidate (trigger time) of the subject with the last attrition step it passed; kept ones carry their row. */
    public List<AcesOutcome> outcomes(String subject, List<TimelineEvent> events) {
        List<TimelineEvent> dynamic = events.stream().filter(e -> e.time() != null)
                .sorted(Comparator.comparing(TimelineEvent::time)).toList();
        if (dynamic.isEmpty()) {
            return List.of();
        }
        PredicateTimeline timeline = new PredicateTimeline(task, dynamic);
        boolean demographics = hasDemographics(events);
        List<AcesOutcome> outcomes = new ArrayList<>();
        long[] trigger = timeline.counts(task.trigger());
        for (int i = 0; i < timeline.size(); i++) {
            if (trigger[i] > 0) {
                outcomes.add(demographics ? realise(subject, timeline, timeline.time(i)) : new AcesOutcome(0, null));
            }
        }
        return outcomes;
    }

    /** The rows of the subject's candidates that pass every step. */
    public List<AcesSample> extract(String subject, List<TimelineEvent> events) {
        return outcomes(subject, events).stream().map(AcesOutcome::sample).filter(Objects::nonNull).toList();
    }

    private boolean hasDemographics(List<TimelineEvent> events) {
        for (String name : task.demographics()) {
            PlainPredicate demographic = (PlainPredicate) task.predicates().get(name);
            if (events.stream().noneMatch(e -> e.time() == null && demographic.matches(e))) {
                return false;
            }
        }
        return true;
    }

    /** The window whose inner point {@code step} places (its start and end both known once it is placed), or null. */
    private AcesWindow placedBy(NodeStep step) {
        for (AcesWindow window : task.windows().values()) {
            if (window.innerNode().equals(step.node())) {
                return window;
            }
        }
        return null;
    }

    private AcesOutcome realise(String subject, PredicateTimeline timeline, long triggerTime) {
        int passed = task.demographics().isEmpty() ? 0 : 1;
        Map<String, Long> points = new HashMap<>();
        points.put(AcesTask.TRIGGER, triggerTime);
        for (NodeStep step : task.steps()) {
            WindowBound bound = step.bound();
            Long point = place(step, points, timeline);
            if (point == null) {
                return new AcesOutcome(passed, null);
            }
            if (isEventBound(bound)) {
                passed++;
            }
            AcesWindow window = placedBy(step);
            if (window != null) {
                for (Map.Entry<String, CountRange> constraint : window.has().entrySet()) {
                    if (!constraint.getValue().admits(timeline.count(constraint.getKey(), window, points))) {
                        return new AcesOutcome(passed, null);
                    }
                    passed++;
                }
            }
        }
        AcesWindow label = task.label();
        return new AcesOutcome(passed, new AcesSample(subject, time(points.get(task.predictionNode())),
                time(triggerTime), timeline.count(label.label(), label, points)));
    }

    /**
     * Every candidate (trigger time) of the subject as known at {@code asOf}, with the last step of
     * {@link #openAttritionSteps} it passed; a candidate passing them all is an open event, its row carrying the
     * prediction time and the trigger time (label count 0: the outcome is not known). {@code visible} is the
     * subject's timeline as known at {@code asOf} (built from {@code io.longitude.scoring.AsOfView}: nothing after
     * it). A candidate's prediction time must be reached; the windows that end by the prediction time are evaluated
     * as {@link #extract} does (they are complete at the as-of instant); the windows after it (gap, label) are the
     * future and their constraints are not required, but the outcome must still be open: the label window has not
     * closed by {@code asOf}, its label predicate has not held in it yet, and no window after the prediction time
     * has already broken a {@code has} maximum (counts only grow, so the candidate can no longer be a sample).
     * A candidate triggered more than {@code maxOpen} before {@code asOf} is stale.
     */
    public List<AcesOutcome> openOutcomes(String subject, List<TimelineEvent> visible, LocalDateTime asOf,
                                          Duration maxOpen) {
        List<TimelineEvent> dynamic = visible.stream().filter(e -> e.time() != null)
                .sorted(Comparator.comparing(TimelineEvent::time)).toList();
        if (dynamic.isEmpty()) {
            return List.of();
        }
        PredicateTimeline timeline = new PredicateTimeline(task, dynamic);
        boolean demographics = hasDemographics(visible);
        long now = micros(asOf);
        long staleBefore = now - WindowBound.micros(maxOpen);
        List<AcesOutcome> outcomes = new ArrayList<>();
        long[] trigger = timeline.counts(task.trigger());
        for (int i = 0; i < timeline.size(); i++) {
            if (trigger[i] > 0) {
                outcomes.add(demographics ? realiseOpen(subject, timeline, timeline.time(i), now, staleBefore)
                        : new AcesOutcome(0, null));
            }
        }
        return outcomes;
    }

    private AcesOutcome realiseOpen(String subject, PredicateTimeline timeline, long triggerTime, long now,
                                    long staleBefore) {
        int passed = task.demographics().isEmpty() ? 0 : 1;
        Map<String, Long> points = new HashMap<>();
        points.put(AcesTask.TRIGGER, triggerTime);
        for (NodeStep step : task.steps()) {
            if (predictionNodes.contains(step.node()) && place(step, points, timeline) == null) {
                return new AcesOutcome(passed, null);
            }
        }
        long prediction = points.get(task.predictionNode());
        if (prediction > now) {
            return new AcesOutcome(passed, null);
        }
        passed++;
        for (NodeStep step : task.steps()) {
            if (!historyNodes.contains(step.node())) {
                continue;
            }
            if (!points.containsKey(step.node()) && place(step, points, timeline) == null) {
                return new AcesOutcome(passed, null);
            }
            if (isEventBound(step.bound())) {
                passed++;
            }
            AcesWindow window = placedBy(step);
            if (window != null && historyWindows.contains(window.name())) {
                for (Map.Entry<String, CountRange> constraint : window.has().entrySet()) {
                    if (!constraint.getValue().admits(timeline.count(constraint.getKey(), window, points))) {
                        return new AcesOutcome(passed, null);
                    }
                    passed++;
                }
            }
        }
        for (NodeStep step : task.steps()) {
            if (!points.containsKey(step.node()) && points.get(step.parent()) != null) {
                place(step, points, timeline);
            }
        }
        if (!outcomeOpen(timeline, points, now)) {
            return new AcesOutcome(passed, null);
        }
        passed++;
        if (triggerTime < staleBefore) {
            return new AcesOutcome(passed, null);
        }
        return new AcesOutcome(passed + 1, new AcesSample(subject, time(prediction), time(triggerTime), 0));
    }

    /** Whether the label is still unknown at {@code now}; a point not placed yet lies in the future. */
    private boolean outcomeOpen(PredicateTimeline timeline, Map<String, Long> points, long now) {
        AcesWindow label = task.label();
        Long labelEnd = points.get(label.endNode());
        if (labelEnd != null && labelEnd <= now) {
            return false;
        }
        if (seenSoFar(timeline, label, label.label(), points) > 0) {
            return false;
        }
        for (AcesWindow window : task.windows().values()) {
            if (historyWindows.contains(window.name())) {
                continue;
            }
            for (Map.Entry<String, CountRange> constraint : window.has().entrySet()) {
                Integer max = constraint.getValue().max();
                if (max != null && seenSoFar(timeline, window, constraint.getKey(), points) > max) {
                    return false;
                }
            }
        }
        return true;
    }

    /** How often the predicate holds in the part of {@code window} seen so far (0 when it has not started). */
    private static long seenSoFar(PredicateTimeline timeline, AcesWindow window, String predicate,
                                  Map<String, Long> points) {
        if (points.get(window.startNode()) == null) {
            return 0;
        }
        Map<String, Long> clipped = new HashMap<>(points);
        if (clipped.get(window.endNode()) == null) {
            clipped.put(window.endNode(), Long.MAX_VALUE);
        }
        return timeline.count(predicate, window, clipped);
    }

    /** Places the step's point from its parent's, or null when its event bound finds no event. */
    private static Long place(NodeStep step, Map<String, Long> points, PredicateTimeline timeline) {
        long from = points.get(step.parent());
        WindowBound bound = step.bound();
        Long point = switch (bound.kind()) {
            case AT -> from;
            case OFFSET -> from + WindowBound.micros(bound.offset());
            case NEXT_EVENT -> timeline.next(bound.predicate(), from, step.mayCoincide());
            case PREVIOUS_EVENT -> timeline.previous(bound.predicate(), from, step.mayCoincide());
        };
        if (point != null) {
            points.put(step.node(), point);
        }
        return point;
    }

    private static boolean isEventBound(WindowBound bound) {
        return bound.kind() == BoundKind.NEXT_EVENT || bound.kind() == BoundKind.PREVIOUS_EVENT;
    }

    static long micros(LocalDateTime time) {
        return time.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + time.getNano() / 1_000;
    }

    private static LocalDateTime time(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1_000, ZoneOffset.UTC);
    }
}
