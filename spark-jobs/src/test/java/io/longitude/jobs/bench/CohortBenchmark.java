package io.longitude.jobs.bench;

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
 * ({@code cohort.x<k>.<task>.<figure>}). Run on the test classpath with the project's JVM flags:
 * {@code CohortBenchmark [--scales 1,10,100] [--tasks a,b] [--work DIR] [--master local[2]] [--partitions 8]}.
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
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--scales" -> scales = Arrays.stream(args[i + 1].split(",")).map(Integer::parseInt).toList();
                case "--tasks" -> tasks = List.of(args[i + 1].split(","));
                case "--work" -> work = Path.of(args[i + 1]);
                case "--master" -> master = args[i + 1];
                case "--partitions" -> partitions = args[i + 1];
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
                    long started = System.nanoTime();
                    TaskConfig config = TaskFiles.load(task, List.of());
                    CohortSummary summary = new CohortJob(warehouse.toString(), config).run(spark);
                    double seconds = seconds(started);
                    print(k, task, "samples", summary.samples());
                    print(k, task, "patients", summary.patients());
                    if (config.kind().binary()) {
                        print(k, task, "positives", summary.positives());
                    }
                    print(k, task, "seconds", seconds);
                    print(k, task, "seconds_per_1k_samples", String.format("%.3f", 1000.0 * seconds / summary.samples()));
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
