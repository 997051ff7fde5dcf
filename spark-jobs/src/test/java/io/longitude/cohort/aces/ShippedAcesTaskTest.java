package io.longitude.cohort.aces;

import io.longitude.jobs.testing.TestData;
import io.longitude.meds.MedsCodes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The shipped FHIR predicates file and ACES task (conf/tasks/aces/) parse and, on a timeline written with the
 * MEDS export's own code strings ({@link MedsCodes}), select what they say.
 */
class ShippedAcesTaskTest {

    private static final Path ACES = TestData.repositoryRoot().resolve("conf/tasks/aces");
    private static final LocalDateTime T = LocalDateTime.of(2021, 3, 1, 8, 0);
    private static final String NUBC = "http://www.nubc.org/patient-discharge";

    @Test
    void mortalityAtAdmissionLabelsDeathsBeforeTheStaysDischarge() {
        AcesTask task = AcesTaskParser.load(ACES.resolve("mortality-inhospital-aces.yaml"), ACES.resolve("fhir-predicates.yaml"));
        List<TimelineEvent> events = List.of(
                ev(null, MedsCodes.gender("female")),
                ev(T.minusYears(70), MedsCodes.BIRTH),
                ev(T.minusDays(30), MedsCodes.encounterStart("AMB")),
                ev(T.minusDays(30), MedsCodes.encounterEnd("AMB")),
                // a stay ending in an expired disposition: positive
                ev(T, MedsCodes.encounterStart("IMP")),
                ev(T.plusHours(5), MedsCodes.coding("http://loinc.org", "6298-4"), 5.9),
                ev(T.plusDays(3), MedsCodes.encounterEnd("IMP")),
                ev(T.plusDays(3), MedsCodes.dischargeDisposition(NUBC + "|20")),
                // a stay discharged home, death a day later: negative (no death-window grace in ACES)
                ev(T.plusDays(10), MedsCodes.encounterStart("IMP")),
                ev(T.plusDays(12), MedsCodes.encounterEnd("IMP")),
                ev(T.plusDays(12), MedsCodes.dischargeDisposition(NUBC + "|01")),
                ev(T.plusDays(13), MedsCodes.DEATH),
                // an emergency visit is no trigger
                ev(T.plusDays(11), MedsCodes.encounterStart("EMER")));
        assertEquals(List.of(new AcesSample("p", T, T, 1), new AcesSample("p", T.plusDays(10), T.plusDays(10), 0)),
                new AcesExtractor(task).extract("p", events));
    }

    @Test
    void aTaskUsesThePredicatesFileForWhatItDoesNotDefine() throws IOException {
        String task = """
                trigger: inpatient_admission
                windows:
                  input:
                    start: null
                    end: trigger + 24h
                    start_inclusive: true
                    end_inclusive: true
                    index_timestamp: end
                  target:
                    start: input.end
                    end: start + 24h
                    start_inclusive: false
                    end_inclusive: true
                    label: high_potassium
                """;
        String predicates = Files.readString(ACES.resolve("fhir-predicates.yaml"));
        AcesTask parsed = AcesTaskParser.parse("abnormal-potassium.yaml", task, predicates);
        String potassium = MedsCodes.coding("http://loinc.org", "6298-4");
        List<TimelineEvent> events = List.of(ev(T, MedsCodes.encounterStart("ACUTE")),
                ev(T.plusHours(30), potassium, 5.5), ev(T.plusHours(36), potassium, 5.6),
                ev(T.plusHours(49), potassium, 6.0));
        assertEquals(List.of(new AcesSample("p", T.plusHours(24), T, 1)), new AcesExtractor(parsed).extract("p", events));
    }

