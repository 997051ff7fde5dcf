package io.longitude.cohort.aces;

import io.longitude.config.InvalidConfigException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Tasks that could see their own future are refused with one line naming the windows. */
class LeakageGuardTest {

    private static final String TASK = """
            predicates:
              adm:
                code: ADM
              death:
                code: MEDS_DEATH
            trigger: adm
            windows:
              input:
                start: null
                end: trigger + 24h
                start_inclusive: true
                end_inclusive: true
                index_timestamp: end
              target:
                start: input.end
                end: start + 30d
                start_inclusive: false
                end_inclusive: true
                label: death
            """;

    @Test
    void aLabelWindowAfterTheInputWindowIsAccepted() {
        assertDoesNotThrow(() -> parse(TASK));
        assertDoesNotThrow(() -> parse(TASK.replace("start: input.end", "start: input.end -> adm")),
                "an event after the input's end, the instant itself excluded");
        assertDoesNotThrow(() -> parse(TASK.replace("start: input.end", "start: trigger + 25h")));
    }

    @Test
    void anInputWindowEndingAfterItsPredictionTimeIsRefused() {
        refused(TASK.replace("index_timestamp: end", "index_timestamp: start"),
                "task.yaml: windows: leakage: input window 'input' may end after its prediction time (input.start)");
    }

    @Test
    void aLabelWindowOverlappingTheInputWindowIsRefused() {
        refused(TASK.replace("start: input.end", "start: trigger"),
                "task.yaml: windows: leakage: label window 'target' may overlap input window 'input'");
        refused(TASK.replace("start: input.end", "start: trigger + 23h"),
                "task.yaml: windows: leakage: label window 'target' may overlap input window 'input'");
        refused(TASK.replace("start: input.end\n    end: start + 30d", "start: end <- death\n    end: trigger + 30d"),
                "task.yaml: windows: leakage: label window 'target' may overlap input window 'input'");
    }

    @Test
    void sharingTheBoundaryInstantIsAllowedOnlyWhenOneSideExcludesIt() {
        refused(TASK.replace("start_inclusive: false", "start_inclusive: true"),
                "task.yaml: windows: leakage: label window 'target' may overlap input window 'input'");
        assertDoesNotThrow(() -> parse(TASK.replace("start_inclusive: false", "start_inclusive: true")
                .replace("end_inclusive: true\n    index_timestamp", "end_inclusive: false\n    index_timestamp")));
    }

    @Test
    void theLabelWindowCannotBeTheInputWindow() {
        refused(TASK.replace("    label: death\n", "").replace("index_timestamp: end", "index_timestamp: end\n    label: death"),
                "task.yaml: windows: leakage: label window 'input' is the input window");
    }

    private static AcesTask parse(String yaml) {
        return AcesTaskParser.parse("task.yaml", yaml, null);
    }

    private static void refused(String yaml, String message) {
        assertEquals(message, assertThrows(InvalidConfigException.class, () -> parse(yaml)).getMessage());
    }
}
