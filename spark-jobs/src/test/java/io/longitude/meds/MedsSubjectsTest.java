package io.longitude.meds;

import io.longitude.cohort.SplitAssigner;
import io.longitude.cohort.TaskConfig;
import io.longitude.cohort.TaskFiles;
import io.longitude.config.InvalidConfigException;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MedsSubjectsTest {

    @Test
    void subjectsFollowTheCohortSplitRule() {
        TaskConfig task = TaskFiles.load("mortality-inhospital", List.of());
        MedsSubjects subjects = MedsSubjects.splitBy(List.of(task, TaskFiles.load("readmission-30d", List.of())));
        Map<String, Integer> counts = new TreeMap<>();
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String key = "patient-" + i;
            String split = subjects.split(key);
            assertEquals(MedsSchema.splitOfCohort(SplitAssigner.patientSplit(task, key)), split);
            counts.merge(split, 1, Integer::sum);
            long id = MedsSubjects.subjectId(key);
            assertTrue(id >= 0);
            assertEquals(id, MedsSubjects.subjectId(key), "stable");
            ids.add(id);
        }
        assertEquals(2000, ids.size());
        assertEquals(Set.of("train", "tuning", "held_out"), counts.keySet());
        assertTrue(counts.get("train") > 1300 && counts.get("held_out") > 220, counts.toString());
    }

    @Test
    void tasksMustShareOneHashSplit() {
        TaskConfig task = TaskFiles.load("readmission-30d", List.of());
        TaskConfig salted = TaskFiles.load("mortality-inhospital", List.of("task.split.salt=another"));
        TaskConfig temporal = TaskFiles.load("mortality-inhospital", List.of("task.split.temporal.enabled=true",
                "task.split.temporal.train-before=2020-01-01T00:00:00Z", "task.split.temporal.test-from=2021-01-01T00:00:00Z"));
        assertTrue(assertThrows(InvalidConfigException.class, () -> MedsSubjects.splitBy(List.of(task, salted)))
                .getMessage().contains("split patients differently"));
        assertTrue(assertThrows(InvalidConfigException.class, () -> MedsSubjects.splitBy(List.of(temporal)))
                .getMessage().contains("temporal split"));
    }
}
