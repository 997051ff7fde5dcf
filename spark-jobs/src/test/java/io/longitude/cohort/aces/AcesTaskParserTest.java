package io.longitude.cohort.aces;

import io.longitude.config.InvalidConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parsing and the mistakes a user will make, each one line naming the key (exit code 2 through
 * {@link InvalidConfigException}). The accepted config is ACES's own in-hospital mortality sample
 * (sample_configs/inhospital_mortality.yaml).
 */
class AcesTaskParserTest {

    static final String MORTALITY = """
            description: ACES sample_configs/inhospital_mortality.yaml
            predicates:
              admission:
                code: { regex: "ADMISSION//.*" }
              discharge:
                code: { regex: "DISCHARGE//.*" }
              death:
                code: DEATH
              discharge_or_death:
                expr: or(discharge, death)
            patient_demographics:
              male:
                code: SEX//male
            trigger: admission
            windows:
              input:
                start: NULL
                end: trigger + 24h
                start_inclusive: True
                end_inclusive: True
                has:
                  _ANY_EVENT: (5, None)
                index_timestamp: end
              gap:
                start: trigger
                end: start + 48h
                start_inclusive: False
                end_inclusive: True
                has:
                  admission: (None, 0)
                  discharge: (None, 0)
                  death: (None, 0)
              target:
                start: gap.end
                end: start -> discharge_or_death
                start_inclusive: False
                end_inclusive: True
                label: death
            """;

    static AcesTask parse(String yaml) {
        return AcesTaskParser.parse("task.yaml", yaml, null);
    }

    @Test
    void parsesAcesSampleConfigIntoTypedWindows() {
        AcesTask task = parse(MORTALITY);
        assertEquals("admission", task.trigger());
        assertEquals(List.of("input", "gap", "target"), List.copyOf(task.windows().keySet()));
        assertEquals("target", task.labelWindow());
        assertEquals("input.end", task.predictionNode());
        assertEquals(List.of("male"), task.demographics());
        assertEquals(List.of("discharge_or_death"), task.derivedOrder());

        AcesWindow input = task.windows().get("input");
        assertFalse(input.rootIsStart());
        assertEquals(new WindowBound("end", BoundKind.PREVIOUS_EVENT, Duration.ZERO, AcesTask.RECORD_START), input.start());
        assertEquals(new WindowBound("trigger", BoundKind.OFFSET, Duration.ofHours(24), null), input.end());
        assertEquals(new CountRange(5, null), input.has().get(AcesTask.ANY_EVENT));
        AcesWindow gap = task.windows().get("gap");
        assertEquals(new WindowBound("trigger", BoundKind.AT, Duration.ZERO, null), gap.start());
        assertEquals(new CountRange(null, 0), gap.has().get("discharge"));
        AcesWindow target = task.windows().get("target");
        assertEquals(new WindowBound("start", BoundKind.NEXT_EVENT, Duration.ZERO, "discharge_or_death"), target.end());

        // every point is placed after its parent
        List<String> placed = new java.util.ArrayList<>(List.of(AcesTask.TRIGGER));
        for (NodeStep step : task.steps()) {
            assertTrue(placed.contains(step.parent()), step.toString());
            placed.add(step.node());
        }
        assertEquals(7, placed.size());
    }

    @Test
    void aPredicatesFileOverridesTheTasksPredicates() {
        AcesTask task = AcesTaskParser.parse("task.yaml", MORTALITY, """
                predicates:
                  death:
                    code: MEDS_DEATH
                patient_demographics:
                  male:
                    code: GENDER//male
                """);
        PlainPredicate death = (PlainPredicate) task.predicates().get("death");
        assertTrue(death.code().matches("MEDS_DEATH"));
        assertFalse(death.code().matches("DEATH"));
        assertTrue(((PlainPredicate) task.predicates().get("male")).code().matches("GENDER//male"));
    }

    @Test
    void valueBoundsRegexAndAnyOfMatchMedsCodes() {
        AcesTask task = parse(MORTALITY.replace("""
                  death:
                    code: DEATH
                """, """
                  death:
                    code: DEATH
                  high_k:
                    code: LOINC//6298-4
                    value_min: 5.5
                    value_min_inclusive: False
                  normal_k:
                    code: LOINC//6298-4
                    value_min: 3.5
                    value_max: 5.5
                    value_min_inclusive: True
                    value_max_inclusive: True
                  hf:
                    code: { regex: "^ICD10CM//I50" }
                  ckd:
                    code: { any: [SNOMED//431855005, SNOMED//433144002] }
                """));
        PlainPredicate high = (PlainPredicate) task.predicates().get("high_k");
        assertFalse(high.matches(event("LOINC//6298-4", 5.5)));
        assertTrue(high.matches(event("LOINC//6298-4", 5.6)));
        assertFalse(high.matches(event("LOINC//6298-4", null)), "an event without a value never meets a bound");
        assertFalse(high.matches(event("LOINC//2823-3", 6.0)));
        PlainPredicate normal = (PlainPredicate) task.predicates().get("normal_k");
        assertTrue(normal.matches(event("LOINC//6298-4", 3.5)));
        assertTrue(normal.matches(event("LOINC//6298-4", 5.5)));
        assertFalse(normal.matches(event("LOINC//6298-4", 5.51)));
        PlainPredicate hf = (PlainPredicate) task.predicates().get("hf");
        assertTrue(hf.matches(event("ICD10CM//I50.9", null)));
        assertFalse(hf.matches(event("SNOMED//ICD10CM//I50", null)), "anchored regex");
        PlainPredicate ckd = (PlainPredicate) task.predicates().get("ckd");
        assertTrue(ckd.matches(event("SNOMED//433144002", null)));
        assertFalse(ckd.matches(event("SNOMED//4331440021", null)));
    }

