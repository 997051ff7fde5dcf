package io.longitude.cohort.aces;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ACES's window semantics on small constructed timelines, each expected value worked out by hand from ACES's
 * rules (es-aces 0.7.3, justin13601/ACES at d95e192). A "probe" window carries a {@code has} constraint
 * {@code (k, k)}; the count ACES would see in it is the one k for which the trigger yields a row.
 */
class AcesExtractorTest {

    private static final LocalDateTime T = LocalDateTime.of(2020, 1, 10, 12, 0);

    private static final String BASE = """
            predicates:
              adm:
                code: ADM
              lab:
                code: LAB
              death:
                code: DEATH
              any:
                code: { regex: "." }
              a:
                code: A
              b:
                code: B
              a_and_b:
                expr: and(a, b)
              a_or_b:
                expr: or(a, b)
            trigger: adm
            windows:
              input:
                start: null
                end: trigger
                start_inclusive: true
                end_inclusive: true
                index_timestamp: end
              target:
                start: input.end
                end: start + 3650d
                start_inclusive: false
                end_inclusive: true
                label: death
            """;

    // --- temporal bounds: config.py WindowConfig.start/end_endpoint_expr -> types.py TemporalWindowBounds,
    // --- whose polars_gp_rolling_kwargs maps (start_inclusive, end_inclusive) to closed=both/left/right/none.

    @Test
    void endPlacedAnOffsetAfterTheStartCountsItsBoundsAsInclusiveSays() {
        List<TimelineEvent> events = List.of(ev(-240, "X"), ev(0, "ADM"), ev(12, "A"), ev(24, "B"), ev(25, "C"));
        assertEquals(3, probe("trigger", "start + 24h", true, true, "any", events));
        assertEquals(2, probe("trigger", "start + 24h", false, true, "any", events));
        assertEquals(2, probe("trigger", "start + 24h", true, false, "any", events));
        assertEquals(1, probe("trigger", "start + 24h", false, false, "any", events));
    }

    @Test
    void startPlacedAnOffsetBeforeTheEndCountsItsBoundsAsInclusiveSays() {
        List<TimelineEvent> events = List.of(ev(-240, "X"), ev(-24, "B"), ev(-12, "A"), ev(0, "ADM"));
        assertEquals(3, probe("end - 24h", "trigger", true, true, "any", events));
        assertEquals(2, probe("end - 24h", "trigger", false, true, "any", events));
        assertEquals(2, probe("end - 24h", "trigger", true, false, "any", events));
        assertEquals(1, probe("end - 24h", "trigger", false, false, "any", events));
    }

    @Test
    void offsetsAccumulateAlongTheWindowTree() {
        // extract_subtree.py: a temporal child keeps the trigger as anchor and adds its offset to the parent's
        // (child_root_offset = subtree_root_offset + window_size); the probe is (T+48h, T+72h].
        String windows = """
                  gap:
                    start: trigger
                    end: start + 48h
                    start_inclusive: false
                    end_inclusive: true
                  probe:
                    start: gap.end
                    end: start + 24h
                    start_inclusive: false
                    end_inclusive: true
                    has:
                      any: (K, K)
                """;
        List<TimelineEvent> events = List.of(ev(0, "ADM"), ev(47, "A"), ev(48, "B"), ev(49, "C"), ev(72, "D"), ev(73, "E"));
        assertEquals(2, count(windows, events));
    }

    // --- event bounds: aggregate.py boolean_expr_bound_sum; its doctest tables (bound_to_row / row_to_bound
    // --- with closed both/left/right/none) show the found event may be the root point itself only when the
    // --- window includes that side.

    @Test
    void nextEventBoundFindsTheNearestLaterMatch() {
        List<TimelineEvent> events = List.of(ev(-240, "X"), ev(0, "ADM"), ev(0, "LAB"), ev(2, "O"), ev(5, "LAB"), ev(9, "LAB"));
        assertEquals(2, probe("trigger", "start -> lab", true, true, "any", events), "the LAB at the trigger itself ends it");
        assertEquals(0, probe("trigger", "start -> lab", false, true, "any", events), "(T, T]: empty");
        assertEquals(3, probe("trigger", "start -> lab", true, false, "any", events), "[T, T+5h)");
        assertEquals(1, probe("trigger", "start -> lab", false, false, "any", events), "(T, T+5h)");
    }

