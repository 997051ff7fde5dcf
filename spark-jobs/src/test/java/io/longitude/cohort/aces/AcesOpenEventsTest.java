package io.longitude.cohort.aces;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Open events of an ACES task as of an instant T ({@link AcesExtractor#openOutcomes}), on small constructed
 * timelines with every expected row worked out by hand. The timeline given is the one known at T (what the as-of
 * view leaves: nothing after T); {@link #seenAt} cuts a whole history there.
 */
class AcesOpenEventsTest {

    private static final LocalDateTime T = LocalDateTime.of(2020, 6, 15, 12, 0);
    private static final Duration MAX_OPEN = Duration.ofHours(720);

    /** In-hospital death at 24 h with a 24-hour gap (the shape of mortality-inhospital-24h-aces.yaml). */
    private static final String MORTALITY = """
            predicates:
              adm: { code: ADM }
              dis: { code: DIS }
              death: { code: DEATH }
              dis_or_death: { expr: "or(dis, death)" }
            trigger: adm
            windows:
              input: { start: null, end: trigger + 24h, start_inclusive: true, end_inclusive: false, index_timestamp: end }
              first_day:
                start: trigger
                end: start + 24h
                start_inclusive: true
                end_inclusive: true
                has: { dis_or_death: "(None, 0)" }
              gap:
                start: input.end
                end: start + 24h
                start_inclusive: false
                end_inclusive: true
                has: { dis_or_death: "(None, 0)" }
              target: { start: gap.end, end: start -> dis_or_death, start_inclusive: false, end_inclusive: true, label: death }
            """;

    /** 30-day readmission at discharge (the shape of readmission-30d-aces.yaml). */
    private static final String READMISSION = """
            predicates:
              adm: { code: ADM }
              dis: { code: DIS }
              death: { code: DEATH }
            trigger: dis
            windows:
              stay:
                start: end <- adm
                end: trigger
                start_inclusive: true
                end_inclusive: true
                has: { death: "(None, 0)" }
              input: { start: null, end: trigger, start_inclusive: true, end_inclusive: false, index_timestamp: end }
              target: { start: input.end, end: start + 30d, start_inclusive: false, end_inclusive: true, label: adm }
            """;

    /** A prediction 24 h after admission that needs a lab in the first day, and one in the day after (the future). */
    private static final String LAB_REQUIRED = """
            predicates:
              adm: { code: ADM }
              lab: { code: LAB }
              death: { code: DEATH }
            trigger: adm
            windows:
              input: { start: null, end: trigger + 24h, start_inclusive: true, end_inclusive: true, index_timestamp: end }
              first_day: { start: trigger, end: start + 24h, start_inclusive: true, end_inclusive: true, has: { lab: "(1, None)" } }
              next_day:
                start: input.end
                end: start + 24h
                start_inclusive: false
                end_inclusive: true
                has: { lab: "(1, None)" }
              target: { start: next_day.end, end: start + 7d, start_inclusive: false, end_inclusive: true, label: death }
            """;

    @Test
    void attritionRowsAreTheTriggerThePredictionTimeTheHistoryWindowsTheOpenOutcomeAndStaleness() {
        assertEquals(List.of("trigger: adm", AcesExtractor.PREDICTION_REACHED,
                        "input.start: end <- _RECORD_START found", "first_day: None <= dis_or_death <= 0",
                        AcesExtractor.OUTCOME_OPEN, AcesExtractor.NOT_STALE),
                extractor(MORTALITY).openAttritionSteps());
        assertEquals(List.of("trigger: dis", AcesExtractor.PREDICTION_REACHED, "stay.start: end <- adm found",
                        "stay: None <= death <= 0", "input.start: end <- _RECORD_START found",
                        AcesExtractor.OUTCOME_OPEN, AcesExtractor.NOT_STALE),
                extractor(READMISSION).openAttritionSteps());
    }

    @Test
    void aStayPastItsPredictionTimeWithNothingDecidedIsOpenAndBecomesTheCohortsSampleLater() {
        // Admitted 30 h before T: prediction at T − 6 h; no discharge in the first day; the gap (T − 6 h, T + 18 h]
        // and the target have not happened. Open. Death at T + 100 h: the cohort later labels it 1 at T − 6 h.
        List<TimelineEvent> history = List.of(ev(-500, "OTHER"), ev(-30, "ADM"), ev(100, "DEATH"));
        List<AcesOutcome> open = open(MORTALITY, seenAt(history, 0), 0);
        assertEquals(List.of("kept"), fates(MORTALITY, open));
        assertEquals(new AcesSample("s", at(-6), at(-30), 0), open.get(0).sample());
        assertEquals(List.of(new AcesSample("s", at(-6), at(-30), 1)), extractor(MORTALITY).extract("s", history));
    }

    @Test
    void triggersAfterTheInstantAreUnseenAndAPredictionTimeAfterItIsNotReached() {
        // Admissions at T − 12 h (prediction T + 12 h: not reached) and T + 1 h (not known at T: no candidate).
        List<TimelineEvent> history = List.of(ev(-12, "ADM"), ev(1, "ADM"));
        assertEquals(List.of(AcesExtractor.PREDICTION_REACHED), fates(MORTALITY, open(MORTALITY, seenAt(history, 0), 0)));
        // 13 h later both are seen: the first is open (prediction T + 12 h ≤ T + 13 h), the second not yet.
        assertEquals(List.of("kept", AcesExtractor.PREDICTION_REACHED),
                fates(MORTALITY, open(MORTALITY, seenAt(history, 13), 13)));
    }

    @Test
    void aWindowEndingByThePredictionTimeIsJudgedOnlyOnceItHasEnded() {
        // The first day needs a lab. A stay admitted at T − 264 h has none: it fails the first day. The stay
        // admitted at T − 24 h has its lab at T − 4 h: as of T − 10 h its first day is incomplete and has no lab
        // yet, so it is not judged (prediction time T not reached) rather than dropped; as of T it passes.
        List<TimelineEvent> history = List.of(ev(-264, "ADM"), ev(-24, "ADM"), ev(-4, "LAB"));
        assertEquals(List.of("first_day: 1 <= lab <= None", AcesExtractor.PREDICTION_REACHED),
                fates(LAB_REQUIRED, open(LAB_REQUIRED, seenAt(history, -10), -10)));
        assertEquals(List.of("first_day: 1 <= lab <= None", "kept"),
                fates(LAB_REQUIRED, open(LAB_REQUIRED, seenAt(history, 0), 0)));
    }

    @Test
    void aWindowAfterThePredictionTimeIsTheFutureItsMinimumNotRequiredYet() {
        // next_day (T, T + 24 h] needs a lab that has not come by T: the cohort may still keep this sample.
        List<TimelineEvent> history = List.of(ev(-24, "ADM"), ev(-20, "LAB"));
        assertEquals(List.of("kept"), fates(LAB_REQUIRED, open(LAB_REQUIRED, history, 0)));
    }

    @Test
    void anOutcomeAlreadyDecidedAtTheInstantIsHistoryNotAnOpenEvent() {
        List<TimelineEvent> history = List.of(
                // admitted T − 100 h, discharged T − 40 h (in the target window, which it closes): closed.
                ev(-100, "ADM"), ev(-40, "DIS"),
                // admitted T − 200 h, discharged T − 160 h: inside the gap (T − 176 h, T − 152 h], which allows no
                // discharge: it can never be a sample.
                ev(-200, "ADM"), ev(-160, "DIS"),
                // admitted T − 300 h, died T − 250 h in the target window: the label is known.
                ev(-300, "ADM"), ev(-250, "DEATH"));
        assertEquals(List.of(AcesExtractor.OUTCOME_OPEN, AcesExtractor.OUTCOME_OPEN, AcesExtractor.OUTCOME_OPEN),
                fates(MORTALITY, open(MORTALITY, history, 0)));
    }

    @Test
    void aDischargeInTheFirstDayFailsItsHistoryWindow() {
        List<TimelineEvent> history = List.of(ev(-30, "ADM"), ev(-20, "DIS"));
        assertEquals(List.of("first_day: None <= dis_or_death <= 0"), fates(MORTALITY, open(MORTALITY, history, 0)));
    }

    @Test
    void anOpenEventTriggeredLongerAgoThanTheCapIsStale() {
        // Admitted 721 h before T, never discharged: open by every window, but stale data.
        List<TimelineEvent> history = List.of(ev(-721, "ADM"), ev(-719, "ADM"));
        assertEquals(List.of(AcesExtractor.NOT_STALE, "kept"), fates(MORTALITY, open(MORTALITY, history, 0)));
    }

    @Test
    void aDischargeIsOpenUntilItsThirtyDaysCloseOrTheReadmissionComes() {
        List<TimelineEvent> history = List.of(
                // discharged T − 10 d: open, prediction at the discharge.
                ev(-15 * 24, "ADM"), ev(-10 * 24, "DIS"),
                // discharged T − 31 d: its 30 days closed at T − 1 d (and hold the admission at T − 15 d).
                ev(-35 * 24, "ADM"), ev(-31 * 24, "DIS"),
                // discharged T − 60 d, readmitted T − 45 d (ADM at −45 d), discharged T − 40 d: the first outcome is
                // decided and closed; the second (T − 40 d) is closed too.
                ev(-65 * 24, "ADM"), ev(-60 * 24, "DIS"), ev(-45 * 24, "ADM"), ev(-40 * 24, "DIS"),
                // discharged T − 98 d after a death in the stay: dropped by the stay window.
                ev(-100 * 24, "ADM"), ev(-99 * 24, "DEATH"), ev(-98 * 24, "DIS"));
        List<AcesOutcome> outcomes = open(READMISSION, history, 0);
        assertEquals(List.of("stay: None <= death <= 0", AcesExtractor.OUTCOME_OPEN, AcesExtractor.OUTCOME_OPEN,
                AcesExtractor.OUTCOME_OPEN, "kept"), fates(READMISSION, outcomes));
        assertEquals(at(-10 * 24), outcomes.get(4).sample().predictionTime());
        // A readmission 2 days ago decides the T − 10 d discharge (label already 1).
        List<TimelineEvent> readmitted = new ArrayList<>(history);
        readmitted.add(ev(-2 * 24, "ADM"));
        assertEquals(AcesExtractor.OUTCOME_OPEN, fates(READMISSION, open(READMISSION, readmitted, 0)).get(4));
    }

    /** Per candidate, in trigger order: "kept", or the attrition step it failed. */
    private static List<String> fates(String yaml, List<AcesOutcome> outcomes) {
        List<String> steps = extractor(yaml).openAttritionSteps();
        return outcomes.stream().map(o -> o.sample() != null ? "kept" : steps.get(o.reachedStep() + 1)).toList();
    }

    private static List<AcesOutcome> open(String yaml, List<TimelineEvent> visible, double asOfHours) {
        return extractor(yaml).openOutcomes("s", visible, at(asOfHours), MAX_OPEN);
    }

    private static AcesExtractor extractor(String yaml) {
        return new AcesExtractor(AcesTaskParser.parse("open.yaml", yaml, null));
    }

    /** What is known of {@code history} at T + hours: nothing after it. */
    private static List<TimelineEvent> seenAt(List<TimelineEvent> history, double hours) {
        return history.stream().filter(e -> !e.time().isAfter(at(hours))).toList();
    }

    private static LocalDateTime at(double hours) {
        return T.plusMinutes(Math.round(hours * 60));
    }

    private static TimelineEvent ev(double hours, String code) {
        return new TimelineEvent(at(hours), code, null);
    }
}