    @Test
    void everyShippedConfigParsesWithThePredicatesFileAndPassesTheLeakageGuard() throws IOException {
        List<String> configs;
        try (var files = Files.list(ACES)) {
            configs = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith("-aces.yaml")).sorted().toList();
        }
        assertEquals(List.of("heart-failure-1y-aces.yaml", "high-creatinine-24h-aces.yaml", "long-los-aces.yaml",
                "mortality-inhospital-24h-aces.yaml", "mortality-inhospital-aces.yaml",
                "readmission-30d-aces.yaml", "readmission-30d-unplanned-aces.yaml"), configs);
        for (String config : configs) {
            AcesTask task = load(config);
            assertEquals(config, task.source());
            // each config defines what it uses: it also parses (and passes the guard) without the predicates file
            assertEquals(task.windows().keySet(), AcesTaskParser.load(ACES.resolve(config), null).windows().keySet());
        }
    }

    @Test
    void readmissionLabelsAnAdmissionWithinThirtyDaysOfADischargeAndDropsStaysEndingInDeath() {
        List<TimelineEvent> events = List.of(
                ev(T, MedsCodes.encounterStart("IMP")),
                ev(T.plusDays(2), MedsCodes.encounterEnd("IMP")),
                // readmitted on day 30 after the first discharge, to the minute: positive
                ev(T.plusDays(32), MedsCodes.encounterStart("ACUTE")),
                ev(T.plusDays(34), MedsCodes.encounterEnd("ACUTE")),
                // next admission 31 days later: negative
                ev(T.plusDays(65), MedsCodes.encounterStart("IMP")),
                ev(T.plusDays(66), MedsCodes.encounterEnd("IMP")),
                ev(T.plusDays(66), MedsCodes.dischargeDisposition(NUBC + "|20")));
        assertEquals(List.of(new AcesSample("p", T.plusDays(2), T.plusDays(2), 1),
                        new AcesSample("p", T.plusDays(34), T.plusDays(34), 0)),
                new AcesExtractor(load("readmission-30d-aces.yaml")).extract("p", events),
                "the third stay ends in an expired disposition: no sample");
    }

    @Test
    void unplannedReadmissionDropsADischargeFollowedByAPlannedProcedure() {
        String chemotherapy = MedsCodes.coding("http://snomed.info/sct", "367336001");
        List<TimelineEvent> events = List.of(
                ev(T, MedsCodes.encounterStart("IMP")),
                ev(T.plusDays(2), MedsCodes.encounterEnd("IMP")),
                ev(T.plusDays(10), MedsCodes.encounterStart("IMP")),
                ev(T.plusDays(10), chemotherapy),
                ev(T.plusDays(11), MedsCodes.encounterEnd("IMP")),
                ev(T.plusDays(20), MedsCodes.encounterStart("IMP")),
                ev(T.plusDays(21), MedsCodes.encounterEnd("IMP")));
        assertEquals(List.of(new AcesSample("p", T.plusDays(11), T.plusDays(11), 1),
                        new AcesSample("p", T.plusDays(21), T.plusDays(21), 0)),
                new AcesExtractor(load("readmission-30d-unplanned-aces.yaml")).extract("p", events));
        assertEquals(3, new AcesExtractor(load("readmission-30d-aces.yaml")).extract("p", events).size());
    }

    @Test
    void longStayIsTheNegativeClassAtFortyEightHours() {
        List<TimelineEvent> events = List.of(
                // discharged after 30 h: still no one to predict for at 48 h
                ev(T, MedsCodes.encounterStart("IMP")),
                ev(T.plusHours(30), MedsCodes.encounterEnd("IMP")),
                // discharged on day 7 exactly: label 1
                ev(T.plusDays(20), MedsCodes.encounterStart("IMP")),
                ev(T.plusDays(27), MedsCodes.encounterEnd("IMP")),
                // a 9-day stay: label 0 (long)
                ev(T.plusDays(40), MedsCodes.encounterStart("IMP")),
                ev(T.plusDays(49), MedsCodes.encounterEnd("IMP")));
        assertEquals(List.of(new AcesSample("p", T.plusDays(20).plusHours(48), T.plusDays(20), 1),
                        new AcesSample("p", T.plusDays(40).plusHours(48), T.plusDays(40), 0)),
                new AcesExtractor(load("long-los-aces.yaml")).extract("p", events));
    }

    @Test
    void heartFailureCountsOnlyAFirstDiagnosisWithinAYearOfAVisit() {
        String heartFailure = MedsCodes.coding("http://snomed.info/sct", "88805009");
        List<TimelineEvent> events = List.of(
                ev(T, MedsCodes.encounterStart("AMB")),
                // diagnosed at a visit 365 days later: the first visit is positive, and so is this one (two
                // diagnosis times in its year: the count 2, label 1)
                ev(T.plusDays(365), MedsCodes.encounterStart("AMB")),
                ev(T.plusDays(365), heartFailure),
                // after the diagnosis no visit is a candidate
                ev(T.plusDays(400), MedsCodes.encounterStart("AMB")),
                ev(T.plusDays(500), heartFailure));
        assertEquals(List.of(new AcesSample("p", T, T, 1), new AcesSample("p", T.plusDays(365), T.plusDays(365), 2)),
                new AcesExtractor(load("heart-failure-1y-aces.yaml")).extract("p", events));
        List<TimelineEvent> late = List.of(ev(T, MedsCodes.encounterStart("AMB")),
                ev(T.plusDays(366), heartFailure));
        assertEquals(List.of(new AcesSample("p", T, T, 0)),
                new AcesExtractor(load("heart-failure-1y-aces.yaml")).extract("p", late));
    }

    @Test
    void highCreatinineCountsValuesAboveTheBoundInTheFirstDay() {
        String creatinine = MedsCodes.coding("http://loinc.org", "38483-4");
        List<TimelineEvent> events = List.of(
                ev(T, MedsCodes.encounterStart("IMP")),
                ev(T, creatinine, 1.2),
                ev(T.plusHours(25), creatinine, 2.0),
                ev(T.plusDays(3), MedsCodes.encounterEnd("IMP")),
                ev(T.plusDays(10), MedsCodes.encounterStart("IMP")),
                ev(T.plusDays(10), creatinine, 1.21),
                ev(T.plusDays(11), MedsCodes.encounterEnd("IMP")));
        assertEquals(List.of(new AcesSample("p", T, T, 0), new AcesSample("p", T.plusDays(10), T.plusDays(10), 1)),
                new AcesExtractor(load("high-creatinine-24h-aces.yaml")).extract("p", events));
    }

    @Test
    void mortalityAtTwentyFourHoursNeedsTheStayOpenThroughTheGap() {
        List<TimelineEvent> events = List.of(
                // discharged at 40 h, in the gap: no sample
                ev(T, MedsCodes.encounterStart("IMP")),
                ev(T.plusHours(40), MedsCodes.encounterEnd("IMP")),
                // expired disposition at discharge on day 5: positive
                ev(T.plusDays(10), MedsCodes.encounterStart("IMP")),
                ev(T.plusDays(15), MedsCodes.encounterEnd("IMP")),
                ev(T.plusDays(15), MedsCodes.dischargeDisposition(NUBC + "|20")),
                // discharged home on day 4, death on day 5: negative
                ev(T.plusDays(20), MedsCodes.encounterStart("IMP")),
                ev(T.plusDays(24), MedsCodes.encounterEnd("IMP")),
                ev(T.plusDays(25), MedsCodes.DEATH));
        assertEquals(List.of(new AcesSample("p", T.plusDays(10).plusHours(24), T.plusDays(10), 1),
                        new AcesSample("p", T.plusDays(20).plusHours(24), T.plusDays(20), 0)),
                new AcesExtractor(load("mortality-inhospital-24h-aces.yaml")).extract("p", events));
    }

    private static AcesTask load(String config) {
        return AcesTaskParser.load(ACES.resolve(config), ACES.resolve("fhir-predicates.yaml"));
    }

    private static TimelineEvent ev(LocalDateTime time, String code) {
        return new TimelineEvent(time, code, null);
    }

    private static TimelineEvent ev(LocalDateTime time, String code, double value) {
        return new TimelineEvent(time, code, value);
    }
}
