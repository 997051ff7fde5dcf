package io.longitude.cohort;


import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitSequence;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static io.longitude.cohort.TestPatients.SNOMED;
import static io.longitude.cohort.TestPatients.event;
import static io.longitude.cohort.TestPatients.patient;
import static io.longitude.cohort.TestPatients.task;
import static io.longitude.cohort.TestPatients.visit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Labels, attrition, feature windows (leakage), splits and vocabulary contributions of one patient. */
class PatientCohortTest {

    private static final Instant DATA_END = Instant.parse("2021-01-01T00:00:00Z");

    /** A vocabulary holding every token, so that samples can be decoded back to tokens. */
    private static Vocabulary everything(String... codes) {
        TreeMap<String, Long> tokens = new TreeMap<>();
        for (String code : codes) {
            tokens.put(SNOMED + "|" + code, 1L);
        }
        return Vocabulary.withOutOfVocabulary(tokens, 0);
    }

    private static List<Set<String>> decoded(CohortSample sample, Vocabulary vocabulary) {
        List<Set<String>> visits = new ArrayList<>();
        for (SampleVisit v : sample.getVisits()) {
            Set<String> codes = new TreeSet<>();
            v.getCodes().forEach(id -> codes.add(vocabulary.tokens().get(id).substring(SNOMED.length() + 1)));
            visits.add(codes);
        }
        return visits;
    }

    private static List<Integer> reached(PatientCohort cohort) {
        return cohort.outcomes().stream().map(CandidateOutcome::getReachedStep).toList();
    }

    @Test
    void readmissionLabelsFollowUpAndUnplannedRule() {
        VisitSequence p = patient("p", "1950-01-01", null,
                visit("s1", "IMP", "2020-01-01T10:00:00Z", "2020-01-05T10:00:00Z"),
                // planned chemotherapy stay 10 days after s1
                visit("s2", "IMP", "2020-01-15T10:00:00Z", "2020-01-16T10:00:00Z",
                        event("procedure", "2020-01-15T10:00:00Z", "367336001")),
                // unplanned stay 30 days after s2's end, exactly at the window's closed end
                visit("s3", "IMP", "2020-02-15T10:00:00Z", "2020-02-20T10:00:00Z"),
                // its 30-day window passes the data end, no readmission: excluded
                visit("s4", "IMP", "2020-12-20T10:00:00Z", "2020-12-21T10:00:00Z"));
        PatientCohort allCause = PatientCohort.of(p, task("readmission-30d"), DATA_END);
        assertEquals(List.of(4, 4, 4, 3), reached(allCause));
        assertEquals(List.of(1, 1, 0), allCause.outcomes().subList(0, 3).stream().map(CandidateOutcome::getLabel).toList());
        assertEquals(Boolean.TRUE, allCause.outcomes().get(0).getPlannedOnly());
        assertEquals(Boolean.FALSE, allCause.outcomes().get(1).getPlannedOnly());

        PatientCohort unplanned = PatientCohort.of(p, task("readmission-30d-unplanned"), DATA_END);
        assertEquals(List.of(0, 1, 0), unplanned.outcomes().subList(0, 3).stream().map(CandidateOutcome::getLabel).toList());

        PatientCohort week = PatientCohort.of(p, task("readmission-30d", "task.window-days=7"), DATA_END);
        assertEquals(List.of(0, 0, 0), week.outcomes().subList(0, 3).stream().map(CandidateOutcome::getLabel).toList());
    }

    @Test
    void readmissionDropsOpenStaysChildrenAndDeathsInThatOrder() {
        VisitSequence p = patient("p", "2005-06-01", "2020-11-02T00:00:00Z",
                visit("child", "IMP", "2020-01-01T10:00:00Z", "2020-01-05T10:00:00Z"),
                visit("open", "IMP", "2020-03-01T10:00:00Z", null),
                visit("adult", "IMP", "2023-07-01T10:00:00Z", "2023-07-02T10:00:00Z"),
                visit("died", "IMP", "2020-10-30T10:00:00Z", "2020-11-01T10:00:00Z"));
        PatientCohort cohort = PatientCohort.of(p, task("readmission-30d"), Instant.parse("2024-01-01T00:00:00Z"));
        // stays in start order: child, open (also a child, but open is checked first), died, adult
        assertEquals(List.of(1, 0, 1, 4), reached(cohort));
        PatientCohort grownUp = PatientCohort.of(patient("p", "1990-01-01", "2020-11-02T00:00:00Z",
                        p.getVisits().toArray(Visit[]::new)), task("readmission-30d"),
                Instant.parse("2024-01-01T00:00:00Z"));
        assertEquals(List.of(4, 0, 2, 4), reached(grownUp));
    }

