package io.longitude.cohort.aces;

import java.io.Serializable;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates an {@link AcesTask} over one subject's timeline, with ACES's semantics (es-aces 0.7, query.py and
 * extract_subtree.py): events are summarised per distinct time (a plain predicate counts the matching events at
 * that time, a derived one is 0/1 at that time, {@code _ANY_EVENT} is 1 per time, {@code _RECORD_START}/
 * {@code _RECORD_END} mark the first/last time); every time at which the trigger holds starts one candidate;
 * the window points are placed from it in tree order; a candidate is kept when every window's {@code has}
 * constraints hold over the events inside it (its start/end included as {@code start_inclusive}/
 * {@code end_inclusive} say), and its row carries the index timestamp and the label predicate's count in the
 * label window. A subject lacking one of the {@code patient_demographics} yields nothing.
 */
public final class AcesExtractor implements Serializable {

    private static final long serialVersionUID = 1L;

    private final AcesTask task;

    public AcesExtractor(AcesTask task) {
        this.task = task;
    }

    public List<AcesSample> extract(String subject, List<TimelineEvent> events) {
        if (!hasDemographics(events)) {
            return List.of();
        }
        List<TimelineEvent> dynamic = events.stream().filter(e -> e.time() != null)
                .sorted(Comparator.comparing(TimelineEvent::time)).toList();
        if (dynamic.isEmpty()) {
            return List.of();
        }
        PredicateTimeline timeline = new PredicateTimeline(task, dynamic);
        List<AcesSample> samples = new ArrayList<>();
        long[] trigger = timeline.counts(task.trigger());
        for (int i = 0; i < timeline.size(); i++) {
            if (trigger[i] > 0) {
                AcesSample sample = realise(subject, timeline, timeline.time(i));
                if (sample != null) {
                    samples.add(sample);
                }
            }
        }
        return samples;
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

    /** The row of the candidate triggered at {@code triggerTime}, or null when a bound is not found or a constraint fails. */
    private AcesSample realise(String subject, PredicateTimeline timeline, long triggerTime) {
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
                return null;
            }
            points.put(step.node(), point);
        }
        for (AcesWindow window : task.windows().values()) {
            for (Map.Entry<String, CountRange> constraint : window.has().entrySet()) {
                if (!constraint.getValue().admits(timeline.count(constraint.getKey(), window, points))) {
                    return null;
                }
            }
        }
        AcesWindow label = task.label();
        return new AcesSample(subject, time(points.get(task.predictionNode())), time(triggerTime),
                timeline.count(label.label(), label, points));
    }

    static long micros(LocalDateTime time) {
        return time.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + time.getNano() / 1_000;
    }

    private static LocalDateTime time(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1_000, ZoneOffset.UTC);
    }
}
