package io.longitude.jobs.writeback;

import io.longitude.jobs.HadoopFiles;
import ca.uhn.fhir.parser.IParser;
import io.longitude.fhir.FhirContexts;
import io.longitude.config.BadInputException;
import io.longitude.warehouse.Warehouse;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.hl7.fhir.r4.model.Reference;
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
 * a FHIR server, PUT through transaction bundles from the executors. The NDJSON in the warehouse names
 * subject and encounter by their pseudonymous keys (logical references, {@link RiskAssessmentFactory#keyReference}):
 * like every table outside {@code identity}, it carries no source id. Only the resources sent to the
 * server get the source {@code Patient/…} and {@code Encounter/…} references, recovered through the identity
 * table on the executors; nothing identifying is logged or written.
 */
public final class WritebackJob {

    private static final Logger LOG = LoggerFactory.getLogger(WritebackJob.class);

    private final WritebackConfig config;

    public WritebackJob(WritebackConfig config) {
        this.config = config;
    }

    public WritebackSummary run(SparkSession spark) throws IOException {
        Warehouse warehouse = new Warehouse(config.warehouse());
        var hadoop = spark.sparkContext().hadoopConfiguration();
        String predictionsPath = warehouse.latestVersion(config.task(), config.model()).predictions();
        List<String> needed = config.fhirServer() == null ? List.of(predictionsPath)
                : List.of(predictionsPath, warehouse.table(Warehouse.IDENTITY));
        for (String table : needed) {
            if (!HadoopFiles.exists(hadoop, table)) {
                throw new BadInputException("writeback needs " + table + ", which does not exist");
            }
        }
        Dataset<Row> predictions = spark.read().parquet(predictionsPath)
                .filter(col("model").equalTo(config.model()).and(col("split").isin(config.splits().toArray())));

        long scored = predictions.count();
        RiskAssessmentFactory factory = new RiskAssessmentFactory(config.task(), config.outcome(), config.modelCardBaseUrl());
        Dataset<String> ndjson = predictions
                .select(col("sampleId"), col("patientKey"), col("encounterKey"), col("indexTime"), col("model"),
                        col("modelVersion"), col("score"))
                .mapPartitions((MapPartitionsFunction<Row, String>) rows -> {
                    IParser parser = FhirContexts.r4().newJsonParser();
                    List<String> lines = new ArrayList<>();
                    while (rows.hasNext()) {
                        Row r = rows.next();
                        lines.add(parser.encodeResourceToString(create(factory, r,
                                RiskAssessmentFactory.keyReference(RiskAssessmentFactory.PATIENT_KEY_SYSTEM, r.getString(1)),
                                RiskAssessmentFactory.keyReference(RiskAssessmentFactory.ENCOUNTER_KEY_SYSTEM,
                                        r.isNullAt(2) ? null : r.getString(2)))));
                    }
                    return lines.iterator();
                }, Encoders.STRING());
        String output = warehouse.riskAssessments(config.task(), config.model());
        ndjson.write().mode(SaveMode.Overwrite).text(output);
        long resources = spark.read().textFile(output).count();

        long accepted = 0;
        if (config.fhirServer() != null) {
            accepted = post(spark, withSourceReferences(spark, predictions, warehouse), factory, scored);
        }
        WritebackSummary summary = new WritebackSummary(config.task(), config.model(), scored, resources,
                config.fhirServer() == null ? null : accepted, output);
        LOG.info("write-back of {} {}: {} resources written, {} accepted by the FHIR server", config.task(),
                config.model(), resources, config.fhirServer() == null ? "n/a" : accepted);
        return summary;
    }

    /** The predictions with their source patient and encounter references, through the identity table. */
    private static Dataset<Row> withSourceReferences(SparkSession spark, Dataset<Row> predictions, Warehouse warehouse) {
        Dataset<Row> identity = spark.read().parquet(warehouse.table(Warehouse.IDENTITY));
        Dataset<Row> patients = identity.filter(col("resourceType").equalTo("Patient"))
                .select(col("key").as("patientKey"), col("sourceRef").as("patientRef"));
        Dataset<Row> encounters = identity.filter(col("resourceType").equalTo("Encounter"))
                .select(col("key").as("encounterKey"), col("sourceRef").as("encounterRef"));
        return predictions
                .join(patients, "patientKey")
                .join(encounters, predictions.col("encounterKey").equalTo(encounters.col("encounterKey")), "left")
                .select(col("sampleId"), col("patientRef"), col("encounterRef"), col("indexTime"), col("model"),
                        col("modelVersion"), col("score"));
    }

    /** Columns: sample id, (subject), (encounter), index time, model, model version, score. */
    private static RiskAssessment create(RiskAssessmentFactory factory, Row r, Reference subject, Reference encounter) {
        return factory.create(r.getString(0), subject, encounter, (Timestamp) r.get(3), r.getString(4), r.getString(5),
                r.getDouble(6));
    }

    private long post(SparkSession spark, Dataset<Row> resolved, RiskAssessmentFactory factory, long scored) {
        LongAccumulator accepted = spark.sparkContext().longAccumulator("writeback.accepted");
        LongAccumulator sent = spark.sparkContext().longAccumulator("writeback.sent");
        FhirTransactionPoster poster = new FhirTransactionPoster(config.fhirServer(), config.maxAttempts(),
                config.retryBackoffMillis(), config.requestTimeoutMillis());
        int batchSize = config.batchSize();
        resolved.foreachPartition((ForeachPartitionFunction<Row>) rows -> {
            FhirTransactionPoster.Session session = poster.open();
            List<RiskAssessment> batch = new ArrayList<>(batchSize);
            Iterator<Row> it = rows;
            while (it.hasNext()) {
                Row r = it.next();
                batch.add(create(factory, r, RiskAssessmentFactory.sourceReference(r.getString(1)),
                        RiskAssessmentFactory.sourceReference(r.isNullAt(2) ? null : r.getString(2))));
                if (batch.size() == batchSize || !it.hasNext()) {
                    sent.add(batch.size());
                    accepted.add(session.send(batch));
                    batch.clear();
                }
            }
        });
        if (sent.value() < scored) {
            LOG.warn("{} of {} scored samples have no patient in the identity table and were not sent to the FHIR server",
                    scored - sent.value(), scored);
        }
        return accepted.value();
    }
}
