package io.longitude.jobs.bench;

import io.longitude.jobs.LongitudeConfigLoader;
import io.longitude.jobs.Warehouse;
import io.longitude.jobs.cohort.CohortJob;
import io.longitude.jobs.cohort.CohortSummary;
import io.longitude.jobs.cohort.TaskFiles;
import io.longitude.jobs.cohort.WarehouseScaleJob;
import io.longitude.jobs.ingest.IngestConfig;
import io.longitude.jobs.ingest.IngestJob;
import io.longitude.jobs.testing.TestData;
import io.longitude.jobs.train.TrainConfig;
import io.longitude.jobs.train.TrainJob;
import io.longitude.jobs.train.TrainSummary;
import io.longitude.jobs.train.TrainingProgress;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code scripts/bench.sh spark-train [--scale K] [--task T] [--model M] [--epochs N] [--work DIR]}: distributed
 * training throughput with one Spark worker against two, on the same cohort (the shared Synthea bundles ingested,
 * multiplied K-fold by {@link WarehouseScaleJob}, default 10), the same model and the same number of epochs
 * (early stopping still applies), in one local[2] session. Throughput is training sequences per second per
 * epoch, the first epoch (JIT and ND4J warm-up) left out when there are more; the best validation score of
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
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--scale" -> scale = Integer.parseInt(args[i + 1]);
                case "--task" -> task = args[i + 1];
                case "--model" -> model = args[i + 1];
                case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
                case "--work" -> work = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        SparkSession spark = SparkSession.builder().appName("longitude-spark-train-benchmark").master("local[2]")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "8")
                .config("spark.sql.session.timeZone", "UTC")
                // As scripts/longitude runs the jobs: DataSets and parameters travel with Kryo.
                .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .config("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        try {
            String warehouse = cohortWarehouse(spark, work, scale, task);
            System.out.println("spark_train_task=" + task);
            System.out.println("spark_train_model=" + model);
            System.out.println("spark_train_scale=" + scale);
            System.out.println("spark_train_epochs=" + epochs);
            System.out.println("omp_num_threads=" + System.getenv().getOrDefault("OMP_NUM_THREADS", "(default)"));
            double[] rate = new double[3];
            for (int workers : new int[]{1, 2}) {
                TrainConfig config = TrainConfig.from(LongitudeConfigLoader.load(null, List.of(
                        "train.workers=" + workers, "train.epochs=" + epochs)), warehouse, task, model, false);
                TrainSummary summary = new TrainJob(config).run(spark);
                List<TrainingProgress.Epoch> history = summary.progress().history;
                List<TrainingProgress.Epoch> timed = history.size() > 1 ? history.subList(1, history.size()) : history;
                double seconds = timed.stream().mapToDouble(e -> e.seconds).sum();
                double sequences = timed.stream().mapToDouble(e -> e.sequencesPerSecond * e.seconds).sum();
                rate[workers] = sequences / seconds;
                String key = "spark_train_" + workers + "w_";
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
                WarehouseScaleJob.scale(spark, base.toString(), scaled.toString(), scale, 1);
            }
        }
        String warehouse = scaled.toString();
        if (!Files.isDirectory(Path.of(CohortJob.cohortPath(new Warehouse(warehouse), task), CohortJob.SAMPLES))) {
            CohortSummary cohort = new CohortJob(warehouse, TaskFiles.load(task, List.of())).run(spark);
            System.out.println("spark_train_cohort_samples=" + cohort.samples());
        }
        return warehouse;
    }
}
