package io.longitude.cohort.aces;

import java.io.Serializable;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

    private final AcesTask task;

    public AcesExtractor(AcesTask task) {
        this.task = task;
    }

    /**
     * The attrition steps in the order a candidate meets them (as ACES walks its window tree, constraints.py
     * logging each constraint it drops rows on): every trigger time, the demographics, then per window point
     * its event bound being found and, once a window is placed, each of its {@code has} constraints.
     */
    public List<String> attritionSteps() {
        List<String> steps = new ArrayList<>();
        steps.add("trigger: " + task.trigger());
        if (!task.demographics().isEmpty()) {
            steps.add("patient_demographics: " + String.join(", ", task.demographics()));
        }
        for (NodeStep step : task.steps()) {
            WindowBound bound = step.bound();
            if (bound.kind() == BoundKind.NEXT_EVENT || bound.kind() == BoundKind.PREVIOUS_EVENT) {
                steps.add(step.node() + ": " + bound.reference() + (bound.kind() == BoundKind.NEXT_EVENT ? " -> " : " <- ")
                        + bound.predicate() + " found");
            }
            AcesWindow window = placedBy(step);
            if (window != null) {
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
            long from = points.get(step.parent());
            WindowBound bound = step.bound();
            Long point = switch (bound.kind()) {
                case AT -> from;
                case OFFSET -> from + WindowBound.micros(bound.offset());
                case NEXT_EVENT -> timeline.next(bound.predicate(), from, step.mayCoincide());
                case PREVIOUS_EVENT -> timeline.previous(bound.predicate(), from, step.mayCoincide());
            };
            if (point == null) {
                return new AcesOutcome(passed, null);
            }
            if (bound.kind() == BoundKind.NEXT_EVENT || bound.kind() == BoundKind.PREVIOUS_EVENT) {
                passed++;
            }
            points.put(step.node(), point);
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

    static long micros(LocalDateTime time) {
        return time.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + time.getNano() / 1_000;
    }

    private static LocalDateTime time(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1_000, ZoneOffset.UTC);
    }
}
