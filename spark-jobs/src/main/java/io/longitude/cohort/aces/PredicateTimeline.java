package io.longitude.cohort.aces;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One subject's predicate counts per distinct time (ACES predicates.py groups the rows of a subject by time
 * before anything is counted), with prefix sums for counting over windows. Times are UTC microseconds.
 */
final class PredicateTimeline {

    private final long[] times;
    private final Map<String, long[]> counts = new HashMap<>();
    private final Map<String, long[]> prefix = new HashMap<>();

    /** {@code sorted}: the subject's timed events in time order. */
    PredicateTimeline(AcesTask task, List<TimelineEvent> sorted) {
        long[] eventTimes = sorted.stream().mapToLong(e -> AcesExtractor.micros(e.time())).toArray();
        times = Arrays.stream(eventTimes).distinct().toArray();
        int n = times.length;
        for (AcesPredicate p : task.predicates().values()) {
            if (p instanceof PlainPredicate plain && !plain.isStatic()) {
                long[] c = new long[n];
                int i = 0;
                for (int e = 0; e < eventTimes.length; e++) {
                    while (times[i] != eventTimes[e]) {
                        i++;
                    }
                    if (plain.matches(sorted.get(e))) {
                        c[i]++;
                    }
                }
                counts.put(plain.name(), c);
            }
        }
        for (String name : task.derivedOrder()) {
            DerivedPredicate d = (DerivedPredicate) task.predicates().get(name);
            long[] c = new long[n];
            for (int i = 0; i < n; i++) {
                int at = i;
                boolean holds = d.all()
                        ? d.inputs().stream().allMatch(in -> counts.get(in)[at] > 0)
                        : d.inputs().stream().anyMatch(in -> counts.get(in)[at] > 0);
                c[i] = holds ? 1 : 0;
            }
            counts.put(name, c);
        }
        long[] any = new long[n];
        Arrays.fill(any, 1);
        counts.put(AcesTask.ANY_EVENT, any);
        long[] first = new long[n];
        first[0] = 1;
        counts.put(AcesTask.RECORD_START, first);
        long[] last = new long[n];
        last[n - 1] = 1;
        counts.put(AcesTask.RECORD_END, last);
        counts.forEach((name, c) -> {
            long[] sums = new long[n + 1];
            for (int i = 0; i < n; i++) {
                sums[i + 1] = sums[i] + c[i];
            }
            prefix.put(name, sums);
        });
    }

    int size() {
        return times.length;
    }

    long time(int index) {
        return times[index];
    }

    long[] counts(String predicate) {
        return counts.get(predicate);
    }

    /** The first time after {@code from} (or at it, when {@code atFromToo}) at which the predicate holds. */
    Long next(String predicate, long from, boolean atFromToo) {
        long[] c = counts.get(predicate);
        for (int i = firstIndex(from, atFromToo); i < times.length; i++) {
            if (c[i] > 0) {
                return times[i];
            }
        }
        return null;
    }

    /** The last time before {@code from} (or at it, when {@code atFromToo}) at which the predicate holds. */
    Long previous(String predicate, long from, boolean atFromToo) {
        long[] c = counts.get(predicate);
        for (int i = firstIndex(from, !atFromToo) - 1; i >= 0; i--) {
            if (c[i] > 0) {
                return times[i];
            }
        }
        return null;
    }

    /** How many times the predicate holds inside {@code window} placed at {@code points}. */
    long count(String predicate, AcesWindow window, Map<String, Long> points) {
        int from = firstIndex(points.get(window.startNode()), window.startInclusive());
        int to = firstIndex(points.get(window.endNode()), !window.endInclusive());
        long[] sums = prefix.get(predicate);
        return to > from ? sums[to] - sums[from] : 0;
    }

    /** The index of the first time at or after {@code t} ({@code inclusive}) or strictly after it. */
    private int firstIndex(long t, boolean inclusive) {
        int i = Arrays.binarySearch(times, t);
        if (i < 0) {
            return -i - 1;
        }
        return inclusive ? i : i + 1;
    }
}
