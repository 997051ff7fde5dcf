package io.longitude.jobs.bench;

import io.longitude.jobs.testing.TestData;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code longitude} command in a child JVM launched as {@code scripts/longitude} launches the driver (the
 * given heap, Kryo with ND4J's registrator, one OpenMP thread, UTC), timed, with its peak resident set (VmHWM)
 * sampled from /proc every 250 ms. In local mode the driver also runs the tasks, so that includes them; with a
 * {@code spark://} master (scripts/local-cluster.sh) the executors are other JVMs and get the job jar
 * ({@code mvn -o -q -DskipTests package} builds it).
 */
final class CliDriver {

    record Measured(double seconds, long peakRssKb) {
        double peakRssMb() {
            return peakRssKb / 1024.0;
        }
    }

    private CliDriver() {
    }

    /** Runs {@code longitude <arguments>}, its output into {@code log}; fails unless it exits 0. */
    static Measured run(List<String> arguments, String driverMemory, String master, Path log)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + driverMemory));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-Xmx")).toList());
        command.addAll(List.of("-Dspark.master=" + master,
                "-Dspark.sql.session.timeZone=UTC",
                "-Dspark.serializer=org.apache.spark.serializer.KryoSerializer",
                "-Dspark.kryo.registrator=org.nd4j.kryo.Nd4jRegistrator",
                "-Dspark.ui.enabled=false"));
        if (master.startsWith("spark://")) {
            command.addAll(List.of("-Dspark.jars=" + jobJar(), "-Dspark.executor.extraJavaOptions=-Duser.timezone=UTC",
                    "-Dspark.executorEnv.OMP_NUM_THREADS=1"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.longitude.jobs.cli.LongitudeCli"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        long t0 = System.nanoTime();
        Process driver = builder.start();
        Path status = Path.of("/proc", Long.toString(driver.pid()), "status");
        long peak = 0;
        while (!driver.waitFor(250, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, peakRssKb(status));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (driver.exitValue() != 0) {
            throw new IllegalStateException("longitude " + arguments.get(0) + " failed (exit " + driver.exitValue()
                    + "), see " + log);
        }
        return new Measured(seconds, peak);
    }

    private static Path jobJar() throws IOException {
        Path target = TestData.repositoryRoot().resolve("spark-jobs/target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-job.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no job jar in " + target
                            + ": a cluster run needs one (mvn -o -q -DskipTests package)"));
        }
    }

    /** The process's peak resident set so far (VmHWM, kB); 0 once it has exited. */
    private static long peakRssKb(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException exited) {
            return 0;
        }
        return 0;
    }
}