    @Test
    void readmissionFeaturesStopAtDischarge() {
        VisitSequence p = patient("p", "1950-01-01", null,
                visit("before", "AMB", "2019-12-01T10:00:00Z", "2019-12-01T11:00:00Z",
                        event("condition", "2019-12-01T10:00:00Z", "1")),
                visit("s1", "IMP", "2020-01-01T10:00:00Z", "2020-01-05T10:00:00Z",
                        event("condition", "2020-01-01T10:00:00Z", "2"),
                        event("observation", "2020-01-05T10:00:00Z", "3")),
                visit("after", "AMB", "2020-01-06T10:00:00Z", "2020-01-06T11:00:00Z",
                        event("condition", "2020-01-06T10:00:00Z", "4")));
        Vocabulary vocabulary = everything("1", "2", "3", "4");
        List<CohortSample> samples = PatientCohort.of(p, task("readmission-30d"), DATA_END).samples(vocabulary, null);
        assertEquals(1, samples.size());
        assertEquals(List.of(Set.of("1"), Set.of("2", "3")), decoded(samples.get(0), vocabulary));
        assertEquals(Instant.parse("2020-01-05T10:00:00Z"), samples.get(0).getIndexTime());
        assertEquals(70, samples.get(0).getAgeAtIndex());
        assertNull(samples.get(0).getTargets());
    }

    @Test
    void mortalityAtAdmissionSeesEarlierVisitsAndOnlyTheIndexEncountersAdmissionInformation() {
        Visit index = visit("s1", "IMP", "2020-01-01T10:00:00Z", "2020-01-05T10:00:00Z",
                // Synthea stamps most of a stay's events with its start time
                event("condition", "2020-01-01T10:00:00Z", "22"),
                event("procedure", "2020-01-01T10:00:00Z", "23"),
                event("observation", "2020-01-02T09:00:00Z", "24"),
                event("observation", "2020-01-02T10:00:00Z", "25"),
                event("medication_request", null, "26"));
        index.setTypeCodes(List.of(SNOMED + "|21"));
        index.setReasonCodes(List.of(SNOMED + "|20"));
        VisitSequence p = patient("p", "1950-01-01", "2020-01-06T10:00:00Z",
                visit("before", "AMB", "2019-12-01T10:00:00Z", "2019-12-01T11:00:00Z",
                        event("condition", "2019-12-01T10:00:00Z", "1")),
                index,
                // a transfer 25 hours into the stay
                visit("s1b", "IMP", "2020-01-02T11:00:00Z", "2020-01-05T09:00:00Z",
                        event("condition", "2020-01-02T11:00:00Z", "27")));
        Vocabulary vocabulary = everything("1", "20", "21", "22", "23", "24", "25", "26", "27");

        List<CohortSample> atAdmission = PatientCohort.of(p, task("mortality-inhospital"), DATA_END)
                .samples(vocabulary, null);
        assertEquals(1, atAdmission.size());
        assertEquals(1, atAdmission.get(0).getLabel());
        assertEquals(List.of(Set.of("1"), Set.of("20", "21")), decoded(atAdmission.get(0), vocabulary));

        List<CohortSample> after24h = PatientCohort.of(p, task("mortality-inhospital", "task.offset-hours=24"),
                DATA_END).samples(vocabulary, null);
        assertEquals(Instant.parse("2020-01-02T10:00:00Z"), after24h.get(0).getIndexTime());
        assertEquals(List.of(Set.of("1"), Set.of("20", "21", "22", "23", "24", "26")),
                decoded(after24h.get(0), vocabulary), "events strictly before start + 24 h only");
    }

    @Test
    void mortalityWithAnOffsetDropsStaysThatEndedBeforeThePredictionTime() {
        VisitSequence p = patient("p", "1950-01-01", null,
                visit("short", "IMP", "2020-01-01T10:00:00Z", "2020-01-01T20:00:00Z"),
                visit("long", "IMP", "2020-02-01T10:00:00Z", "2020-02-05T10:00:00Z"),
                visit("open", "IMP", "2020-03-01T10:00:00Z", null));
        assertEquals(List.of(1, 1, 1), reached(PatientCohort.of(p, task("mortality-inhospital"), DATA_END)));
        assertEquals(List.of(1, 2, 2), reached(PatientCohort.of(p, task("mortality-inhospital", "task.offset-hours=24"),
                DATA_END)));
    }

    @Test
    void nextVisitTargetsAreEachAdultVisitsConditions() {
        VisitSequence p = patient("p", "2000-01-01", null,
                visit("child", "AMB", "2017-01-01T10:00:00Z", "2017-01-01T11:00:00Z",
                        event("condition", "2017-01-01T10:00:00Z", "9")),
                visit("v1", "AMB", "2019-01-01T10:00:00Z", "2019-01-01T11:00:00Z",
                        event("condition", "2019-01-01T10:00:00Z", "1"),
                        event("observation", "2019-01-01T10:00:00Z", "2")),
                visit("v2", "EMER", "2019-06-01T10:00:00Z", "2019-06-01T11:00:00Z",
                        event("condition", "2019-06-01T10:00:00Z", "3"),
                        event("condition", "2019-06-01T10:00:00Z", "4")));
        Vocabulary vocabulary = everything("1", "2", "3", "4", "9");
        TreeMap<String, Long> top = new TreeMap<>();
        top.put(SNOMED + "|3", 7L);
        top.put(SNOMED + "|1", 5L);
        Vocabulary targets = Vocabulary.closed(top);
        List<CohortSample> samples = PatientCohort.of(p, task("next-visit-dx"), DATA_END).samples(vocabulary, targets);
        assertEquals(1, samples.size());
        CohortSample s = samples.get(0);
        assertEquals(List.of(Set.of("1", "2"), Set.of("3", "4")), decoded(s, vocabulary));
        assertEquals(List.of(List.of(0), List.of(1)), s.getTargets(), "ids in the target vocabulary, 4 is not in it");
        assertNull(s.getLabel());
        assertEquals("v2", s.getIndexEncounterKey());
        assertEquals(List.of(0), reached(PatientCohort.of(patient("q", "2010-01-01", null, p.getVisits().toArray(
                Visit[]::new)), task("next-visit-dx"), DATA_END)));
    }

