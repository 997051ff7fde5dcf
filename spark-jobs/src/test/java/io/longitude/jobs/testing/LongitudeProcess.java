package io.longitude.jobs.testing;

import io.longitude.jobs.cli.LongitudeCli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code scripts/longitude}'s main class ({@link LongitudeCli}) in a child JVM on the test classpath, with
 * its own heap and Spark settings: what a test needs when the shared local session cannot show it (a small heap,
 * a master that retries tasks).
 */
public final class LongitudeProcess {

    /** Exit code and everything the process wrote to stdout and stderr. */
    public record Result(int exitCode, String output) {
    }

    private LongitudeProcess() {
    }

    /**
     * @param jvmOptions heap and {@code -Dspark.*} settings (the master included); the Java 17 module flags and
     *                   the time zone of this JVM are added
     */
    public static Result run(List<String> jvmOptions, Duration timeout, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("--add-opens") || option.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
                    || option.startsWith("-Djdk.reflect.") || option.startsWith("-Duser.timezone")) {
                command.add(option);
            }
        }
        command.add("-Dspark.ui.enabled=false");
        command.add("-Dspark.driver.host=127.0.0.1");
        command.add("-Dspark.driver.bindAddress=127.0.0.1");
        command.add("-Dspark.sql.shuffle.partitions=4");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LongitudeCli.class.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                throw new IllegalStateException("longitude " + args[0] + " did not finish within " + timeout
                        + "; its output is in " + log);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for longitude " + args[0], e);
        }
        return new Result(process.exitValue(), new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
    }
}