    @Test
    void unknownPredicatesAreOneLineNamingTheKey() {
        refused(MORTALITY.replace("  admission: (None, 0)", "  admision: (None, 0)"),
                "task.yaml: windows.gap.has.admision: unknown predicate 'admision'");
        refused(MORTALITY.replace("start -> discharge_or_death", "start -> discharged"),
                "task.yaml: windows.target.end: unknown predicate 'discharged'");
        refused(MORTALITY.replace("label: death", "label: dead"),
                "task.yaml: windows.target.label: unknown predicate 'dead'");
        refused(MORTALITY.replace("or(discharge, death)", "or(discharge, deceased)"),
                "task.yaml: predicates.discharge_or_death.expr: unknown predicate 'deceased'");
        refused(MORTALITY.replace("trigger: admission", "trigger: admit"),
                "task.yaml: trigger: unknown predicate 'admit'");
    }

    @Test
    void aWindowCycleIsRefused() {
        refused(MORTALITY.replace("""
                  gap:
                    start: trigger
                """, """
                  gap:
                    start: target.end
                """), "task.yaml: windows: the windows reference each other in a cycle: gap.end <- gap.start <- target.end <- target.start <- gap.end");
    }

    @Test
    void twoLabelWindowsAreRefused() {
        refused(MORTALITY.replace("      death: (None, 0)\n  target:", "      death: (None, 0)\n    label: admission\n  target:"),
                "task.yaml: windows.*.label: exactly one window must carry 'label', found 2: gap, target");
    }

    @Test
    void badDurationsAndRegexesAreRefused() {
        refused(MORTALITY.replace("trigger + 24h", "trigger + 24 fortnights"),
                "task.yaml: windows.input.end: bad duration '24 fortnights'");
        refused(MORTALITY.replace("\"ADMISSION//.*\"", "\"ADMISSION//(.*\""),
                "task.yaml: predicates.admission.code.regex: the regex 'ADMISSION//(.*' does not compile");
        refused(MORTALITY.replace("(5, None)", "(5)"), "task.yaml: windows.input.has._ANY_EVENT: a count constraint is '(min, max)'");
    }

    @Test
    void malformedWindowsAreRefused() {
        refused(MORTALITY.replace("end: start + 48h", "end: start - 48h"),
                "task.yaml: windows.gap: the window's start would not come before its end");
        refused(MORTALITY.replace("end: start + 48h", "end: trigger + 48h"),
                "task.yaml: windows.gap: exactly one of start and end must reference the other");
        refused(MORTALITY.replace("end: start -> discharge_or_death", "end: start <-> discharge_or_death"),
                "task.yaml: windows.target.end: cannot contain both '->' and '<-'");
        refused(MORTALITY.replace("start: gap.end", "start: gaps.end"), "task.yaml: windows.target.start: unknown window 'gaps'");
        refused(MORTALITY.replace("end: start + 48h", "end: start + 0h"),
                "task.yaml: windows.gap: start and end are the same point");
        refused(MORTALITY.replace("  start_inclusive: False\n    end_inclusive: True\n    has:\n      admission",
                "  end_inclusive: True\n    has:\n      admission"), "task.yaml: windows.gap.start_inclusive: is required");
        refused(MORTALITY.replace("label: death", "label: death\n    labels: death"), "task.yaml: windows.target.labels: unknown key");
        refused(MORTALITY.replace("trigger: admission", "trigger: admission\ntriggers: admission"), "task.yaml: triggers: unknown key");
        refused(MORTALITY.replace("code: DEATH", "code: DEATH\n    chamber: atrial"), "task.yaml: predicates.death.chamber: unknown key");
        refused(MORTALITY.replace("index_timestamp: end", "index_timestamp: middle"),
                "task.yaml: windows.input.index_timestamp: must be start or end, got 'middle'");
        refused(MORTALITY.replace("or(discharge, death)", "or(discharge_or_death, death)"),
                "task.yaml: predicates.discharge_or_death.expr: predicates form a cycle");
        refused("windows: [", "task.yaml: not valid YAML");
    }

    private static void refused(String yaml, String messageStart) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> parse(yaml));
        assertTrue(e.getMessage().startsWith(messageStart), "got: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    private static TimelineEvent event(String code, Double value) {
        return new TimelineEvent(java.time.LocalDateTime.of(2020, 1, 1, 0, 0), code, value);
    }
}