    @Test
    void previousEventBoundFindsTheNearestEarlierMatch() {
        List<TimelineEvent> events = List.of(ev(-240, "X"), ev(-5, "LAB"), ev(-2, "O"), ev(0, "ADM"), ev(0, "LAB"));
        assertEquals(2, probe("end <- lab", "trigger", true, true, "any", events), "the LAB at the trigger itself starts it");
        assertEquals(0, probe("end <- lab", "trigger", true, false, "any", events), "[T, T): empty");
        assertEquals(3, probe("end <- lab", "trigger", false, true, "any", events), "(T-5h, T]");
        assertEquals(1, probe("end <- lab", "trigger", false, false, "any", events), "(T-5h, T)");
    }

    @Test
    void anEventBoundSearchesFromAnOffsetPoint() {
        // extract_subtree.py passes the accumulated offset into the event bound (boolean_expr_bound_sum's
        // offset): the search starts at T+24h, so the LAB at T+12h is not the bound.
        List<TimelineEvent> events = List.of(ev(0, "ADM"), ev(12, "LAB"), ev(30, "O"), ev(36, "LAB"), ev(40, "LAB"));
        assertEquals(2, probe("trigger + 24h", "start -> lab", false, true, "any", events));
    }

    @Test
    void aNullStartRunsFromTheFirstEventOfTheRecord() {
        // config.py: start None -> '-_RECORD_START' bound, predicates.py marks the subject's first time.
        List<TimelineEvent> events = List.of(ev(-240, "X"), ev(-2, "O"), ev(0, "ADM"));
        assertEquals(3, probe("null", "trigger", true, true, "any", events));
        assertEquals(2, probe("null", "trigger", false, true, "any", events));
        assertEquals(2, probe("null", "trigger", true, false, "any", events));
        assertEquals(1, probe("null", "trigger", false, false, "any", events));
        List<TimelineEvent> triggerFirst = List.of(ev(0, "ADM"), ev(1, "O"));
        assertEquals(-1, probe("null", "trigger", false, true, "any", triggerFirst), "no record start strictly before");
    }

    @Test
    void aNullEndRunsToTheLastEventOfTheRecord() {
        List<TimelineEvent> events = List.of(ev(-240, "X"), ev(0, "ADM"), ev(1, "O"), ev(2, "L"));
        assertEquals(3, probe("trigger", "null", true, true, "any", events));
        assertEquals(2, probe("trigger", "null", false, true, "any", events));
        assertEquals(2, probe("trigger", "null", true, false, "any", events));
        assertEquals(1, probe("trigger", "null", false, false, "any", events));
        List<TimelineEvent> triggerLast = List.of(ev(-240, "X"), ev(0, "ADM"));
        assertEquals(1, probe("trigger", "null", true, true, "any", triggerLast));
        assertEquals(-1, probe("trigger", "null", true, false, "any", triggerLast), "no record end strictly after");
    }

    @Test
    void aBoundEventThatNeverComesYieldsNoRow() {
        // Longitude drops the candidate; ACES leaves a null bound (aggregate.py fills counts with 0 and the
        // null child anchor never joins a child window, extract_subtree.py step 6).
        List<TimelineEvent> events = List.of(ev(-240, "X"), ev(0, "ADM"), ev(3, "O"));
        assertEquals(-1, probe("trigger", "start -> lab", false, true, "any", events));
    }

    // --- predicates and has constraints (predicates.py, constraints.py check_constraints).

    @Test
    void anyEventCountsDistinctTimesNotEvents() {
        // predicates.py groups a subject's rows by time before adding _ANY_EVENT (1 per time).
        List<TimelineEvent> events = List.of(ev(0, "ADM"), ev(0, "LAB"), ev(0, "A"), ev(5, "B"), ev(5, "LAB"));
        assertEquals(2, probe("trigger", "start + 24h", true, true, "_ANY_EVENT", events));
        assertEquals(2, probe("trigger", "start + 24h", true, true, "'*'", events));
        assertEquals(5, probe("trigger", "start + 24h", true, true, "any", events));
    }

