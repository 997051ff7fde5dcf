package io.longitude.cohort;

import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitSequence;

import java.time.Instant;
import java.util.List;

/** The per-patient definition of a task: its attrition steps and the candidates a patient yields. */
interface CohortTask {

    /** Step names in order; the first counts every candidate, the last what becomes a sample. */
    List<String> attritionSteps();

    /**
     * @param visits the patient's visits with a start and a status that is not excluded, in start order
     */
    List<Candidate> candidates(VisitSequence patient, List<Visit> visits, Instant dataEnd);

    static CohortTask of(TaskConfig config) {
        return switch (config.kind()) {
            case READMISSION -> new ReadmissionTask(config);
            case MORTALITY -> new MortalityTask(config);
            case NEXT_VISIT_DX -> new NextVisitTask(config);
            case ACES -> throw new IllegalStateException("an aces task's candidates come from the patient's MEDS "
                    + "timeline: PatientCohort.ofAces");
        };
    }
}
