package io.longitude.cohort;

import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitSequence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * In-hospital death of a stay, predicted {@code offset-hours} after its start from what is known then:
 * events strictly before the prediction time and the index encounter's admission information.
 */
final class MortalityTask implements CohortTask {

    private final TaskConfig config;
    private final List<String> steps;

    MortalityTask(TaskConfig config) {
        this.config = config;
        this.steps = config.offsetHours() > 0
                ? List.of("all stays", "adults", "in hospital at prediction time")
                : List.of("all stays", "adults");
    }

    @Override
    public List<String> attritionSteps() {
        return steps;
    }

    @Override
    public List<Candidate> candidates(VisitSequence patient, List<Visit> visits, Instant dataEnd) {
        Duration offset = Duration.ofHours(config.offsetHours());
        List<Candidate> out = new ArrayList<>();
        for (Stay stay : Stay.of(visits, config)) {
            int age = Ages.wholeYears(patient.getBirthDate(), stay.start());
            if (age < config.adultAge()) {
                out.add(Candidate.dropped(0));
                continue;
            }
            Instant predictionTime = stay.start().plus(offset);
            if (config.offsetHours() > 0 && stay.end() != null && stay.end().isBefore(predictionTime)) {
                out.add(Candidate.dropped(1));
                continue;
            }
            boolean died = stay.diedInHospital(patient.getDeathTime(), dataEnd, config);
            out.add(new Candidate(steps.size() - 1, stay.indexEncounter().getEncounterKey(), predictionTime, age,
                    died ? 1 : 0, FeatureWindow.before(predictionTime, stay.indexEncounter().getEncounterKey()),
                    false, null));
        }
        return out;
    }
}
