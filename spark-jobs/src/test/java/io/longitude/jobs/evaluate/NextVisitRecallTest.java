package io.longitude.jobs.evaluate;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NextVisitRecallTest {

    @Test
    void recallAtKCountsTrueCodesAmongTheTopK() {
        List<List<String>> predicted = List.of(List.of("I10", "E11", "N18"), List.of("J44", "I50"));
        List<Set<String>> truth = List.of(Set.of("I10", "N18", "E78"), Set.of("I50"));
        // Visit 1: top-2 holds I10 of {I10, N18, E78} → 1/3; visit 2: top-2 holds I50 → 1.
        assertEquals((1.0 / 3 + 1) / 2, NextVisitRecall.recallAtK(predicted, truth, 2), 1e-12);
        assertEquals((2.0 / 3 + 1) / 2, NextVisitRecall.recallAtK(predicted, truth, 3), 1e-12);
    }

    @Test
    void visitsWithoutTargetsAreLeftOut() {
        assertEquals(1.0, NextVisitRecall.recallAtK(List.of(List.of("a"), List.of("b")),
                List.of(Set.of("a"), Set.of()), 10), 1e-12);
    }

    @Test
    void baselineRanksCodesByTrainingFrequency() {
        List<Set<String>> training = List.of(Set.of("I10", "E11"), Set.of("I10"), Set.of("N18"), Set.of("I10", "N18"));
        assertEquals(List.of("I10", "N18", "E11"), NextVisitRecall.mostFrequentCodes(training));
        List<Set<String>> truth = List.of(Set.of("I10", "E11"), Set.of("E11"));
        // Top-1 is I10 for everyone: 1/2 and 0 → 0.25; top-3 holds everything → 1.
        assertEquals(0.25, NextVisitRecall.baselineRecallAtK(training, truth, 1), 1e-12);
        assertEquals(1.0, NextVisitRecall.baselineRecallAtK(training, truth, 3), 1e-12);
    }
}
