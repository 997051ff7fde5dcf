package io.longitude.jobs.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script of {@code src/test/python} in the venv of {@code scripts/python-env.sh} (pyarrow, DuckDB,
 * scikit-learn), whose interpreter the build names in the system property {@code longitude.python}. A test run
 * outside {@code scripts/test.sh} creates the venv the same way; only a machine without python3 skips.
 */
public final class PythonChecks {

    public record Result(int exitCode, String output) {
    }

    private PythonChecks() {
    }

    public static Result run(String script, String... args) {
        List<String> command = new ArrayList<>(List.of(interpreter().toString(),
                TestData.repositoryRoot().resolve("spark-jobs/src/test/python").resolve(script).toString()));
        command.addAll(List.of(args));
        return execute(new ProcessBuilder(command), 5);
    }

    private static Path interpreter() {
        Path python = Path.of(System.getProperty("longitude.python",
                Path.of(System.getProperty("user.home"), ".cache/longitude/venv/bin/python").toString()));
        if (Files.isExecutable(python)) {
            return python;
        }
        ProcessBuilder create = new ProcessBuilder("bash",
                TestData.repositoryRoot().resolve("scripts/python-env.sh").toString());
        create.environment().put("LONGITUDE_VENV", python.getParent().getParent().toString());
        Result made = execute(create, 10);
        Assumptions.assumeFalse(made.exitCode() == 3, "python3 is not installed: the MEDS checks need it (CI has it)");
        if (made.exitCode() != 0) {
            throw new IllegalStateException("scripts/python-env.sh failed:\n" + made.output());
        }
        return python;
    }

    private static Result execute(ProcessBuilder builder, int minutes) {
        try {
            Process process = builder.redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(builder.command() + " did not finish in " + minutes + " minutes");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + builder.command(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + builder.command(), e);
        }
    }
}