    @Test
    void numericFeaturesAndTheVisitCap() {
        VisitSequence p = patient("p", "1950-01-01", null,
                visit("a", "AMB", "2019-12-01T10:00:00Z", "2019-12-01T11:00:00Z"),
                visit("b", "EMER", "2019-12-11T10:00:00Z", "2019-12-11T11:00:00Z",
                        event("condition", "2019-12-11T10:00:00Z", "5")),
                visit("s1", "IMP", "2019-12-31T10:00:00Z", "2020-01-05T10:00:00Z"));
        List<CohortSample> capped = PatientCohort.of(p, task("readmission-30d", "task.features.max-visits=2"), DATA_END)
                .samples(everything(), null);
        List<SampleVisit> visits = capped.get(0).getVisits();
        assertEquals(2, visits.size());
        assertEquals(2, capped.get(0).getVisitCount());
        List<Float> emergency = visits.get(0).getNumeric();
        assertEquals(VisitTokeniser.NUMERIC_FEATURES.size(), emergency.size());
        assertEquals((float) Math.log1p(10), emergency.get(0), 1e-6, "gap to the visit cut by the cap");
        assertEquals(69.94f, emergency.get(1), 0.01f);
        assertEquals(List.of(0f, 1f, 0f), emergency.subList(2, 5));
        assertEquals(List.of(1f, 0f, 0f), visits.get(1).getNumeric().subList(2, 5));
        assertEquals(List.of(0), visits.get(0).getCodes(), "unknown tokens map to the out-of-vocabulary id");
    }

    @Test
    void onlyTrainingPatientsContributeVocabularyTokensAndOnlyFromTheirFeatureWindows() {
        TaskConfig config = task("readmission-30d");
        SplitAssigner splits = new SplitAssigner(config);
        String train = IntStream.range(0, 100).mapToObj(i -> "patient-" + i)
                .filter(k -> splits.split(k, null).equals(SplitAssigner.TRAIN)).findFirst().orElseThrow();
        String test = IntStream.range(0, 100).mapToObj(i -> "patient-" + i)
                .filter(k -> splits.split(k, null).equals(SplitAssigner.TEST)).findFirst().orElseThrow();
        Visit[] visits = {
                visit("s1", "IMP", "2020-01-01T10:00:00Z", "2020-01-05T10:00:00Z",
                        event("condition", "2020-01-01T10:00:00Z", "1")),
                visit("s2", "IMP", "2020-03-01T10:00:00Z", "2020-03-05T10:00:00Z",
                        event("condition", "2020-03-01T10:00:00Z", "1"),
                        event("condition", "2020-03-01T10:00:00Z", "2")),
                // after the last sample's discharge (its 30 days pass the data end: no sample)
                visit("s3", "IMP", "2020-12-20T10:00:00Z", "2020-12-21T10:00:00Z",
                        event("condition", "2020-12-20T10:00:00Z", "3"))};
        PatientCohort trainCohort = PatientCohort.of(patient(train, "1950-01-01", null, visits), config, DATA_END);
        assertEquals(List.of(SNOMED + "|1", SNOMED + "|1", SNOMED + "|2"), trainCohort.trainingTokens(ValueBins.NONE));
        assertTrue(PatientCohort.of(patient(test, "1950-01-01", null, visits), config, DATA_END)
                .trainingTokens(ValueBins.NONE).isEmpty());
        assertEquals(List.of("train", "train"), trainCohort.samples(everything(), null).stream()
                .map(CohortSample::getSplit).toList());
    }

    @Test
    void sampleIdsAreStableAndNameTaskPatientAndIndexEncounter() {
        assertEquals(PatientCohort.sampleId("readmission-30d", "p", "e"), PatientCohort.sampleId("readmission-30d", "p", "e"));
        assertNotEquals(PatientCohort.sampleId("readmission-30d", "p", "e"), PatientCohort.sampleId("mortality-inhospital", "p", "e"));
        assertNotEquals(PatientCohort.sampleId("readmission-30d", "p", "e"), PatientCohort.sampleId("readmission-30d", "p", "f"));
        assertEquals(32, PatientCohort.sampleId("t", "p", "e").length());
    }
}
