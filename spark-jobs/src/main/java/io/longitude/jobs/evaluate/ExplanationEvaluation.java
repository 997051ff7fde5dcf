package io.longitude.jobs.evaluate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.longitude.cohort.CohortSample;
import io.longitude.jobs.CodeDescriptions;
import io.longitude.jobs.CohortExamples;
import io.longitude.jobs.HadoopFiles;
import io.longitude.jobs.NetworkScorer;
import io.longitude.models.data.VisitSequenceExample;
import io.longitude.models.explain.CodeAttribution;
import io.longitude.models.explain.Comprehensiveness;
import io.longitude.models.explain.IntegratedGradients;
import io.longitude.models.explain.SampleAttribution;
import io.longitude.models.registry.ModelVersion;
import io.longitude.models.saved.SavedModel;
import io.longitude.scoring.ScoringVersion;
import io.longitude.warehouse.Warehouse;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.JavaConverters;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.arrays_zip;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * A binary network's explanations over the test split, written to {@code explanations.json} beside metrics.json:
 * integrated gradients ({@link IntegratedGradients}) of every test sample computed on the executors, with ERASER
 * comprehensiveness ({@link Comprehensiveness}) in the same pass; Spark aggregates the codes with the largest mean
 * |attribution| over the test samples (a code absent from a sample counts 0 there) and the means of the checks, and
 * only those aggregates reach the driver. Beside them, the logistic-regression baseline's largest coefficients (its
 * saved model's), each code with its description from the warehouse's {@code codes} table.
 */
final class ExplanationEvaluation {

    private static final Logger LOG = LoggerFactory.getLogger(ExplanationEvaluation.class);
    private static final long SEED = 20240601L;
    private static final StructType SAMPLES = new StructType()
            .add("patientKey", DataTypes.StringType, false)
            .add("label", DataTypes.IntegerType, false)
            .add("sampleId", DataTypes.StringType, false)
            .add("topDrop", DataTypes.DoubleType, true)
            .add("randomDrop", DataTypes.DoubleType, true)
            .add("difference", DataTypes.DoubleType, false)
            .add("completenessGap", DataTypes.DoubleType, false)
            .add("codes", DataTypes.createArrayType(DataTypes.IntegerType), false)
            .add("attributions", DataTypes.createArrayType(DataTypes.DoubleType), false);

    private ExplanationEvaluation() {
    }

