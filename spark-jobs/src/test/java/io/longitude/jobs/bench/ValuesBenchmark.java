package io.longitude.jobs.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.longitude.cohort.TaskFiles;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.cohort.CohortJob;
import io.longitude.jobs.cohort.CohortSummary;
import io.longitude.jobs.evaluate.EvaluateConfig;
import io.longitude.jobs.evaluate.EvaluateJob;
import io.longitude.jobs.ingest.IngestConfig;
import io.longitude.jobs.ingest.IngestJob;
import io.longitude.jobs.testing.TestData;
import io.longitude.jobs.train.TrainConfig;
import io.longitude.jobs.train.TrainJob;
import io.longitude.models.evaluation.HeadlineMetrics;
import io.longitude.warehouse.Warehouse;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code scripts/bench.sh values [--tasks T1,T2] [--model M] [--work DIR] [--conf key=value]…}: test-split AUROC and
 * AUPRC with their patient-bootstrap CIs of the network and the logistic-regression baseline, with observation values
 * as tokens and without, on the shared Synthea bundles (ingested once into {@code --work}, default a temp-dir
 * folder, and reused). Per task and setting: the cohort rebuilt ({@code task.features.values.enabled}), the model
 * trained with the default settings (plus {@code --conf}), evaluated, and evaluate's headline lines printed, each
 * with its positive patients and whether it can be judged. Not a speed benchmark.
 */
public final class ValuesBenchmark {

    private ValuesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> tasks = List.of("mortality-inhospital", "readmission-30d");
        String model = "gru";
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "longitude-values-bench");
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--tasks" -> tasks = List.of(args[i + 1].split(","));
                case "--model" -> model = args[i + 1];
                case "--work" -> work = Path.of(args[i + 1]);
                case "--conf" -> overrides.add(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        SparkSession spark = SparkSession.builder().appName("longitude-values-benchmark").master("local[2]")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .config("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        try {
            String warehouse = work.toString();
            if (!Files.isDirectory(Path.of(new Warehouse(warehouse).table(Warehouse.VISIT_SEQUENCES)))) {
                new IngestJob(IngestConfig.from(LongitudeConfigLoader.load(null, List.of()),
                        List.of(TestData.sharedSyntheaBundles().toString()), warehouse)).run(spark);
            }
            for (String task : tasks) {
                for (boolean values : new boolean[]{false, true}) {
                    String prefix = "values_" + (values ? "on" : "off") + " " + task + " ";
                    CohortSummary cohort = new CohortJob(warehouse, TaskFiles.load(task,
                            List.of("task.features.values.enabled=" + values))).run(spark);
                    System.out.println(prefix + "samples=" + cohort.samples() + " vocabulary="
                            + cohort.vocabularySize());
                    long started = System.nanoTime();
                    new TrainJob(TrainConfig.from(LongitudeConfigLoader.load(null, overrides), warehouse, task, model,
                            false)).run(spark);
                    System.out.printf("%strain_seconds=%.0f%n", prefix, (System.nanoTime() - started) / 1e9);
                    ObjectNode metrics = new EvaluateJob(EvaluateConfig.from(LongitudeConfigLoader.load(null,
                            overrides), warehouse, task, model)).run(spark);
                    HeadlineMetrics.of(metrics).forEach(m -> System.out.println(prefix + m.text()));
                }
            }
        } finally {
            spark.stop();
        }
    }
}
