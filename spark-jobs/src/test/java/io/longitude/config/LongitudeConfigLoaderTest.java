package io.longitude.config;

import com.typesafe.config.Config;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --conf key=value}: values are HOCON (lists, numbers, durations) and bare strings stay exactly as typed. */
class LongitudeConfigLoaderTest {

    private static Config load(String... overrides) {
        return LongitudeConfigLoader.load(null, List.of(overrides));
    }

    @Test
    void listValuesAreLists() {
        assertEquals(List.of("readmission-30d", "mortality-inhospital"),
                load("run.tasks=[readmission-30d, mortality-inhospital]").getStringList("run.tasks"));
        assertEquals(List.of("/data/tasks/sepsis.conf"), load("run.tasks=[\"/data/tasks/sepsis.conf\"]").getStringList("run.tasks"));
        assertEquals(List.of(0.25, 0.5), load("evaluate.thresholds=[0.25,0.5]").getDoubleList("evaluate.thresholds"));
    }

    @Test
    void scalarsAreTypedAndStringsKeptAsTyped() {
        assertEquals(0.1, load("run.drift.max-auroc-drop=0.1").getDouble("run.drift.max-auroc-drop"));
        assertEquals(true, load("run.drift.fail-on-degraded=true").getBoolean("run.drift.fail-on-degraded"));
        assertEquals(Duration.ofDays(14), load("run.retrain-max-age=14d").getDuration("run.retrain-max-age"));
        // HOCON would read "https:" and a comment: the text is kept whole.
        assertEquals("https://cards.example.org/models",
                load("writeback.identifier-system=https://cards.example.org/models").getString("writeback.identifier-system"));
        assertEquals("urn:longitude:model-card", load("writeback.identifier-system=urn:longitude:model-card")
                .getString("writeback.identifier-system"));
        assertEquals("a quoted, string", load("report.intended-use=\"a quoted, string\"").getString("report.intended-use"));
        assertEquals("never", load("run.retrain=never").getString("run.retrain"));
    }

    @Test
    void unknownKeysAreStillRefused() {
        assertTrue(assertThrows(InvalidConfigException.class, () -> load("run.task=[a]")).getMessage().contains("'run.task'"));
    }
}
