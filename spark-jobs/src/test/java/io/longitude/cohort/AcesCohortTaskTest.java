package io.longitude.cohort;

import io.longitude.cohort.aces.AcesExtractor;
import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitSequence;
import io.longitude.jobs.testing.TestData;
import io.longitude.meds.MedsSubjects;
import io.longitude.meds.MedsTimeline;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.longitude.cohort.TestPatients.SNOMED;
import static io.longitude.cohort.TestPatients.event;
import static io.longitude.cohort.TestPatients.patient;
import static io.longitude.cohort.TestPatients.task;
import static io.longitude.cohort.TestPatients.visit;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An ACES task's samples, built as CohortJob builds them (the patient's MEDS timeline through the extractor):
 * the label and prediction time are the config's, every feature event is strictly before the prediction time, and
 * a candidate without a visit before its prediction time is no sample.
 */
class AcesCohortTaskTest {

    private static final Instant DATA_END = Instant.parse("2021-01-01T00:00:00Z");

    @Test
    void samplesSeeOnlyEventsStrictlyBeforeTheirPredictionTime() {
        TaskConfig config = task(TestData.repositoryRoot().resolve("conf/tasks/aces/mortality-inhospital-aces.yaml").toString());
        Visit index = visit("s1", "IMP", "2020-01-01T10:00:00Z", "2020-01-05T10:00:00Z",
                event("condition", "2020-01-01T10:00:00Z", "22"),
                event("observation", "2020-01-02T10:00:00Z", "23"));
        index.setTypeCodes(List.of(SNOMED + "|21"));
        VisitSequence p = patient("p", "1950-01-01", "2020-01-03T00:00:00Z",
                visit("before", "AMB", "2019-12-01T10:00:00Z", "2019-12-01T11:00:00Z",
                        event("condition", "2019-12-01T10:00:00Z", "1"),
                        event("condition", "2020-01-01T09:59:59Z", "2")),
                index,
                // no discharge yet: the ACES bound 'start -> inpatient_discharge' is not found, no sample
                visit("open", "IMP", "2020-06-01T10:00:00Z", null));
        PatientCohort cohort = cohort(p, config);

        // Steps: the trigger, input.start and target.end found, a visit before the prediction time.
        assertEquals(List.of(3, 1), cohort.outcomes().stream().map(CandidateOutcome::getReachedStep).toList());
        TreeMap<String, Long> tokens = new TreeMap<>();
        for (String code : List.of("1", "2", "21", "22", "23")) {
            tokens.put(SNOMED + "|" + code, 1L);
        }
        Vocabulary vocabulary = Vocabulary.withOutOfVocabulary(tokens, 0);
        List<CohortSample> samples = cohort.samples(vocabulary, null);
        assertEquals(1, samples.size());
        CohortSample sample = samples.get(0);
        assertEquals(Instant.parse("2020-01-01T10:00:00Z"), sample.getIndexTime());
        assertEquals("s1", sample.getIndexEncounterKey());
        assertEquals(1, sample.getLabel(), "died before the discharge");
        List<Set<String>> visits = new ArrayList<>();
        for (SampleVisit v : sample.getVisits()) {
            Set<String> codes = new TreeSet<>();
            v.getCodes().forEach(id -> codes.add(vocabulary.tokens().get(id).substring(SNOMED.length() + 1)));
            visits.add(codes);
        }
        assertEquals(List.of(Set.of("1", "2")), visits, "nothing of the index stay, which starts at the prediction time");
    }

    @Test
    void aCandidateWithNoVisitBeforeItsPredictionTimeIsNoSample() {
        TaskConfig config = task(TestData.repositoryRoot().resolve("conf/tasks/aces/mortality-inhospital-aces.yaml").toString());
        VisitSequence p = patient("p", "1950-01-01", null,
                visit("first", "IMP", "2020-01-01T10:00:00Z", "2020-01-05T10:00:00Z",
                        event("condition", "2020-01-01T10:00:00Z", "22")),
                visit("second", "IMP", "2020-03-01T10:00:00Z", "2020-03-02T10:00:00Z"));
        PatientCohort cohort = cohort(p, config);
        List<String> steps = PatientCohort.attritionSteps(config);
        assertEquals(AcesCohortTask.VISIT_BEFORE_PREDICTION, steps.get(3));
        assertEquals(List.of(2, 3), cohort.outcomes().stream().map(CandidateOutcome::getReachedStep).toList());
        assertEquals(List.of("second"), cohort.samples(Vocabulary.withOutOfVocabulary(new TreeMap<>(), 0), null).stream()
                .map(CohortSample::getIndexEncounterKey).toList());
    }

    private static PatientCohort cohort(VisitSequence p, TaskConfig config) {
        return PatientCohort.ofAces(p, config, DATA_END, new AcesExtractor(config.acesTask())
                .outcomes(p.getPatientKey(), MedsTimeline.acesEvents(p, MedsSubjects.splitBy(List.of(config)))));
    }
}
