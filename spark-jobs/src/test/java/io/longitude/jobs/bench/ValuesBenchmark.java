package io.longitude.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code scripts/bench.sh values [--tasks T1,T2] [--model M] [--work DIR] [--warehouse W] [--settings S1,S2]
 * [--conf key=value]…}: test-split AUROC and AUPRC with their patient-bootstrap CIs of the network and the
 * logistic-regression baseline, with observation values off ({@code values_off}), as tokens ({@code values_tokens})
 * and as tokens plus last values ({@code values_last}; {@code --settings} picks some). The visit sequences are the
 * shared Synthea bundles' (ingested once into {@code --work}, default a temp-dir folder, and reused) or, with
 * {@code --warehouse}, those of an existing warehouse, linked into {@code --work} and only read: cohorts, models and
 * evaluations are written under {@code --work}, never into W. Per task and setting: the cohort rebuilt, the model
 * trained with the default settings (plus {@code --conf}, e.g. {@code train.epochs=8}), evaluated, and each model's
 * test AUROC and AUPRC printed with their 95% patient-bootstrap CIs (from {@code metrics.json}), positive patients
 * and whether they can be judged ({@code evaluate.min-positive-patients}). Not a speed benchmark.
 */
public final class ValuesBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** The task overrides of a setting. */
    private static List<String> setting(String name) {
        return switch (name) {
            case "off" -> List.of("task.features.values.enabled=false");
            case "tokens" -> List.of("task.features.values.enabled=true", "task.features.values.last-values=0");
            case "last" -> List.of("task.features.values.enabled=true", "task.features.values.last-values=8");
            default -> throw new IllegalArgumentException("unknown setting " + name + " (off, tokens, last)");
        };
    }

    /**
     * {@code work}'s ingested tables as links to {@code source}'s: the cohort job reads them there, and everything
     * the benchmark writes lands in {@code work}.
     */
    private static void linkTables(Path source, Path work) throws IOException {
        Warehouse from = new Warehouse(source.toString());
        Warehouse to = new Warehouse(work.toString());
        if (!Files.isDirectory(Path.of(from.table(Warehouse.VISIT_SEQUENCES)))) {
            throw new IllegalArgumentException("no " + Warehouse.VISIT_SEQUENCES + " table in " + source);
        }
        for (String table : List.of(Warehouse.VISIT_SEQUENCES, Warehouse.PATIENTS, Warehouse.ENCOUNTERS,
                Warehouse.EVENTS, Warehouse.CODES)) {
            Path target = Path.of(from.table(table)).toAbsolutePath();
            Path link = Path.of(to.table(table));
            if (Files.isDirectory(target) && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(link.getParent());
                Files.createSymbolicLink(link, target);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> tasks = List.of("mortality-inhospital", "readmission-30d-unplanned");
        List<String> settings = List.of("off", "tokens", "last");
        String model = "gru";
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "longitude-values-bench");
        Path source = null;
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--tasks" -> tasks = List.of(args[i + 1].split(","));
                case "--settings" -> settings = List.of(args[i + 1].split(","));
                case "--model" -> model = args[i + 1];
                case "--work" -> work = Path.of(args[i + 1]);
                case "--warehouse" -> source = Path.of(args[i + 1]);
                case "--conf" -> overrides.add(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        settings.forEach(ValuesBenchmark::setting);
        if (source != null) {
            linkTables(source, work);
        }
        SparkSession spark = BenchSpark.asTheLauncher("longitude-values-benchmark").getOrCreate();
        try {
            String warehouse = work.toString();
            if (!Files.isDirectory(Path.of(new Warehouse(warehouse).table(Warehouse.VISIT_SEQUENCES)))) {
                new IngestJob(IngestConfig.from(LongitudeConfigLoader.load(null, List.of()),
                        List.of(TestData.sharedSyntheaBundles().toString()), warehouse)).run(spark);
            }
            for (String task : tasks) {
                for (String setting : settings) {
                    String prefix = "values_" + setting + " " + task + " ";
                    long cohortStarted = System.nanoTime();
                    CohortSummary cohort = new CohortJob(warehouse, TaskFiles.load(task, setting(setting))).run(spark);
                    System.out.printf("%ssamples=%d vocabulary=%d numeric_features=%d cohort_seconds=%.0f%n", prefix,
                            cohort.samples(), cohort.vocabularySize(),
                            JSON.readTree(cohort.toJson()).path("numericFeatures").size(),
                            (System.nanoTime() - cohortStarted) / 1e9);
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
