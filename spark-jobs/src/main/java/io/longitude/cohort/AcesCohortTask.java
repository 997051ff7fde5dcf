package io.longitude.cohort;

import io.longitude.cohort.aces.AcesExtractor;
import io.longitude.cohort.aces.AcesOutcome;
import io.longitude.cohort.aces.AcesSample;
import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitSequence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@code aces} task's candidates: what {@link AcesExtractor} made of the patient's MEDS timeline, one
 * candidate per trigger time with the attrition step it reached. A sample sees every event strictly before its
 * prediction time (the ACES index timestamp) and is named by the encounter starting at its trigger time, or
 * {@code aces@<trigger time>} when none does. After the extractor's steps comes Longitude's own: a sequence model
 * needs at least one visit starting before the prediction time (ACES has no such rule: an outpatient visit that
 * is a patient's first encounter is an ACES row with an empty history, and no sample here).
 */
final class AcesCohortTask implements CohortTask {

    static final String VISIT_BEFORE_PREDICTION = "a visit before the prediction time";

    private final List<String> steps;
    private final List<AcesOutcome> outcomes;
    private final boolean labelled;

    /** A cohort's candidates: {@code outcomes} are {@link AcesExtractor#outcomes}. */
    static AcesCohortTask labelled(TaskConfig config, List<AcesOutcome> outcomes) {
        return new AcesCohortTask(labelledSteps(config), outcomes, true);
    }

    /** Open events as of an instant, without labels: {@code outcomes} are {@link AcesExtractor#openOutcomes}. */
    static AcesCohortTask open(TaskConfig config, List<AcesOutcome> outcomes) {
        return new AcesCohortTask(openSteps(config), outcomes, false);
    }

    static List<String> labelledSteps(TaskConfig config) {
        return withVisitStep(new AcesExtractor(config.acesTask()).attritionSteps());
    }

    static List<String> openSteps(TaskConfig config) {
        return withVisitStep(new AcesExtractor(config.acesTask()).openAttritionSteps());
    }

    private static List<String> withVisitStep(List<String> extractorSteps) {
        List<String> steps = new ArrayList<>(extractorSteps);
        steps.add(VISIT_BEFORE_PREDICTION);
        return List.copyOf(steps);
    }

    private AcesCohortTask(List<String> steps, List<AcesOutcome> outcomes, boolean labelled) {
        this.steps = steps;
        this.outcomes = outcomes;
        this.labelled = labelled;
    }

    @Override
    public List<String> attritionSteps() {
        return steps;
    }

    @Override
    public List<Candidate> candidates(VisitSequence patient, List<Visit> visits, Instant dataEnd) {
        List<Candidate> candidates = new ArrayList<>(outcomes.size());
        for (AcesOutcome outcome : outcomes) {
            AcesSample sample = outcome.sample();
            if (sample == null) {
                candidates.add(Candidate.dropped(outcome.reachedStep()));
                continue;
            }
            Instant index = sample.predictionTime().toInstant(ZoneOffset.UTC);
            FeatureWindow window = FeatureWindow.before(index, null);
            if (visits.stream().noneMatch(window::admitsVisit)) {
                candidates.add(Candidate.dropped(outcome.reachedStep()));
                continue;
            }
            Instant trigger = sample.triggerTime().toInstant(ZoneOffset.UTC);
            String indexKey = visits.stream().filter(v -> v.getStart().equals(trigger)).map(Visit::getEncounterKey)
                    .findFirst().orElse("aces@" + trigger);
            candidates.add(new Candidate(outcome.reachedStep() + 1, indexKey, index,
                    Ages.wholeYears(patient.getBirthDate(), index), labelled ? (sample.label() ? 1 : 0) : null,
                    window, false, null));
        }
        return candidates;
    }
}
