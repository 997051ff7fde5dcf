package io.longitude.cohort;

import io.longitude.fhir.VisitSequence;
import io.longitude.scoring.AsOfView;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.longitude.cohort.TestPatients.event;
import static io.longitude.cohort.TestPatients.patient;
import static io.longitude.cohort.TestPatients.task;
import static io.longitude.cohort.TestPatients.visit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The as-of view and the open index events of each task on small constructed patients. */
class OpenEventsTest {

    private static final Duration MAX_OPEN = Duration.ofHours(720);
    private static final Duration LOOKBACK = Duration.ofDays(365);
    private static final Vocabulary VOCABULARY = Vocabulary.withOutOfVocabulary(new TreeMap<>(Map.of(
            TestPatients.SNOMED + "|before", 1L, TestPatients.SNOMED + "|after", 1L)), 0);

    private static List<Integer> reached(VisitSequence p, TaskConfig config, String asOf) {
        return OpenEvents.of(AsOfView.of(p, Instant.parse(asOf)), config, Instant.parse(asOf), MAX_OPEN, LOOKBACK)
                .outcomes().stream().map(CandidateOutcome::getReachedStep).toList();
    }

    private static List<CohortSample> samples(VisitSequence p, TaskConfig config, String asOf) {
        return OpenEvents.of(AsOfView.of(p, Instant.parse(asOf)), config, Instant.parse(asOf), MAX_OPEN, LOOKBACK)
                .samples(VOCABULARY, null);
    }

    @Test
    void theViewForgetsWhatHappenedAfterTheInstant() {
        VisitSequence p = patient("p", "1950-01-01", "2020-01-04T00:00:00Z",
                visit("a", "IMP", "2020-01-01T00:00:00Z", "2020-01-03T00:00:00Z",
                        event("condition", "2020-01-01T12:00:00Z", "before"),
                        event("condition", "2020-01-02T12:00:00Z", "after")),
                visit("b", "AMB", "2020-01-05T00:00:00Z", "2020-01-05T01:00:00Z"));
        p.getVisits().get(0).setDischargeDisposition("http://terminology.hl7.org/CodeSystem/discharge-disposition|exp");
        VisitSequence view = AsOfView.of(p, Instant.parse("2020-01-02T00:00:00Z"));
        assertEquals(1, view.getVisits().size());
        assertNull(view.getVisits().get(0).getEnd());
        assertNull(view.getVisits().get(0).getDischargeDisposition());
        assertNull(view.getDeathTime());
        assertEquals(1, view.getVisits().get(0).getEvents().size());
        assertEquals(2, p.getVisits().get(0).getEvents().size(), "the input is left as it was");
    }

    @Test
    void mortalityScoresOpenAdultStaysOnceTheOffsetHasPassedAndNotStaleOnes() {
        TaskConfig config = task("mortality-inhospital", "task.offset-hours=24");
        VisitSequence p = patient("p", "1950-01-01", null,
                visit("old", "IMP", "2019-01-01T00:00:00Z", null),
                visit("now", "IMP", "2020-03-01T00:00:00Z", "2020-03-10T00:00:00Z",
                        event("condition", "2020-03-01T12:00:00Z", "before"),
                        event("condition", "2020-03-02T12:00:00Z", "after")));
        // 12 h after admission the prediction time is not reached; 36 h after it is; the 2019 stay is stale.
        assertEquals(List.of(4, 1), reached(p, config, "2020-03-01T12:00:00Z"));
        assertEquals(List.of(4, 5), reached(p, config, "2020-03-02T12:00:00Z"));
        // Discharged by then: nothing open.
        assertEquals(List.of(4, 0), reached(p, config, "2020-03-11T00:00:00Z"));
        CohortSample open = samples(p, config, "2020-03-02T12:00:00Z").get(0);
        assertEquals(Instant.parse("2020-03-02T00:00:00Z"), open.getIndexTime());
        assertEquals("now", open.getIndexEncounterKey());
        assertEquals("open", open.getSplit());
        assertNull(open.getLabel());
        // The index stay shows only what happened before the prediction time.
        assertEquals(List.of(VOCABULARY.id(TestPatients.SNOMED + "|before")), open.getVisits().get(1).getCodes());
        VisitSequence dead = patient("d", "1950-01-01", "2020-03-02T00:00:00Z",
                visit("now", "IMP", "2020-03-01T00:00:00Z", null));
        assertEquals(List.of(3), reached(dead, config, "2020-03-02T12:00:00Z"));
        assertEquals(List.of(5), reached(dead, task("mortality-inhospital"), "2020-03-01T23:59:59Z"),
                "before the death is known, the stay is an open event");
    }

    @Test
    void readmissionScoresRecentDischargesWhoseOutcomeIsStillOpen() {
        TaskConfig config = task("readmission-30d");
        VisitSequence p = patient("p", "1950-01-01", null,
                visit("first", "IMP", "2020-01-01T00:00:00Z", "2020-01-05T00:00:00Z"),
                visit("second", "IMP", "2020-01-20T00:00:00Z", "2020-01-22T00:00:00Z"));
        // As of Jan 10 the first stay is discharged 5 days ago, the second does not exist yet.
        assertEquals(List.of(6), reached(p, config, "2020-01-10T00:00:00Z"));
        // As of Jan 21 the first is readmitted (outcome known) and the second still open.
        assertEquals(List.of(5, 0), reached(p, config, "2020-01-21T00:00:00Z"));
        // As of Feb 10 the first is out of the window; the second was discharged 19 days ago.
        assertEquals(List.of(1, 6), reached(p, config, "2020-02-10T00:00:00Z"));
        CohortSample s = samples(p, config, "2020-02-10T00:00:00Z").get(0);
        assertEquals(Instant.parse("2020-01-22T00:00:00Z"), s.getIndexTime());
        assertEquals("second", s.getIndexEncounterKey());
        VisitSequence child = patient("c", "2010-01-01", null,
                visit("first", "IMP", "2020-01-01T00:00:00Z", "2020-01-05T00:00:00Z"));
        assertEquals(List.of(2), reached(child, config, "2020-01-10T00:00:00Z"));
    }

    @Test
    void nextVisitScoresPatientsSeenWithinTheLookbackAtTheAsOfInstant() {
        TaskConfig config = task("next-visit-dx");
        VisitSequence p = patient("p", "1950-01-01", null,
                visit("a", "AMB", "2019-01-01T00:00:00Z", "2019-01-01T01:00:00Z"),
                visit("b", "AMB", "2020-01-01T00:00:00Z", "2020-01-01T01:00:00Z"));
        assertEquals(List.of(2), reached(p, config, "2020-06-01T00:00:00Z"));
        assertEquals(List.of(1), reached(p, config, "2021-06-01T00:00:00Z"));
        CohortSample s = OpenEvents.of(AsOfView.of(p, Instant.parse("2020-06-01T00:00:00Z")), config,
                Instant.parse("2020-06-01T00:00:00Z"), MAX_OPEN, LOOKBACK).samples(VOCABULARY, Vocabulary.closed(new TreeMap<>()))
                .get(0);
        assertEquals(Instant.parse("2020-06-01T00:00:00Z"), s.getIndexTime());
        assertEquals(2, s.getVisits().size());
        assertTrue(s.getTargets() != null);
    }
}
