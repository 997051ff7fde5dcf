package io.longitude.jobs.bench;

import io.longitude.cohort.CohortSample;
import io.longitude.cohort.TaskFiles;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.explain.ContributingCode;
import io.longitude.jobs.CodeDescriptions;
import io.longitude.jobs.CohortExamples;
import io.longitude.jobs.NetworkScorer;
import io.longitude.jobs.cohort.CohortJob;
import io.longitude.jobs.evaluate.EvaluateConfig;
import io.longitude.jobs.evaluate.EvaluateJob;
import io.longitude.jobs.ingest.IngestConfig;
import io.longitude.jobs.ingest.IngestJob;
import io.longitude.jobs.testing.TestData;
import io.longitude.jobs.train.TrainConfig;
import io.longitude.jobs.train.TrainJob;
import io.longitude.models.data.SequenceFeaturiser;
import io.longitude.models.data.VisitSequenceExample;
import io.longitude.models.explain.IntegratedGradients;
import io.longitude.models.explain.SampleAttribution;
import io.longitude.models.registry.ModelVersion;
import io.longitude.scoring.ScoringVersion;
import io.longitude.warehouse.Warehouse;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code scripts/bench.sh explain [--work DIR] [--task T] [--model M] [--events N] [--top-codes K] [--steps S]}: the
 * cost of explaining scores. On the shared Synthea bundles (ingested, the task's cohort built and the model trained
 * and evaluated into {@code --work} when it holds no version of the model trained on its current cohort; an existing
 * warehouse is only read), the cohort's samples, repeated up to at least {@code --events} (default 1000), are scored on
 * the executors as the score job scores them (the version's network rebuilt per partition, minibatches of its batch
 * size): once without explanations, once with the top {@code --top-codes} (5) contributing codes of each event by
 * integrated gradients in {@code --steps} (32) steps, as {@code score.explain} does. Each pass runs twice and the
 * second is timed. Prints seconds per 1,000 events for both and their ratio.
 */
public final class ExplainBenchmark {

