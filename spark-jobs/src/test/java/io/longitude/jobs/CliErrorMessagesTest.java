package io.longitude.jobs;

import io.longitude.jobs.cli.LongitudeCli;
import io.longitude.jobs.testing.TestData;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user sees for the mistakes issue 7 lists: one line that names the problem (plus, for a bad command
 * line, where help is), a distinct non-zero exit code, and no stack trace. Every case fails before Spark starts.
 */
class CliErrorMessagesTest {

    @TempDir
    Path tmp;

    /** Log4j binds its console appender to the stderr it finds first: the real one, not a test's capture. */
    @BeforeAll
    static void startLogging() {
        LoggerFactory.getLogger(CliErrorMessagesTest.class).debug("logging started");
    }

    private record Outcome(int exitCode, String stderr) {
        String firstLine() {
            return stderr.lines().findFirst().orElse("");
        }
    }

    @Test
    void anUnknownCommandIsNamed() {
        Outcome o = run("ingset", "--warehouse", tmp.toString());
        assertUsageError(o, "'ingset'");
        assertTrue(o.stderr().contains("ingest"), "suggests the closest command: " + o.stderr());
    }

    @Test
    void anUnknownTaskIsNamed() {
        assertUsageError(run("cohort", "--warehouse", tmp.toString(), "--task", "readmission-60d"), "readmission-60d");
    }

    @Test
    void aMissingWarehouseOptionIsNamed() {
        assertUsageError(run("ingest", "--input", tmp.toString()), "--warehouse");
    }

    @Test
    void anUnknownInputFormatIsNamed() {
        assertUsageError(run("ingest", "--input-format", "omop", "--input", tmp.toString(), "--warehouse",
                tmp.resolve("wh").toString()), "--input-format 'omop'");
    }

    @Test
    void aWarehouseThatDoesNotExistIsNamedByEveryCommandThatReadsOne() {
        String missing = tmp.resolve("no-such-warehouse").toString();
        for (List<String> command : List.of(
                List.of("cohort", "--task", "readmission-30d"),
                List.of("train", "--task", "readmission-30d", "--model", "gru"),
                List.of("evaluate", "--task", "readmission-30d", "--model", "gru"),
                List.of("report", "--task", "readmission-30d", "--model", "gru"),
                List.of("writeback", "--task", "readmission-30d", "--model", "gru"),
                List.of("export-meds", "--task", "readmission-30d", "--out", tmp.resolve("meds").toString()))) {
            String[] args = concat(command, "--warehouse", missing);
            Outcome o = run(args);
            assertEquals(ExitCode.BAD_INPUT.code(), o.exitCode(), command + ": " + o.stderr());
            assertOneLine(o, "warehouse " + missing + " does not exist");
        }
    }

    @Test
    void aMedsExportOfANonBinaryTaskIsRefused() {
        assertUsageError(run("export-meds", "--warehouse", tmp.toString(), "--out", tmp.resolve("meds").toString(),
                "--task", "next-visit-dx"), "task next-visit-dx is of kind next-visit-dx");
    }

    @Test
    void anUnknownNetworkIsNamed() {
        assertUsageError(run("train", "--warehouse", tmp.toString(), "--task", "readmission-30d", "--model", "gur"),
                "no bundled network definition 'gur'");
        String missing = tmp.resolve("my-gru.conf").toString();
        assertUsageError(run("train", "--warehouse", tmp.toString(), "--task", "readmission-30d", "--model", missing),
                "no network definition file " + missing);
    }

    @Test
    void writebackRefusesWhatItCannotWriteBackInOneLine() {
        String w = tmp.toString();
        assertUsageError(run("writeback", "--warehouse", w, "--task", "next-visit-dx", "--model", "seq2seq-gru",
                "--cohort-audit"), "binary tasks");
        assertUsageError(run("writeback", "--warehouse", w, "--task", "mortality-inhospital", "--model", "gru",
                "--as-of", "yesterday"), "--as-of must be an ISO-8601 instant");
        assertUsageError(run("writeback", "--warehouse", w, "--task", "mortality-inhospital", "--model", "gru",
                "--fhir-server", "https://user:secret@fhir.example.org/r4"), "must not carry credentials");
    }