    /** The document it wrote, or null (saying why in the log) when the version or the cohort cannot be explained. */
    static ObjectNode run(SparkSession spark, Warehouse warehouse, String task, String model, ModelVersion version,
                          ExplanationSettings settings, int minPositivePatients) throws IOException {
        String missing = !settings.enabled() ? "evaluate.explain.top-codes is 0"
                : !Files.isRegularFile(version.model().resolve(SavedModel.NETWORK_FILE)) ? "the version has no network"
                : !Files.isRegularFile(version.vocabulary()) ? "the version keeps no vocabulary"
                : !HadoopFiles.exists(spark.sparkContext().hadoopConfiguration(), warehouse.cohortSamples(task))
                        ? "there is no cohort" : null;
        ScoringVersion scoring = missing == null ? ScoringVersion.load(version, "version " + version.name()) : null;
        List<String> tokens = scoring == null ? null : scoring.vocabulary().tokens();
        if (missing == null && !tokens.equals(cohortTokens(spark, warehouse, task))) {
            missing = "the cohort was rebuilt with another vocabulary after " + version.name() + " was trained";
        }
        if (missing != null) {
            LOG.info("no explanations of {} {} for {}: {}", model, version.name(), task, missing);
            return null;
        }

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<byte[]> network = jsc.broadcast(scoring.network());
        IntegratedGradients gradients = new IntegratedGradients(scoring.featuriser(), settings.steps());
        int batchSize = scoring.batchSize();
        int k = settings.eraseCodes();
        Dataset<Row> test = spark.read().parquet(warehouse.cohortSamples(task)).filter(col("split").equalTo("test"));
        long available = test.count();
        if (available > settings.maxSamples()) {
            // Integrated gradients cost `steps` passes per sample: a fixed subset of about maxSamples, by sample id.
            long buckets = 1_000_000;
            test = test.filter(pmod(xxhash64(col("sampleId")), lit(buckets))
                    .lt(lit((long) Math.ceil((double) settings.maxSamples() / available * buckets))));
        }
        Dataset<Row> samples = test
                .as(Encoders.bean(CohortSample.class))
                .mapPartitions((MapPartitionsFunction<CohortSample, Row>) rows -> {
                    List<Row> out = new ArrayList<>();
                    if (!rows.hasNext()) {
                        return out.iterator();
                    }
                    MultiLayerNetwork net = NetworkScorer.restore(network.value());
                    List<CohortSample> batch = new ArrayList<>(batchSize);
                    while (rows.hasNext()) {
                        batch.add(rows.next());
                        if (batch.size() == batchSize || !rows.hasNext()) {
                            explainBatch(net, gradients, batch, k, out);
                            batch.clear();
                        }
                    }
                    return out.iterator();
                }, Encoders.row(SAMPLES))
                .persist();
        try {
            Row overall = samples.agg(count("*"), countDistinct(when(col("label").equalTo(1), col("patientKey"))),
                    count(col("topDrop")), avg(col("topDrop")), avg(col("randomDrop")), avg(col("difference")),
                    avg(col("completenessGap"))).first();
            long testSamples = overall.getLong(0);
            Dataset<Row> occurrences = samples.select(col("sampleId"),
                    explode(arrays_zip(col("codes"), col("attributions"))).as("o"));
            List<Row> top = occurrences.groupBy(col("o.codes").as("code"))
                    .agg(sum(abs(col("o.attributions"))).as("absolute"), sum(col("o.attributions")).as("signed"),
                            countDistinct(col("sampleId")).as("samples"))
                    .orderBy(col("absolute").desc(), col("code")).limit(settings.topCodes()).collectAsList();
            Map<String, String> descriptions = CodeDescriptions.of(spark, warehouse, tokens);

            ObjectNode document = JsonNodeFactory.instance.objectNode();
            document.put("task", task);
            document.put("model", model);
            document.put("modelVersion", version.name());
            document.put("split", "test");
            document.put("method", "integrated gradients of the network's output probability (before recalibration) "
                    + "with respect to each present code input; baseline: every code input 0, numeric features kept");
            document.put("steps", settings.steps());
            document.put("testSamples", available);
            document.put("samples", testSamples);
            long positivePatients = overall.getLong(1);
            document.put("positivePatients", positivePatients);
            document.put("judgeable", positivePatients >= minPositivePatients);
            ObjectNode completeness = document.putObject("completeness");
            completeness.put("meanAbsoluteDifference", overall.isNullAt(5) ? 0 : overall.getDouble(5));
            completeness.put("meanAbsoluteGap", overall.isNullAt(6) ? 0 : overall.getDouble(6));
            ObjectNode comprehensiveness = document.putObject("comprehensiveness");
            comprehensiveness.put("k", k);
            comprehensiveness.put("samples", overall.getLong(2));
            comprehensiveness.put("topDrop", overall.isNullAt(3) ? 0 : overall.getDouble(3));
            comprehensiveness.put("randomDrop", overall.isNullAt(4) ? 0 : overall.getDouble(4));
            comprehensiveness.put("margin", comprehensiveness.get("topDrop").asDouble()
                    - comprehensiveness.get("randomDrop").asDouble());
            ArrayNode codes = document.putArray("topCodes");
            for (Row r : top) {
                String token = tokens.get(r.getInt(0));
                ObjectNode code = codes.addObject();
                code.put("token", token);
                code.put("description", descriptions.get(token));
                code.put("meanAbsoluteAttribution", r.getDouble(1) / testSamples);
                code.put("meanAttribution", r.getDouble(2) / testSamples);
                code.put("samples", r.getLong(3));
            }
            ArrayNode coefficients = document.putArray("baselineCoefficients");
            if (Files.isDirectory(version.baseline())) {
                double[] weights = LogisticRegressionModel.load(version.baseline().toUri().toString()).coefficients()
                        .toArray();
                IntStream.range(0, Math.min(tokens.size(), weights.length)).boxed()
                        .sorted(Comparator.comparingDouble((Integer i) -> -Math.abs(weights[i])).thenComparing(i -> i))
                        .limit(settings.topCodes())
                        .forEach(i -> coefficients.addObject().put("token", tokens.get(i))
                                .put("description", descriptions.get(tokens.get(i))).put("coefficient", weights[i]));
            }
            HadoopFiles.writeString(spark.sparkContext().hadoopConfiguration(), warehouse.explanationsJson(task, model),
                    document.toPrettyString());
            LOG.info("explained {} {} on {} of {} test samples: removing the top {} codes lowers the score by {}, {} random "
                            + "codes by {} [positive patients: {}{}]", model, version.name(), testSamples, available, k,
                    String.format(Locale.ROOT, "%.4f", comprehensiveness.get("topDrop").asDouble()), k,
                    String.format(Locale.ROOT, "%.4f", comprehensiveness.get("randomDrop").asDouble()),
                    positivePatients, document.get("judgeable").asBoolean() ? "" : ", cannot be judged on this data");
            return document;
        } finally {
            samples.unpersist();
            network.destroy();
        }
    }

    private static void explainBatch(MultiLayerNetwork net, IntegratedGradients gradients, List<CohortSample> batch,
                                     int k, List<Row> out) {
        List<VisitSequenceExample> examples = batch.stream().map(CohortExamples::toExample).toList();
        List<SampleAttribution> attributions = gradients.attribute(net, examples);
        List<double[]> drops = Comprehensiveness.drops(gradients, net, examples, attributions, k, SEED);
        int dropped = 0;
        for (int i = 0; i < batch.size(); i++) {
            SampleAttribution a = attributions.get(i);
            double[] drop = a.codes().isEmpty() ? null : drops.get(dropped++);
            double difference = a.score() - a.baselineScore();
            CohortSample sample = batch.get(i);
            out.add(RowFactory.create(sample.getPatientKey(), sample.getLabel() == null ? 0 : sample.getLabel(),
                    sample.getSampleId(), drop == null ? null : drop[0], drop == null ? null : drop[1],
                    Math.abs(difference), Math.abs(a.attributionSum() - difference),
                    JavaConverters.asScalaBuffer(a.codes().stream().map(CodeAttribution::code).toList()).toSeq(),
                    JavaConverters.asScalaBuffer(a.codes().stream().map(CodeAttribution::attribution).toList()).toSeq()));
        }
    }

    private static List<String> cohortTokens(SparkSession spark, Warehouse warehouse, String task) {
        return spark.read().parquet(warehouse.cohortVocabulary(task)).orderBy("id").select("token")
                .as(Encoders.STRING()).collectAsList();
    }
}
