package io.longitude.cohort;

import io.longitude.cohort.aces.AcesExtractor;
import io.longitude.cohort.aces.TimelineEvent;
import io.longitude.fhir.VisitSequence;
import io.longitude.jobs.testing.TestData;
import io.longitude.meds.MedsSubjects;
import io.longitude.meds.MedsTimeline;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.longitude.cohort.TestPatients.event;
import static io.longitude.cohort.TestPatients.patient;
import static io.longitude.cohort.TestPatients.task;
import static io.longitude.cohort.TestPatients.visit;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Where a shipped HOCON task and its ACES form (conf/tasks/aces/) part, one constructed patient each: the
 * 6-hour transfer merge, the planned-procedure rule and the 48-hour death grace, which ACES cannot say.
 * Each side is built as CohortJob builds it; the labels of the kept samples are compared.
 */
class AcesHoconDifferenceTest {

    private static final Instant DATA_END = Instant.parse("2022-01-01T00:00:00Z");

    @Test
    void aTransferIsOneStayForTheHoconTaskAndAReadmissionForAces() {
        // IMP ends at 10:00, ACUTE starts 2 h later: one stay (gap < transfer-gap-hours) for HOCON, no readmission;
        // ACES sees the first encounter's discharge followed by an admission within 30 days.
        VisitSequence p = patient("p", "1950-01-01", null,
                visit("ward", "IMP", "2020-01-01T10:00:00Z", "2020-01-03T10:00:00Z"),
                visit("transfer", "ACUTE", "2020-01-03T12:00:00Z", "2020-01-06T10:00:00Z"));
        assertEquals(List.of(0), hoconLabels(p, "readmission-30d"));
        assertEquals(List.of(1, 0), acesLabels(p, "readmission-30d-aces.yaml"));
    }

    @Test
    void aPlannedReadmissionIsANegativeForTheHoconTaskAndDropsTheSampleForAces() {
        // The second stay holds chemotherapy: HOCON's unplanned-only label ignores it (label 0); ACES cannot tie
        // the procedure to that stay and drops the discharge it follows instead.
        VisitSequence p = patient("p", "1950-01-01", null,
                visit("first", "IMP", "2020-01-01T10:00:00Z", "2020-01-03T10:00:00Z"),
                visit("chemo", "IMP", "2020-01-10T10:00:00Z", "2020-01-11T10:00:00Z",
                        event("procedure", "2020-01-10T11:00:00Z", "367336001")));
        assertEquals(List.of(0, 0), hoconLabels(p, "readmission-30d-unplanned"));
        assertEquals(List.of(0), acesLabels(p, "readmission-30d-unplanned-aces.yaml"));
        assertEquals(List.of(1, 0), hoconLabels(p, "readmission-30d"));
    }

    @Test
    void aDeathTheDayAfterDischargeIsInHospitalForTheHoconTaskOnly() {
        // Synthea records deaths a day or two after the last discharge: within HOCON's 48-hour grace, after
        // the ACES target window's end (the discharge). The earlier outpatient visit gives the ACES sample, predicted
        // at admission, a visit to learn from.
        VisitSequence p = patient("p", "1950-01-01", "2020-01-04T09:00:00Z",
                visit("earlier", "AMB", "2019-06-01T10:00:00Z", "2019-06-01T11:00:00Z"),
                visit("last", "IMP", "2020-01-01T10:00:00Z", "2020-01-03T10:00:00Z"));
        assertEquals(List.of(1), hoconLabels(p, "mortality-inhospital"));
        assertEquals(List.of(0), acesLabels(p, "mortality-inhospital-aces.yaml"));
    }

    private static List<Integer> hoconLabels(VisitSequence p, String taskName) {
        return PatientCohort.of(p, task(taskName), DATA_END).outcomes().stream()
                .filter(o -> o.getSplit() != null).map(CandidateOutcome::getLabel).toList();
    }

    private static List<Integer> acesLabels(VisitSequence p, String config) {
        TaskConfig task = task(TestData.repositoryRoot().resolve("conf/tasks/aces").resolve(config).toString());
        List<TimelineEvent> timeline = MedsTimeline.of(p, MedsSubjects.splitBy(List.of(task))).stream()
                .map(e -> new TimelineEvent(e.getTime(), e.getCode(),
                        e.getNumericValue() == null ? null : e.getNumericValue().doubleValue()))
                .toList();
        return PatientCohort.ofAces(p, task, DATA_END, new AcesExtractor(task.acesTask()).outcomes(p.getPatientKey(), timeline))
                .outcomes().stream().filter(o -> o.getSplit() != null).map(CandidateOutcome::getLabel).toList();
    }
}
