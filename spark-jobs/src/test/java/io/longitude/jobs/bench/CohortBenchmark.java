package io.longitude.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.longitude.jobs.cohort.CohortJob;
import io.longitude.jobs.cohort.CohortSummary;

import io.longitude.cohort.TaskConfig;
import io.longitude.cohort.TaskFiles;

import io.longitude.config.LongitudeConfigLoader;
import io.longitude.warehouse.Warehouse;
import io.longitude.jobs.ingest.IngestConfig;
import io.longitude.jobs.ingest.IngestJob;
import io.longitude.jobs.testing.TestData;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Cohort job cost against data size: ingests the shared Synthea bundles once, multiplies the warehouse
 * with {@link WarehouseScaler}, runs each task on every scale and prints {@code key=value} lines
 * ({@code cohort.x<k>.<task name>.<figure>}). A task is a name under conf/tasks or a task file (an ACES YAML
 * such as conf/tasks/aces/readmission-30d-aces.yaml). With {@code --driver-memory M} each cohort runs as its own
 * {@code longitude cohort} driver with that heap and the command's own Spark defaults ({@link CliDriver}), timed
 * with its peak resident set; without, in this JVM with {@code --partitions} shuffle partitions. Run on the test classpath with the project's JVM flags:
 * {@code CohortBenchmark [--scales 1,10,100] [--tasks a,b] [--work DIR] [--master local[2]] [--partitions 8]
 * [--driver-memory 4g]}.
 */
public final class CohortBenchmark {

    private CohortBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> scales = List.of(1, 10);
        List<String> tasks = List.of("readmission-30d", "mortality-inhospital", "next-visit-dx");
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "longitude-cohort-bench");
        String master = "local[2]";
        String partitions = "8";
        String driverMemory = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--scales" -> scales = Arrays.stream(args[i + 1].split(",")).map(Integer::parseInt).toList();
                case "--tasks" -> tasks = List.of(args[i + 1].split(","));
                case "--work" -> work = Path.of(args[i + 1]);
                case "--master" -> master = args[i + 1];
                case "--partitions" -> partitions = args[i + 1];
                case "--driver-memory" -> driverMemory = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        SparkSession spark = SparkSession.builder().appName("longitude-cohort-benchmark").master(master)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", partitions)
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        try {
            Path base = work.resolve("x1");
            if (!Files.isDirectory(Path.of(new Warehouse(base.toString()).table(Warehouse.VISIT_SEQUENCES)))) {
                new IngestJob(IngestConfig.from(LongitudeConfigLoader.load(null, List.of()),
                        List.of(TestData.sharedSyntheaBundles().toString()), base.toString())).run(spark);
            }
            System.out.println("cohort.master=" + master);
            System.out.println("cohort.shuffle_partitions=" + partitions);
            for (int k : scales) {
                Path warehouse = base;
                if (k > 1) {
                    warehouse = work.resolve("x" + k);
                    long started = System.nanoTime();
                    long patients = WarehouseScaler.scale(spark, base.toString(), warehouse.toString(), k, 1);
                    print(k, "scale", "patients", patients);
                    print(k, "scale", "seconds", seconds(started));
                }
                for (String task : tasks) {
                    TaskConfig config = TaskFiles.load(task, List.of());
                    String name = config.name();
                    long samples;
                    double seconds;
                    if (driverMemory == null) {
                        long started = System.nanoTime();
                        CohortSummary summary = new CohortJob(warehouse.toString(), config).run(spark);
                        seconds = seconds(started);
                        samples = summary.samples();
                        print(k, name, "patients", summary.patients());
                        if (config.kind().binary()) {
                            print(k, name, "positives", summary.positives());
                        }
                    } else {
                        Path summary = work.resolve("cohort-x" + k + "-" + name + ".json");
                        CliDriver.Measured measured = CliDriver.run(List.of("cohort", "--warehouse", warehouse.toString(),
                                "--task", task, "--summary", summary.toString()), driverMemory, master,
                                work.resolve("cohort-x" + k + "-" + name + ".log"));
                        JsonNode written = new ObjectMapper().readTree(summary.toFile());
                        seconds = Math.round(measured.seconds() * 100) / 100.0;
                        samples = written.path("samples").asLong();
                        print(k, name, "positives", written.path("positives").asLong());
                        print(k, name, "driver_memory", driverMemory);
                        print(k, name, "driver_peak_rss_mb", String.format("%.0f", measured.peakRssMb()));
                    }
                    print(k, name, "samples", samples);
                    print(k, name, "seconds", seconds);
                    print(k, name, "seconds_per_1k_samples", String.format("%.3f", 1000.0 * seconds / samples));
                }
            }
        } finally {
            spark.stop();
        }
    }

    private static double seconds(long startedNanos) {
        return Math.round((System.nanoTime() - startedNanos) / 1e7) / 100.0;
    }

    private static void print(int scale, String task, String figure, Object value) {
        System.out.println("cohort.x" + scale + "." + task + "." + figure + "=" + value);
    }
}
