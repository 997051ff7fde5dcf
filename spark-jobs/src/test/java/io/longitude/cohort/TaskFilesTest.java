package io.longitude.cohort;


import io.longitude.config.InvalidConfigException;
import io.longitude.jobs.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskFilesTest {

    @Test
    void theFourTasksLoadByNameWithTheIssuesDefaults() {
        TaskConfig readmission = TaskFiles.load("readmission-30d", List.of());
        assertEquals(TaskKind.READMISSION, readmission.kind());
        assertEquals(30, readmission.windowDays());
        assertFalse(readmission.unplannedOnly());
        assertTrue(TaskFiles.load("readmission-30d-unplanned", List.of()).unplannedOnly());
        TaskConfig mortality = TaskFiles.load("mortality-inhospital", List.of());
        assertEquals(TaskKind.MORTALITY, mortality.kind());
        assertEquals(0, mortality.offsetHours());
        assertEquals(500, TaskFiles.load("next-visit-dx", List.of()).topK());
        for (TaskConfig t : List.of(readmission, mortality)) {
            assertTrue(t.isInpatientClass("IMP") && t.isInpatientClass("ACUTE") && t.isInpatientClass("NONAC"));
            assertFalse(t.isInpatientClass("EMER"));
            assertTrue(t.isExcludedStatus("entered-in-error"));
            assertEquals(6, t.transferGap().toHours());
            assertEquals(48, t.deathWindow().toHours());
            assertTrue(t.isExpiredDisposition("http://terminology.hl7.org/CodeSystem/discharge-disposition|exp"));
            assertTrue(t.isPlannedProcedure("http://snomed.info/sct|265764009"));
            assertEquals(18, t.adultAge());
            assertEquals(5, t.vocabularyMinCount());
            assertEquals(100, t.maxVisits());
            assertEquals(0.70, t.trainFraction());
            assertNull(t.dataEnd());
            assertFalse(t.temporalSplit());
        }
    }

    @Test
    void aTaskFileIsFoundByPathAndOverridesReachItsKeys(@TempDir Path dir) throws IOException {
        Path copy = dir.resolve("my-readmission.conf");
        Files.writeString(copy, Files.readString(TestData.repositoryRoot().resolve("conf/tasks/readmission-30d.conf"))
                .replace("name = readmission-30d", "name = my-readmission")
                .replace("window-days = 30", "window-days = 90"));
        TaskConfig mine = TaskFiles.load(copy.toString(), List.of("task.inpatient-classes=[IMP]",
                "task.data-end=\"2020-01-01T00:00:00Z\"", "task.split.temporal.enabled=true",
                "task.split.temporal.train-before=2015-01-01T00:00:00Z",
                "task.split.temporal.test-from=2017-01-01T00:00:00Z"));
        assertEquals("my-readmission", mine.name());
        assertEquals("my-readmission", TaskFiles.warehouseName(copy.toString()), "the warehouse knows a file by its name");
        assertEquals("readmission-30d", TaskFiles.warehouseName("readmission-30d"));
        assertEquals(90, mine.windowDays());
        assertFalse(mine.isInpatientClass("ACUTE"));
        assertEquals(Instant.parse("2020-01-01T00:00:00Z"), mine.dataEnd());
        SplitAssigner temporal = new SplitAssigner(mine);
        assertEquals("train", temporal.split("p", Instant.parse("2014-12-31T23:59:59Z")));
        assertEquals("validation", temporal.split("p", Instant.parse("2016-01-01T00:00:00Z")));
        assertEquals("test", temporal.split("p", Instant.parse("2017-01-01T00:00:00Z")));
    }

    @Test
    void unknownKeysAndBadValuesAreRefused() {
        assertThrows(InvalidConfigException.class, () -> TaskFiles.load("readmission-30d", List.of("task.window-dayz=7")));
        assertThrows(InvalidConfigException.class, () -> TaskFiles.load("readmission-30d", List.of("task.offset-hours=7")));
        assertThrows(InvalidConfigException.class, () -> TaskFiles.load("readmission-30d", List.of("window-days=7")));
        assertThrows(InvalidConfigException.class, () -> TaskFiles.load("readmission-30d", List.of("task.window-days=0")));
        assertThrows(InvalidConfigException.class, () -> TaskFiles.load("readmission-30d", List.of("task.split.train=0.9")));
        assertThrows(InvalidConfigException.class, () -> TaskFiles.load("readmission-30d", List.of("task.kind=survival")));
        assertThrows(InvalidConfigException.class, () -> TaskFiles.load("readmission-30d", List.of("task.data-end=yesterday")));
        assertThrows(InvalidConfigException.class, () -> TaskFiles.load("no-such-task", List.of()));
        assertThrows(InvalidConfigException.class, () -> TaskFiles.load("/no/such/file.conf", List.of()));
    }

    @Test
    void aKeyOfAnotherKindInATaskFileIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("odd.conf");
        Files.writeString(file, Files.readString(TestData.repositoryRoot().resolve("conf/tasks/mortality-inhospital.conf"))
                .replace("offset-hours = 0", "offset-hours = 0\n  window-days = 30"));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> TaskFiles.load(file.toString(), List.of()));
        assertTrue(e.getMessage().contains("task.window-days"), e.getMessage());
    }

    @Test
    void taskOverridesAreSeparatedFromTheOthers() {
        List<String> all = List.of("task.window-days=7", "ingest.max-line-bytes=2048");
        assertEquals(List.of("task.window-days=7"), TaskFiles.taskOverrides(all));
        assertEquals(List.of("ingest.max-line-bytes=2048"), TaskFiles.otherOverrides(all));
    }

    @Test
    void anAcesYamlIsATaskNamedAfterItsFileWithLongitudesSideFromTheTemplate(@TempDir Path dir) throws IOException {
        Path aces = TestData.repositoryRoot().resolve("conf/tasks/aces");
        Path yaml = dir.resolve("High-Potassium.yaml");
        Files.writeString(yaml, """
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
                """);
        TaskConfig task = TaskFiles.load(yaml.toString(),
                List.of("task.aces.predicates-file=" + aces.resolve("fhir-predicates.yaml"), "task.features.max-visits=7"));
        assertEquals(TaskKind.ACES, task.kind());
        assertEquals("high-potassium", task.name());
        assertEquals("high-potassium", TaskFiles.warehouseName(yaml.toString()));
        assertEquals(7, task.maxVisits());
        assertEquals("high_potassium", task.acesTask().label().label());
        assertEquals(new OutcomeCode(TaskConfig.TASK_OUTCOME_SYSTEM, "high-potassium", "Outcome of task high-potassium"),
                task.outcome(), "no outcome configured: the task names its own, never a borrowed concept");
        OutcomeCode readmission = TaskFiles.load(yaml.toString(), List.of("task.aces.predicates-file="
                + aces.resolve("fhir-predicates.yaml"), "task.outcome.system=\"http://snomed.info/sct\"",
                "task.outcome.code=417005", "task.outcome.display=\"Hospital re-admission\"")).outcome();
        assertEquals(new OutcomeCode("http://snomed.info/sct", "417005", "Hospital re-admission"), readmission);
        assertThrows(InvalidConfigException.class, () -> TaskFiles.load("readmission-30d", List.of("task.outcome.code=\"\"")));
        InvalidConfigException unknown = assertThrows(InvalidConfigException.class, () -> TaskFiles.load(yaml.toString(), List.of()));
        assertEquals("High-Potassium.yaml: trigger: unknown predicate 'inpatient_admission'", unknown.getMessage());
        assertThrows(InvalidConfigException.class, () -> TaskFiles.load(dir.resolve("missing.yaml").toString(), List.of()));
        assertTrue(assertThrows(InvalidConfigException.class, () -> TaskFiles.load(yaml.toString(), List.of(
                "task.aces.predicates-file=" + aces.resolve("fhir-predicates.yaml"), "task.split.temporal.enabled=true")))
                .getMessage().startsWith("task.split.temporal.enabled: an aces task"));
    }
}
