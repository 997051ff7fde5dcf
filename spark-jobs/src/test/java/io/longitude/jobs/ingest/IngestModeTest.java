package io.longitude.jobs.ingest;

import io.longitude.fhir.Pseudonymiser;
import io.longitude.config.InvalidConfigException;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ingest.mode: where the pseudonymisation key may come from, and a production run that refuses to start. */
class IngestModeTest {

    private static final String STRONG_KEY = "0123456789abcdef0123456789abcdef-strong";

    @Test
    void developmentIsTheDefaultAndFallsBackToTheDevelopmentKey() {
        IngestConfig config = IngestConfig.from(LongitudeConfigLoader.load(null, List.of()), List.of("in"), "w");
        assertEquals(IngestMode.DEVELOPMENT, config.mode());
        assertTrue(IngestMode.DEVELOPMENT.pseudonymiser(name -> null).isDevelopmentKey());
    }

    @Test
    void productionNeedsAStrongKeyFromTheEnvironment() {
        InvalidConfigException missing = assertThrows(InvalidConfigException.class,
                () -> IngestMode.PRODUCTION.pseudonymiser(name -> null));
        assertTrue(missing.getMessage().contains(Pseudonymiser.KEY_ENVIRONMENT_VARIABLE), missing.getMessage());
        InvalidConfigException blank = assertThrows(InvalidConfigException.class,
                () -> IngestMode.PRODUCTION.pseudonymiser(name -> "   "));
        assertTrue(blank.getMessage().contains("production"), blank.getMessage());

        String shortKey = "a".repeat(IngestMode.PRODUCTION_MIN_KEY_BYTES - 1);
        InvalidConfigException weak = assertThrows(InvalidConfigException.class,
                () -> IngestMode.PRODUCTION.pseudonymiser(Map.of(Pseudonymiser.KEY_ENVIRONMENT_VARIABLE, shortKey)::get));
        assertTrue(weak.getMessage().contains("31 bytes"), weak.getMessage());
        assertFalse(weak.getMessage().contains(shortKey), "the key itself is never echoed");

        String developmentKey = "longitude-DEVELOPMENT-ONLY-pseudonym-key-do-not-use-on-real-data";
        InvalidConfigException dev = assertThrows(InvalidConfigException.class, () -> IngestMode.PRODUCTION
                .pseudonymiser(Map.of(Pseudonymiser.KEY_ENVIRONMENT_VARIABLE, developmentKey)::get));
        assertTrue(dev.getMessage().contains("development key"), dev.getMessage());

        Pseudonymiser strong = IngestMode.PRODUCTION.pseudonymiser(Map.of(Pseudonymiser.KEY_ENVIRONMENT_VARIABLE, STRONG_KEY)::get);
        assertFalse(strong.isDevelopmentKey());
        assertEquals(strong.key("Patient/1"), IngestMode.DEVELOPMENT
                .pseudonymiser(Map.of(Pseudonymiser.KEY_ENVIRONMENT_VARIABLE, STRONG_KEY)::get).key("Patient/1"),
                "the mode decides whether a key is required, not how it is used");
    }

    @Test
    void aModeOtherThanDevelopmentOrProductionAndAKeyInTheConfigAreRefused() {
        InvalidConfigException mode = assertThrows(InvalidConfigException.class, () -> IngestConfig.from(
                LongitudeConfigLoader.load(null, List.of("ingest.mode=prod")), List.of("in"), "w"));
        assertTrue(mode.getMessage().contains("development or production"), mode.getMessage());
        InvalidConfigException key = assertThrows(InvalidConfigException.class,
                () -> LongitudeConfigLoader.load(null, List.of("ingest.pseudonym-key=" + STRONG_KEY)));
        assertFalse(key.getMessage().contains(STRONG_KEY), "a key passed as --conf is refused, not echoed");
    }

    @Test
    void aProductionRunWithoutTheKeyStopsBeforeSparkWithOneLineAndTheConfigurationExitCode(@TempDir Path tmp)
            throws Exception {
        Path input = Files.createDirectories(tmp.resolve("input"));
        Path warehouse = tmp.resolve("warehouse");
        for (String key : new String[]{null, "too-short-key"}) {
            CliProcess.Result result = CliProcess.run(key, tmp.resolve("out.log"), 2, "run", "--input", input.toString(),
                    "--warehouse", warehouse.toString(), "--conf", "ingest.mode=production");
            assertEquals(2, result.exitCode(), result.output());
            List<String> lines = result.output().lines().filter(line -> !line.isBlank()).toList();
            assertEquals(1, lines.size(), "one clear message, no stack trace: " + result.output());
            assertTrue(lines.get(0).startsWith("longitude: configuration error: "), lines.get(0));
            assertTrue(lines.get(0).contains(Pseudonymiser.KEY_ENVIRONMENT_VARIABLE), lines.get(0));
            assertTrue(Files.notExists(warehouse), "nothing was started or written");
        }
    }
}
