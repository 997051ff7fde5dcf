package io.longitude.jobs.writeback;

import io.longitude.jobs.HadoopFiles;
import ca.uhn.fhir.parser.IParser;
import io.longitude.ingest.FhirContexts;
import io.longitude.jobs.BadInputException;
import io.longitude.jobs.Warehouse;
import io.longitude.jobs.evaluate.EvaluationPaths;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * Writes a model's predictions back as FHIR R4 RiskAssessments: NDJSON under
 * {@code tables/risk_assessments/<task>/<model>} (Spark text part files, one resource per line), and, with
 * a FHIR server, PUT through transaction bundles from the executors. Pseudonymous keys are turned back
 * into {@code Patient/…} and {@code Encounter/…} through the identity table only here, on the executors;
 * nothing identifying is logged.
 */
public final class WritebackJob {

    private static final Logger LOG = LoggerFactory.getLogger(WritebackJob.class);

    private final WritebackConfig config;

    public WritebackJob(WritebackConfig config) {
        this.config = config;
    }

    public static String ndjsonPath(Warehouse warehouse, String task, String model) {
        return warehouse.table("risk_assessments/" + task + "/" + model);
    }

    public WritebackSummary run(SparkSession spark) throws IOException {
        Warehouse warehouse = new Warehouse(config.warehouse());
        EvaluationPaths paths = new EvaluationPaths(warehouse, config.task(), config.model());
        var hadoop = spark.sparkContext().hadoopConfiguration();
        String predictionsPath = paths.predictions(paths.latestVersion());
        for (String table : List.of(predictionsPath, warehouse.table(Warehouse.IDENTITY))) {
            if (!HadoopFiles.exists(hadoop, table)) {
                throw new BadInputException("writeback needs " + table + ", which does not exist");
            }
        }
        Dataset<Row> predictions = spark.read().parquet(predictionsPath)
                .filter(col("model").equalTo(config.model()).and(col("split").isin(config.splits().toArray())));
        Dataset<Row> identity = spark.read().parquet(warehouse.table(Warehouse.IDENTITY));
        Dataset<Row> patients = identity.filter(col("resourceType").equalTo("Patient"))
                .select(col("key").as("patientKey"), col("sourceRef").as("patientRef"));
        Dataset<Row> encounters = identity.filter(col("resourceType").equalTo("Encounter"))
                .select(col("key").as("encounterKey"), col("sourceRef").as("encounterRef"));
        Dataset<Row> resolved = predictions
                .join(patients, "patientKey")
                .join(encounters, predictions.col("encounterKey").equalTo(encounters.col("encounterKey")), "left")
                .select(col("sampleId"), col("patientRef"), col("encounterRef"), col("indexTime"), col("model"),
                        col("modelVersion"), col("score"));

        long scored = predictions.count();
        RiskAssessmentFactory factory = new RiskAssessmentFactory(config.task(), config.outcome(), config.modelCardBaseUrl());
        Dataset<String> ndjson = resolved.mapPartitions((MapPartitionsFunction<Row, String>) rows -> {
            IParser parser = FhirContexts.r4().newJsonParser();
            List<String> lines = new ArrayList<>();
            while (rows.hasNext()) {
                Row r = rows.next();
                RiskAssessment risk = factory.create(r.getString(0), r.getString(1), r.isNullAt(2) ? null : r.getString(2),
                        (Timestamp) r.get(3), r.getString(4), r.getString(5), r.getDouble(6));
                lines.add(parser.encodeResourceToString(risk));
            }
            return lines.iterator();
        }, Encoders.STRING());
        String output = ndjsonPath(warehouse, config.task(), config.model());
        ndjson.write().mode(SaveMode.Overwrite).text(output);
        Dataset<String> written = spark.read().textFile(output);
        long resources = written.count();
        if (resources < scored) {
            LOG.warn("{} of {} scored samples have no patient in the identity table and were not written back",
                    scored - resources, scored);
        }

        long accepted = 0;
        if (config.fhirServer() != null) {
            accepted = post(spark, written);
        }
        WritebackSummary summary = new WritebackSummary(config.task(), config.model(), scored, resources,
                config.fhirServer() == null ? null : accepted, output);
        LOG.info("write-back of {} {}: {} resources written, {} accepted by the FHIR server", config.task(),
                config.model(), resources, config.fhirServer() == null ? "n/a" : accepted);
        return summary;
    }

    private long post(SparkSession spark, Dataset<String> ndjson) {
        LongAccumulator accepted = spark.sparkContext().longAccumulator("writeback.accepted");
        FhirTransactionPoster poster = new FhirTransactionPoster(config.fhirServer(), config.maxAttempts(),
                config.retryBackoffMillis(), config.requestTimeoutMillis());
        int batchSize = config.batchSize();
        ndjson.foreachPartition((ForeachPartitionFunction<String>) lines -> {
            FhirTransactionPoster.Session session = poster.open();
            IParser parser = FhirContexts.r4().newJsonParser();
            List<RiskAssessment> batch = new ArrayList<>(batchSize);
            Iterator<String> it = lines;
            while (it.hasNext()) {
                batch.add(parser.parseResource(RiskAssessment.class, it.next()));
                if (batch.size() == batchSize || !it.hasNext()) {
                    accepted.add(session.send(batch));
                    batch.clear();
                }
            }
        });
        return accepted.value();
    }
}