    @Test
    void anUnknownConfigurationKeyIsNamed() throws IOException {
        assertUsageError(ingest("--conf", "ingest.max-line-byte=1048576"), "'ingest.max-line-byte'");
        Path file = Files.writeString(tmp.resolve("site.conf"), "ingest { max-bundle-size = 1000000 }\n");
        assertUsageError(ingest("--config", file.toString()), "'ingest.max-bundle-size'");
    }

    @Test
    void aBadConfigurationValueIsNamed() {
        assertUsageError(ingest("--conf", "ingest.max-line-bytes=lots"), "ingest.max-line-bytes");
        assertUsageError(ingest("--conf", "ingest.max-line-bytes=10"), "ingest.max-line-bytes must be at least 1024");
        assertUsageError(ingest("--conf", "max-line-bytes"), "--conf expects key=value");
    }

    @Test
    void aConfigFileThatIsNotHoconIsNamed() throws IOException {
        Path file = Files.writeString(tmp.resolve("broken.conf"), "ingest { max-line-bytes = \n");
        assertUsageError(ingest("--config", file.toString()), file + " is not valid HOCON");
        assertUsageError(ingest("--config", tmp.resolve("absent.conf").toString()), "absent.conf does not exist");
    }

    @Test
    void anAcesTaskConfigMistakeIsNamedByFileAndKey() throws IOException {
        String shipped = Files.readString(TestData.repositoryRoot().resolve("conf/tasks/aces/mortality-inhospital-aces.yaml"));
        Path typo = Files.writeString(tmp.resolve("typo.yaml"), shipped.replace("trigger: inpatient_admission",
                "trigger: inpatient_admision"));
        assertUsageError(run("cohort", "--warehouse", tmp.toString(), "--task", typo.toString()),
                "typo.yaml: trigger: unknown predicate 'inpatient_admision'");
        // features up to an hour into the stay, the label window from its admission: they overlap
        Path leaky = Files.writeString(tmp.resolve("leaky.yaml"), shipped.replace("end: trigger\n", "end: trigger + 1h\n")
                .replace("start: input.end", "start: trigger"));
        assertUsageError(run("cohort", "--warehouse", tmp.toString(), "--task", leaky.toString()),
                "leaky.yaml: windows: leakage");
    }

    private Outcome ingest(String... options) {
        return run(concat(List.of("ingest", "--warehouse", tmp.resolve("w").toString(), "--input", tmp.toString()),
                options));
    }

    private static String[] concat(List<String> head, String... tail) {
        return Stream.concat(head.stream(), Arrays.stream(tail)).toArray(String[]::new);
    }

    private static void assertUsageError(Outcome o, String named) {
        assertEquals(ExitCode.USAGE.code(), o.exitCode(), o.stderr());
        assertOneLine(o, named);
    }

    /** The first line names the problem; at most a help hint (and suggestions) follow; no stack trace. */
    private static void assertOneLine(Outcome o, String named) {
        assertTrue(o.firstLine().startsWith("longitude: "), o.stderr());
        assertTrue(o.firstLine().contains(named), "'" + named + "' in: " + o.stderr());
        assertFalse(o.stderr().contains("\tat ") || o.stderr().contains("Exception"), "no stack trace: " + o.stderr());
        assertTrue(o.stderr().lines().skip(1).allMatch(l -> l.startsWith("Try ") || l.startsWith("Did you mean")
                || l.startsWith("    ")), "one message: " + o.stderr());
    }

    private static synchronized Outcome run(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream err = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setErr(err);
            exitCode = LongitudeCli.execute(args);
        } finally {
            System.setErr(original);
        }
        return new Outcome(exitCode, captured.toString(StandardCharsets.UTF_8));
    }
}
