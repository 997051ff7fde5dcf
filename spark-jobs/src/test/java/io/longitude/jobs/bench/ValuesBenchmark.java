package io.longitude.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.longitude.warehouse.Warehouse;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code scripts/bench.sh values [--tasks T1,T2] [--model M] [--work DIR] [--conf key=value]…}: test-split AUROC and
 * AUPRC with their patient-bootstrap CIs of the network and the logistic-regression baseline, with observation values
 * as tokens and without, on the shared Synthea bundles (ingested once into {@code --work}, default a temp-dir
 * folder, and reused). Per task and setting: the cohort rebuilt ({@code task.features.values.enabled}), the model
 * trained with the default settings (plus {@code --conf}), evaluated, and each model's test AUROC and AUPRC printed
 * with their 95% patient-bootstrap CIs (from {@code metrics.json}), positive patients and whether they can be judged
 * ({@code evaluate.min-positive-patients}). Not a speed benchmark.
 */
public final class ValuesBenchmark {

    private ValuesBenchmark() {
    }

    /** " AUROC 0.812 [0.700, 0.901]", or "n/a" where no resample had both classes. */
    private static String interval(JsonNode metrics, String metric) {
        JsonNode m = metrics.path(metric);
        String label = " " + metric.toUpperCase(Locale.ROOT) + " ";
        if (!m.path("value").isNumber()) {
            return label + "n/a";
        }
        return label + String.format(Locale.ROOT, "%.3f [%s, %s]", m.get("value").asDouble(), bound(m.path("ciLower")),
                bound(m.path("ciUpper")));
    }

    private static String bound(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "%.3f", value.asDouble()) : "n/a";
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
                    for (JsonNode m : metrics.path("models")) {
                        System.out.println(prefix + m.path("role").asText() + " " + m.path("model").asText() + " "
                                + m.path("modelVersion").asText() + " test samples " + m.path("samples").asLong()
                                + interval(m.path("metrics"), "auroc") + interval(m.path("metrics"), "auprc")
                                + " [positive patients: " + m.path("positivePatients").asLong()
                                + (m.path("judgeable").asBoolean() ? "" : ", cannot be judged on this data") + "]");
                    }
                }
            }
        } finally {
            spark.stop();
        }
    }
}