    @Test
    void derivedPredicatesHoldPerTime() {
        // config.py DerivedPredicateConfig.eval_expr: and/or over the per-time counts, 0 or 1 per time.
        List<TimelineEvent> events = List.of(ev(0, "ADM"), ev(1, "A"), ev(1, "B"), ev(2, "A"), ev(3, "B"),
                ev(4, "A"), ev(4, "A"), ev(4, "B"));
        assertEquals(2, probe("trigger", "start + 24h", true, true, "a_and_b", events));
        assertEquals(4, probe("trigger", "start + 24h", true, true, "a_or_b", events));
        assertEquals(4, probe("trigger", "start + 24h", true, true, "a", events), "a plain predicate counts events");
    }

    @Test
    void openEndedConstraintsBoundOneSide() {
        List<TimelineEvent> two = List.of(ev(0, "ADM"), ev(1, "LAB"), ev(2, "LAB"));
        List<TimelineEvent> one = List.of(ev(0, "ADM"), ev(1, "LAB"));
        String atLeastTwo = window("trigger", "start + 24h", true, true, "lab: (2, None)");
        String atMostOne = window("trigger", "start + 24h", true, true, "lab: (None, 1)");
        assertEquals(1, extract(BASE + atLeastTwo, two).size());
        assertEquals(0, extract(BASE + atLeastTwo, one).size());
        assertEquals(0, extract(BASE + atMostOne, two).size());
        assertEquals(1, extract(BASE + atMostOne, one).size());
    }

    @Test
    void everyTriggerTimeIsOneCandidate() {
        // query.py: the trigger anchors are the (subject, time) rows where the trigger predicate is >= 1.
        List<TimelineEvent> events = List.of(ev(0, "ADM"), ev(0, "ADM"), ev(10, "ADM"), ev(20, "DEATH"), ev(20, "DEATH"));
        List<AcesSample> rows = extract(BASE, events);
        assertEquals(List.of(new AcesSample("s", at(0), at(0), 2), new AcesSample("s", at(10), at(10), 2)), rows);
        assertTrue(rows.get(0).label());
    }

    @Test
    void patientDemographicsMustMatchAStaticRow() {
        String task = BASE.replace("trigger: adm", """
                patient_demographics:
                  female:
                    code: GENDER//female
                trigger: adm""");
        assertEquals(1, extract(task, List.of(stat("GENDER//female"), ev(0, "ADM"))).size());
        assertEquals(0, extract(task, List.of(stat("GENDER//male"), ev(0, "ADM"))).size());
        assertEquals(0, extract(task, List.of(ev(-1, "GENDER//female"), ev(0, "ADM"))).size(), "a timed row is not static");
    }

    @Test
    void numericValueBoundsDecideWhichEventsCount() {
        String task = BASE.replace("trigger: adm", """
                  high_k:
                    code: LOINC//6298-4
                    value_min: 5.5
                    value_min_inclusive: false
                trigger: adm""").replace("label: death", "label: high_k");
        List<TimelineEvent> events = List.of(ev(0, "ADM"), ev(1, "LOINC//6298-4", 5.5), ev(2, "LOINC//6298-4", 5.8),
                ev(3, "LOINC//6298-4", null), ev(4, "LOINC//6298-4", 6.1));
        assertEquals(2, extract(task, events).get(0).labelCount());
    }

