package io.longitude.cohort;

import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitSequence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Readmission within a window after discharge, predicted at discharge. With {@code unplanned-only} a
 * planned stay neither makes the label positive nor rescues a stay from the follow-up exclusion.
 */
final class ReadmissionTask implements CohortTask {

    static final List<String> STEPS = List.of("all stays", "closed stays", "adults", "no in-hospital death",
            "follow-up complete or readmitted");

    private final TaskConfig config;

    ReadmissionTask(TaskConfig config) {
        this.config = config;
    }

    @Override
    public List<String> attritionSteps() {
        return STEPS;
    }

    @Override
    public List<Candidate> candidates(VisitSequence patient, List<Visit> visits, Instant dataEnd) {
        List<Stay> stays = Stay.of(visits, config);
        Duration window = Duration.ofDays(config.windowDays());
        List<Candidate> out = new ArrayList<>(stays.size());
        for (Stay stay : stays) {
            if (stay.open()) {
                out.add(Candidate.dropped(0));
                continue;
            }
            int age = Ages.wholeYears(patient.getBirthDate(), stay.start());
            if (age < config.adultAge()) {
                out.add(Candidate.dropped(1));
                continue;
            }
            if (stay.diedInHospital(patient.getDeathTime(), dataEnd, config)) {
                out.add(Candidate.dropped(2));
                continue;
            }
            Instant windowEnd = stay.end().plus(window);
            boolean anyReadmission = false;
            boolean unplannedReadmission = false;
            for (Stay next : stays) {
                if (next.start().isAfter(stay.end()) && !next.start().isAfter(windowEnd)) {
                    anyReadmission = true;
                    unplannedReadmission |= !next.planned(config);
                }
            }
            boolean readmitted = config.unplannedOnly() ? unplannedReadmission : anyReadmission;
            if (windowEnd.isAfter(dataEnd) && !readmitted) {
                out.add(Candidate.dropped(3));
                continue;
            }
            out.add(new Candidate(4, stay.indexEncounter().getEncounterKey(), stay.end(), age, readmitted ? 1 : 0,
                    FeatureWindow.upToAndIncluding(stay.end()), false,
                    anyReadmission ? !unplannedReadmission : null));
        }
        return out;
    }
}
