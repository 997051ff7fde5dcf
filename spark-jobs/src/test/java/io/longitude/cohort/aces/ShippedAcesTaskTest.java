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

    private static TimelineEvent ev(LocalDateTime time, String code) {
        return new TimelineEvent(time, code, null);
    }

    private static TimelineEvent ev(LocalDateTime time, String code, double value) {
        return new TimelineEvent(time, code, value);
    }
}
