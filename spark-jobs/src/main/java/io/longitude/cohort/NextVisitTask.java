package io.longitude.cohort;

import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitSequence;

import java.time.Instant;
import java.util.List;

/**
 * Diagnoses of the next visit: one sample per adult patient with at least two visits at adult age,
 * made of those visits, each carrying the condition codes recorded at it (the models predict visit
 * t + 1's codes at step t).
 */
final class NextVisitTask implements CohortTask {

    static final List<String> STEPS = List.of("all patients", "adult patients", "at least two adult visits");

    private final TaskConfig config;

    NextVisitTask(TaskConfig config) {
        this.config = config;
    }

    @Override
    public List<String> attritionSteps() {
        return STEPS;
    }

    @Override
    public List<Candidate> candidates(VisitSequence patient, List<Visit> visits, Instant dataEnd) {
        List<Visit> adult = visits.stream()
                .filter(v -> Ages.wholeYears(patient.getBirthDate(), v.getStart()) >= config.adultAge())
                .toList();
        if (adult.isEmpty()) {
            return List.of(Candidate.dropped(0));
        }
        if (adult.size() < 2) {
            return List.of(Candidate.dropped(1));
        }
        Visit last = adult.get(adult.size() - 1);
        return List.of(new Candidate(2, last.getEncounterKey(), last.getStart(),
                Ages.wholeYears(patient.getBirthDate(), last.getStart()), null,
                FeatureWindow.from(adult.get(0).getStart()), true, null));
    }
}
