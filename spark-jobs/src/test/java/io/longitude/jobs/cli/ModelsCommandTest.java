package io.longitude.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.longitude.jobs.ExitCode;
import io.longitude.models.registry.ModelRegistry;
import io.longitude.models.registry.ModelVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code longitude models list|promote|rollback} on a registry with two trained versions; no Spark. */
class ModelsCommandTest {

    private static final String V1 = "v20260101T020000Z";
    private static final String V2 = "v20260108T020000Z";

    @TempDir
    Path warehouse;

    private record Outcome(int exitCode, String stdout, String stderr) {
    }

    @BeforeAll
    static void startLogging() {
        LoggerFactory.getLogger(ModelsCommandTest.class).debug("logging started");
    }

    @BeforeEach
    void twoTrainedVersions() {
        for (String at : List.of("2026-01-01T02:00:00Z", "2026-01-08T02:00:00Z")) {
            ModelRegistry registry = new ModelRegistry(warehouse.resolve("models"), Clock.fixed(Instant.parse(at), ZoneOffset.UTC));
            ModelVersion version = registry.newVersion("mortality-inhospital", "gru");
            registry.publish(version);
        }
    }

    @Test
    void listPromoteAndRollback() throws Exception {
        Outcome list = models("list");
        assertEquals(0, list.exitCode(), list.stderr());
        assertTrue(list.stdout().lines().anyMatch(l -> l.contains(V1) && l.contains("promoted") && !l.contains("latest")
                && l.contains("validation score not recorded")), list.stdout());
        assertTrue(list.stdout().lines().anyMatch(l -> l.contains(V2) && l.contains("latest") && !l.contains("promoted")),
                list.stdout());
        assertTrue(list.stdout().contains("promote - -> " + V1 + "  by longitude train: first trained version"), list.stdout());

        Path summary = warehouse.resolve("promote.json");
        Outcome promote = models("promote", "--version", V2, "--reason", "better calibrated", "--by", "ana",
                "--summary", summary.toString());
        assertEquals(0, promote.exitCode(), promote.stderr());
        assertTrue(promote.stdout().lines().findFirst().orElseThrow().contains("promote " + V1 + " -> " + V2 + "  by ana: better calibrated"),
                promote.stdout());
        JsonNode json = new ObjectMapper().readTree(summary.toFile());
        assertEquals(V2, json.get("change").get("to").asText());
        assertEquals(List.of(false, true), Stream.of(0, 1).map(i -> json.get("versions").get(i).get("promoted").asBoolean()).toList());
        assertEquals(2, json.get("promotions").size());

        Outcome rollback = models("rollback", "--reason", "alerts on ward 4", "--by", "ben");
        assertEquals(0, rollback.exitCode(), rollback.stderr());
        assertTrue(rollback.stdout().contains("rollback " + V2 + " -> " + V1 + "  by ben: alerts on ward 4"), rollback.stdout());
        assertEquals(V1, new ModelRegistry(warehouse.resolve("models"), Clock.systemUTC())
                .promoted("mortality-inhospital", "gru").orElseThrow().name());

        Outcome again = models("rollback", "--reason", "once more");
        assertEquals(ExitCode.BAD_INPUT.code(), again.exitCode());
        assertTrue(again.stderr().startsWith("longitude: bad input: ") && again.stderr().contains("nothing to roll back to"),
                again.stderr());
    }

    @Test
    void mistakesAreOneLineWithTheirExitCode() {
        for (String[] args : List.of(new String[]{"promote", "--version", V2}, new String[]{"rollback"},
                new String[]{"demote", "--reason", "x"}, new String[]{"list", "--version", V1})) {
            Outcome o = models(args);
            assertEquals(ExitCode.USAGE.code(), o.exitCode(), String.join(" ", args) + ": " + o.stderr());
            assertTrue(o.stderr().startsWith("longitude: "), o.stderr());
        }
        Outcome unknown = models("promote", "--version", "v20990101T000000Z", "--reason", "typo");
        assertEquals(ExitCode.BAD_INPUT.code(), unknown.exitCode());
        assertTrue(unknown.stderr().contains("finished: [" + V1 + ", " + V2 + "]"), unknown.stderr());
        Outcome noModel = run("models", "list", "--warehouse", warehouse.toString(), "--task", "mortality-inhospital",
                "--model", "lstm");
        assertEquals(ExitCode.BAD_INPUT.code(), noModel.exitCode());
        assertTrue(noModel.stderr().contains("no trained version of model 'lstm'"), noModel.stderr());
    }

    private Outcome models(String... args) {
        String[] all = Stream.concat(Stream.of("models"), Stream.concat(Stream.of(args),
                Stream.of("--warehouse", warehouse.toString(), "--task", "mortality-inhospital", "--model", "gru")))
                .toArray(String[]::new);
        return run(all);
    }

    private static synchronized Outcome run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream o = new PrintStream(stdout, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(stderr, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            exitCode = LongitudeCli.execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Outcome(exitCode, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    }
}