    private ExplainBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "longitude-explain-bench");
        String task = "readmission-30d";
        String model = "gru";
        int events = 1000;
        int topCodes = 5;
        int steps = 32;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--work" -> work = Path.of(args[i + 1]);
                case "--task" -> task = args[i + 1];
                case "--model" -> model = args[i + 1];
                case "--events" -> events = Integer.parseInt(args[i + 1]);
                case "--top-codes" -> topCodes = Integer.parseInt(args[i + 1]);
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        SparkSession spark = BenchSpark.asTheLauncher("longitude-explain-benchmark").getOrCreate();
        try {
            Warehouse warehouse = new Warehouse(work.toString());
            ScoringVersion version = versionOnTheCohort(spark, warehouse, task, model);
            Dataset<CohortSample> cohort = spark.read().parquet(warehouse.cohortSamples(task))
                    .as(Encoders.bean(CohortSample.class));
            long once = cohort.count();
            Dataset<CohortSample> samples = cohort;
            for (long n = once; n < events; n += once) {
                samples = samples.union(cohort);
            }
            samples = samples.repartition(2).cache();
            long total = samples.count();
            double visits = samples.selectExpr("avg(size(visits))").first().getDouble(0);
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Broadcast<byte[]> network = jsc.broadcast(version.network());
            Broadcast<Map<String, String>> descriptions = jsc.broadcast(CodeDescriptions.of(spark, warehouse,
                    version.vocabulary().tokens()));
            System.out.printf("explain_events=%d (the %d samples of the %s cohort repeated) mean_visits=%.1f "
                            + "vocabulary=%d version=%s%n", total, once, task, visits, version.vocabulary().tokens().size(),
                    version.name());
            double plain = 0;
            double explained = 0;
            for (int round = 0; round < 2; round++) {
                plain = pass(samples, version, network, descriptions, 0, steps);
                explained = pass(samples, version, network, descriptions, topCodes, steps);
            }
            System.out.printf("score_seconds_per_1k_events=%.2f%n", plain * 1000 / total);
            System.out.printf("score_explained_seconds_per_1k_events=%.2f (top %d codes, %d steps)%n",
                    explained * 1000 / total, topCodes, steps);
            System.out.printf("explain_seconds_per_1k_events=%.2f%n", (explained - plain) * 1000 / total);
            System.out.printf("explain_cost_ratio=%.1f%n", explained / plain);
        } finally {
            spark.stop();
        }
    }

    /** Seconds to score every sample on the executors, explaining the top {@code topCodes} (0: none). */
    private static double pass(Dataset<CohortSample> samples, ScoringVersion version, Broadcast<byte[]> network,
                               Broadcast<Map<String, String>> descriptions, int topCodes, int steps) {
        SequenceFeaturiser featuriser = version.featuriser();
        int batchSize = version.batchSize();
        List<String> tokens = version.vocabulary().tokens();
        IntegratedGradients gradients = topCodes == 0 ? null : new IntegratedGradients(featuriser, steps);
        int gapFeature = featuriser.layout().numericFeatures().indexOf(ContributingCode.GAP_FEATURE);
        long started = System.nanoTime();
        samples.mapPartitions((MapPartitionsFunction<CohortSample, Long>) rows -> {
            MultiLayerNetwork net = NetworkScorer.restore(network.value());
            long kept = 0;
            List<VisitSequenceExample> batch = new ArrayList<>(batchSize);
            while (rows.hasNext()) {
                batch.add(CohortExamples.toExample(rows.next()));
                if (batch.size() == batchSize || !rows.hasNext()) {
                    kept += NetworkScorer.scoreBatch(net, featuriser, batch).length;
                    if (gradients != null) {
                        List<SampleAttribution> attributions = gradients.attribute(net, batch);
                        for (int i = 0; i < batch.size(); i++) {
                            kept += ContributingCode.top(attributions.get(i), batch.get(i), tokens,
                                    descriptions.value(), gapFeature, topCodes).size();
                        }
                    }
                    batch.clear();
                }
            }
            return List.of(kept).iterator();
        }, Encoders.LONG()).collectAsList();
        return (System.nanoTime() - started) / 1e9;
    }

    /** The latest version of the model when it was trained on the task's current cohort; otherwise builds one. */
    private static ScoringVersion versionOnTheCohort(SparkSession spark, Warehouse warehouse, String task,
                                                     String model) throws Exception {
        Optional<ModelVersion> latest = Files.isDirectory(Path.of(warehouse.cohortSamples(task)))
                ? warehouse.modelRegistry().latest(task, model) : Optional.empty();
        if (latest.isPresent() && Files.isRegularFile(latest.get().recalibration())) {
            ScoringVersion version = ScoringVersion.load(latest.get(), "version " + latest.get().name());
            List<String> cohortTokens = spark.read().parquet(warehouse.cohortVocabulary(task)).orderBy("id")
                    .select("token").as(Encoders.STRING()).collectAsList();
            if (cohortTokens.equals(version.vocabulary().tokens())) {
                return version;
            }
        }
        String root = warehouse.root();
        if (!Files.isDirectory(Path.of(warehouse.table(Warehouse.VISIT_SEQUENCES)))) {
            new IngestJob(IngestConfig.from(LongitudeConfigLoader.load(null, List.of()),
                    List.of(TestData.sharedSyntheaBundles().toString()), root)).run(spark);
        }
        new CohortJob(root, TaskFiles.load(task, List.of())).run(spark);
        new TrainJob(TrainConfig.from(LongitudeConfigLoader.load(null, List.of()), root, task, model, false)).run(spark);
        new EvaluateJob(EvaluateConfig.from(LongitudeConfigLoader.load(null, List.of()), root, task, model)).run(spark);
        ModelVersion trained = warehouse.latestVersion(task, model);
        return ScoringVersion.load(trained, "version " + trained.name());
    }
}
