package io.longitude.jobs.run;

import io.longitude.config.InvalidConfigException;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.models.registry.RetrainPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run { }} as a user writes it, on the command line or in a file. */
class RunConfigTest {

    private static RunConfig from(String... overrides) {
        return RunConfig.from(LongitudeConfigLoader.load(null, List.of(overrides)), List.of("/data/export"), "/data/wh", false, List.of());
    }

    @Test
    void theDefaultRetrainsAWeekOldVersion() {
        assertEquals(new RetrainPolicy(RetrainPolicy.When.IF_OLDER_THAN, Duration.ofDays(7)), from().retrain());
        assertEquals(new RetrainPolicy(RetrainPolicy.When.NEVER, Duration.ofDays(7)), from("run.retrain=never").retrain());
    }

    @Test
    void tasksAndModelsAreListsOnTheCommandLine() {
        RunConfig run = from("run.tasks=[readmission-30d, /site/tasks/sepsis.conf]", "run.models=[gru,lstm]");
        assertEquals(List.of("readmission-30d", "/site/tasks/sepsis.conf"), run.tasks());
        assertEquals(List.of("gru", "lstm"), run.models());
    }

    @Test
    void aBadRetrainPolicyOrListIsAConfigurationError() {
        assertTrue(assertThrows(InvalidConfigException.class, () -> from("run.retrain=sometimes")).getMessage()
                .contains("run.retrain: must be one of [always, never, if-older-than], got 'sometimes'"));
        assertThrows(InvalidConfigException.class, () -> from("run.retrain-max-age=0d"));
        assertTrue(assertThrows(InvalidConfigException.class, () -> from("run.tasks=[a,")).getMessage().contains("run.tasks"));
    }

    @Test
    void taskOverridesApplyToEveryTaskOfTheRun() {
        RunConfig run = RunConfig.from(LongitudeConfigLoader.load(null, List.of()), List.of("/data/export"), "/data/wh",
                false, List.of("task.split.train=0.55", "task.split.test=0.30"));
        for (String task : List.of("readmission-30d", "mortality-inhospital")) {
            assertEquals(0.55, run.task(task).trainFraction(), 1e-9, task);
            assertEquals(0.15, run.task(task).validationFraction(), 1e-9, task);
        }
        assertEquals(0.70, from().task("mortality-inhospital").trainFraction(), 1e-9, "the shipped split");
        RunConfig unknown = RunConfig.from(LongitudeConfigLoader.load(null, List.of()), List.of("/data/export"), "/data/wh",
                false, List.of("task.split.holdout=0.3"));
        assertTrue(assertThrows(InvalidConfigException.class, () -> unknown.task("readmission-30d")).getMessage()
                .contains("task.split.holdout"));
    }
}
