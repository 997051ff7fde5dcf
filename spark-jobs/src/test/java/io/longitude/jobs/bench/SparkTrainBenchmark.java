package io.longitude.jobs.bench;

import io.longitude.config.LongitudeConfigLoader;
import io.longitude.warehouse.Warehouse;
import io.longitude.jobs.cohort.CohortJob;
import io.longitude.jobs.cohort.CohortSummary;
import io.longitude.cohort.TaskFiles;
import io.longitude.jobs.bench.WarehouseScaler;
import io.longitude.jobs.ingest.IngestConfig;
import io.longitude.jobs.ingest.IngestJob;
import io.longitude.jobs.testing.TestData;
import io.longitude.jobs.train.TrainConfig;
import io.longitude.jobs.train.TrainJob;
import io.longitude.jobs.train.TrainSummary;
import io.longitude.models.train.TrainingProgress;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code scripts/bench.sh spark-train [--scale K] [--task T] [--model M] [--epochs N] [--work DIR] [--conf key=value]…}: distributed
 * training throughput with one Spark worker against two, on the same cohort (the shared Synthea bundles ingested,
 * multiplied K-fold by {@link WarehouseScaler}, default 10), the same model and the same number of epochs
 * (early stopping still applies), in one local[2] session, after an untimed one-epoch warm-up. Throughput is
 * training sequences per second of the epochs after the first, with the one-time featurising and writing of the
 * minibatches (export approach) charged to them; the best validation score of
 * each run (AUROC; recall@k for next-visit-dx) is printed beside it, since averaging two workers' parameters may learn differently.
 * Prints {@code spark_train_scaling_2w=<2 workers / 1 worker>}. The ingested, scaled and cohort warehouses are
 * kept under {@code --work} (default a temp-dir folder) and reused.
 */
public final class SparkTrainBenchmark {

    private SparkTrainBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int scale = 10;
        String task = "readmission-30d";
        String model = "gru";
        int epochs = 4;
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "longitude-spark-train-bench");
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--scale" -> scale = Integer.parseInt(args[i + 1]);
                case "--task" -> task = args[i + 1];
                case "--model" -> model = args[i + 1];
                case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
                case "--work" -> work = Path.of(args[i + 1]);
                case "--conf" -> overrides.add(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        SparkSession spark = BenchSpark.asTheLauncher("longitude-spark-train-benchmark")
                .config("spark.sql.shuffle.partitions", "8").getOrCreate();
        try {
            String warehouse = cohortWarehouse(spark, work, scale, task);
            System.out.println("spark_train_task=" + task);
            System.out.println("spark_train_model=" + model);
            System.out.println("spark_train_scale=" + scale);
            System.out.println("spark_train_epochs=" + epochs);
            System.out.println("omp_num_threads=" + System.getenv().getOrDefault("OMP_NUM_THREADS", "(default)"));
            // Untimed: JIT and ND4J warm up here rather than in the one-worker run, which comes first.
            train(spark, overrides, warehouse, task, model, 1, 1);
            double[] rate = new double[3];
            for (int workers : new int[]{1, 2}) {
                TrainSummary summary = train(spark, overrides, warehouse, task, model, workers, epochs);
                List<TrainingProgress.Epoch> history = summary.progress().history;
                List<TrainingProgress.Epoch> timed = history.size() > 1 ? history.subList(1, history.size()) : history;
                // The minibatches are written once before the first epoch: their cost is charged to the timed epochs.
                double seconds = timed.stream().mapToDouble(e -> e.seconds).sum() + summary.progress().preparationSeconds;
                double sequences = timed.stream().mapToDouble(e -> e.sequencesPerSecond * e.seconds).sum();
                rate[workers] = sequences / seconds;
                String key = "spark_train_" + workers + "w_";
                System.out.printf("%sminibatch_export_seconds=%.2f%n", key, summary.progress().preparationSeconds);
                System.out.printf("%sepochs=%d%n%sseq_per_s=%.1f%n%svalidation_metric=%s%n%sbest_validation_score=%.4f%n"
                                + "%slast_validation_score=%.4f%n%sbaseline_validation_score=%.4f%n%sjob_seconds=%.1f%n",
                        key, history.size(), key, rate[workers], key, summary.validationMetric(), key,
                        summary.validationScore(), key, history.get(history.size() - 1).validationScore, key,
                        summary.baselineValidationScore(), key, summary.seconds());
            }
            System.out.printf("spark_train_scaling_2w=%.2f%n", rate[2] / rate[1]);
        } finally {
            spark.stop();
        }
    }

    private static TrainSummary train(SparkSession spark, List<String> overrides, String warehouse, String task,
                                      String model, int workers, int epochs) {
        List<String> settings = new ArrayList<>(overrides);
        settings.addAll(List.of("train.workers=" + workers, "train.epochs=" + epochs));
        return new TrainJob(TrainConfig.from(LongitudeConfigLoader.load(null, settings), warehouse, task, model, false))
                .run(spark);
    }

    /** The shared bundles ingested, multiplied {@code scale}-fold and the task's cohort built, reused when present. */
    private static String cohortWarehouse(SparkSession spark, Path work, int scale, String task) {
        Path base = work.resolve("x1");
        if (!Files.isDirectory(Path.of(new Warehouse(base.toString()).table(Warehouse.VISIT_SEQUENCES)))) {
            new IngestJob(IngestConfig.from(LongitudeConfigLoader.load(null, List.of()),
                    List.of(TestData.sharedSyntheaBundles().toString()), base.toString())).run(spark);
        }
        Path scaled = base;
        if (scale > 1) {
            scaled = work.resolve("x" + scale);
            if (!Files.isDirectory(Path.of(new Warehouse(scaled.toString()).table(Warehouse.VISIT_SEQUENCES)))) {
                WarehouseScaler.scale(spark, base.toString(), scaled.toString(), scale, 1);
            }
        }
        String warehouse = scaled.toString();
        if (!Files.isDirectory(Path.of(new Warehouse(warehouse).cohortSamples(task)))) {
            CohortSummary cohort = new CohortJob(warehouse, TaskFiles.load(task, List.of())).run(spark);
            System.out.println("spark_train_cohort_samples=" + cohort.samples());
        }
        return warehouse;
    }
}