    /**
     * ACES's own end-to-end case (tests/test_meds.py: MEDS_SHARDS, the in-hospital mortality TASK_CFG and
     * WANT_SHARDS): of five subjects only 1 and 4 (identical timelines) yield a row, at 1991-01-28 23:32 with
     * label False. Subjects 2 and 3 are female, 6 has 3 times before T+24h (needs 5), each other admission of 1
     * and 4 has a discharge or death within 48 h.
     */
    @Test
    void acesEndToEndMortalityCaseGivesAcesRows() {
        AcesTask task = AcesTaskParser.parse("inhospital_mortality.yaml", """
                predicates:
                  admission:
                    code: {regex: ADMISSION.*}
                  discharge:
                    code: {regex: DISCHARGE.*}
                  death:
                    code: DEATH
                  discharge_or_death:
                    expr: or(discharge, death)
                patient_demographics:
                  male:
                    code: GENDER//MALE
                trigger: admission
                windows:
                  input:
                    start: NULL
                    end: trigger + 24h
                    start_inclusive: True
                    end_inclusive: True
                    has:
                      _ANY_EVENT: (5, None)
                    index_timestamp: end
                  gap:
                    start: trigger
                    end: start + 48h
                    start_inclusive: False
                    end_inclusive: True
                    has:
                      admission: (None, 0)
                      discharge_or_death: (None, 0)
                  target:
                    start: gap.end
                    end: start -> discharge_or_death
                    start_inclusive: False
                    end_inclusive: True
                    label: death
                """, null);
        AcesExtractor extractor = new AcesExtractor(task);
        assertEquals(List.of("trigger: admission", "patient_demographics: male",
                "input.start: end <- _RECORD_START found", "input: 5 <= _ANY_EVENT <= None",
                "gap: None <= admission <= 0", "gap: None <= discharge_or_death <= 0",
                "target.end: start -> discharge_or_death found"), extractor.attritionSteps());
        // subject 4: the 1989 and the March 1991 admissions see a discharge or death within 48 h (gap's
        // second constraint fails: last step passed 4); subject 6 has 3 times before T+24h (input fails: 2);
        // subject 2 is female (0).
        assertEquals(List.of(4, 6, 4), reached(extractor.outcomes("4", AcesMedsFixture.SUBJECTS.get("4"))));
        assertEquals(List.of(2), reached(extractor.outcomes("6", AcesMedsFixture.SUBJECTS.get("6"))));
        assertEquals(List.of(0, 0), reached(extractor.outcomes("2", AcesMedsFixture.SUBJECTS.get("2"))));
        List<AcesSample> rows = new ArrayList<>();
        AcesMedsFixture.SUBJECTS.forEach((subject, events) -> rows.addAll(extractor.extract(subject, events)));
        LocalDateTime prediction = LocalDateTime.of(1991, 1, 28, 23, 32);
        LocalDateTime trigger = LocalDateTime.of(1991, 1, 27, 23, 32);
        assertEquals(List.of(new AcesSample("4", prediction, trigger, 0), new AcesSample("1", prediction, trigger, 0)), rows);
    }

    private static List<Integer> reached(List<AcesOutcome> outcomes) {
        return outcomes.stream().map(AcesOutcome::reachedStep).toList();
    }

    private static int probe(String start, String end, boolean startInclusive, boolean endInclusive, String predicate,
                             List<TimelineEvent> events) {
        return count(window(start, end, startInclusive, endInclusive, predicate + ": (K, K)"), events);
    }

    private static String window(String start, String end, boolean startInclusive, boolean endInclusive, String has) {
        return "  probe:\n    start: " + start + "\n    end: " + end + "\n    start_inclusive: " + startInclusive
                + "\n    end_inclusive: " + endInclusive + "\n    has:\n      " + has + "\n";
    }

    /** The count k for which the window text (holding {@code (K, K)}) lets the trigger at T yield a row; -1 for none. */
    private static int count(String windows, List<TimelineEvent> events) {
        int found = -1;
        for (int k = 0; k <= 12; k++) {
            if (!extract(BASE + windows.replace("(K, K)", "(" + k + ", " + k + ")"), events).isEmpty()) {
                assertEquals(-1, found, "one count only");
                found = k;
            }
        }
        return found;
    }

    private static List<AcesSample> extract(String yaml, List<TimelineEvent> events) {
        return new AcesExtractor(AcesTaskParser.parse("probe.yaml", yaml, null)).extract("s", events);
    }

    private static LocalDateTime at(double hours) {
        return T.plusMinutes(Math.round(hours * 60));
    }

    private static TimelineEvent ev(double hours, String code) {
        return new TimelineEvent(at(hours), code, null);
    }

    private static TimelineEvent ev(double hours, String code, Double value) {
        return new TimelineEvent(at(hours), code, value);
    }

    private static TimelineEvent stat(String code) {
        return new TimelineEvent(null, code, null);
    }
}
