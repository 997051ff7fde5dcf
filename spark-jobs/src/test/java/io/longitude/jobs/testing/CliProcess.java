package io.longitude.jobs.testing;

import io.longitude.fhir.Pseudonymiser;
import io.longitude.jobs.cli.LongitudeCli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code LongitudeCli} in its own JVM, as scripts/longitude does (local Spark, the shipped
 * conf/log4j2.properties), with a chosen environment: the pseudonymisation key is read from the environment
 * only, and a test cannot change its own.
 */
public final class CliProcess {

    /** Exit code and everything the process wrote to stdout and stderr. */
    public record Result(int exitCode, String output) {
    }

    private CliProcess() {
    }

    /** @param pseudonymKey the key to put in the environment, or null to run without one */
    public static Result run(String pseudonymKey, Path outputFile, long timeoutMinutes, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx3g");
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
                    || arg.startsWith("-Djdk.reflect") || arg.startsWith("-Duser.timezone")
                    || arg.startsWith("-Dorg.bytedeco")) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-Dlog4j.configurationFile=" + TestData.repositoryRoot().resolve("conf/log4j2.properties"),
                "-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1",
                "-Dspark.driver.bindAddress=127.0.0.1", "-Dspark.sql.shuffle.partitions=4",
                "-Dspark.default.parallelism=4", "-Dspark.sql.session.timeZone=UTC",
                "-Dspark.serializer=org.apache.spark.serializer.KryoSerializer",
                "-Dspark.kryo.registrator=org.nd4j.kryo.Nd4jRegistrator",
                "-cp", System.getProperty("java.class.path"), LongitudeCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(outputFile.toFile());
        Map<String, String> environment = builder.environment();
        environment.remove(Pseudonymiser.KEY_ENVIRONMENT_VARIABLE);
        if (pseudonymKey != null) {
            environment.put(Pseudonymiser.KEY_ENVIRONMENT_VARIABLE, pseudonymKey);
        }
        environment.put("SPARK_LOCAL_IP", "127.0.0.1");
        environment.put("OMP_NUM_THREADS", "1");
        Process process = builder.start();
        if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("longitude " + String.join(" ", args) + " did not finish in "
                    + timeoutMinutes + " min; output:\n" + Files.readString(outputFile));
        }
        return new Result(process.exitValue(), Files.readString(outputFile));
    }
}
