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
 * {@code aces@<trigger time>} when none does.
 */
final class AcesCohortTask implements CohortTask {

    private final List<String> steps;
    private final List<AcesOutcome> outcomes;
    private final boolean labelled;

    /** A cohort's candidates: {@code outcomes} are {@link AcesExtractor#outcomes}. */
    static AcesCohortTask labelled(TaskConfig config, List<AcesOutcome> outcomes) {
        return new AcesCohortTask(new AcesExtractor(config.acesTask()).attritionSteps(), outcomes, true);
    }

    /** Open events as of an instant, without labels: {@code outcomes} are {@link AcesExtractor#openOutcomes}. */
    static AcesCohortTask open(TaskConfig config, List<AcesOutcome> outcomes) {
        return new AcesCohortTask(new AcesExtractor(config.acesTask()).openAttritionSteps(), outcomes, false);
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
            Instant trigger = sample.triggerTime().toInstant(ZoneOffset.UTC);
            String indexKey = visits.stream().filter(v -> v.getStart().equals(trigger)).map(Visit::getEncounterKey)
                    .findFirst().orElse("aces@" + trigger);
            candidates.add(new Candidate(outcome.reachedStep(), indexKey, index,
                    Ages.wholeYears(patient.getBirthDate(), index), labelled ? (sample.label() ? 1 : 0) : null,
                    FeatureWindow.before(index, null), false, null));
        }
        return candidates;
    }
}
