package io.longitude.jobs.writeback;

import ca.uhn.fhir.parser.IParser;
import io.longitude.cohort.TaskConfig;
import io.longitude.config.BadInputException;
import io.longitude.fhir.FhirContexts;
import io.longitude.jobs.HadoopFiles;
import io.longitude.scoring.ScoresTable;
import io.longitude.warehouse.Warehouse;
import io.longitude.writeback.ConditionalUpdate;
import io.longitude.writeback.FhirTransactionSender;
import io.longitude.writeback.RiskAssessmentBuilder;
import io.longitude.writeback.RiskProbability;
import io.longitude.writeback.ScoredEvent;
import io.longitude.writeback.TransactionResult;
import io.longitude.writeback.WritebackSource;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * Writes scored events back as FHIR R4 RiskAssessments: one Bulk Data NDJSON file in the warehouse
 * ({@link Warehouse#riskAssessments}), and with a FHIR server, transactions of conditional updates sent from the
 * executors. The scores are the newest scoring of the task and model unless an as-of instant is given; the
 * labelled test-split samples of the cohort are written instead only when asked ({@link WritebackSource#COHORT_AUDIT}).
 *
 * <p>The NDJSON names patient and encounter by their pseudonymous keys: like every table outside
 * {@code identity}, it carries no source id. Only what is sent to the server gets the source {@code Patient/…} and
 * {@code Encounter/…} references, joined from the identity table on the executors; nothing identifying is logged.
 */
public final class WritebackJob {

    private static final Logger LOG = LoggerFactory.getLogger(WritebackJob.class);
    private static final StructType LINES = new StructType()
            .add("predictionTime", DataTypes.TimestampType).add("id", DataTypes.StringType)
            .add("line", DataTypes.StringType);

    private final WritebackConfig config;

    public WritebackJob(WritebackConfig config) {
        this.config = config;
    }

    public WritebackSummary run(SparkSession spark) throws IOException {
        Warehouse warehouse = new Warehouse(config.warehouse());
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        TaskConfig task = config.task();
        Input input = input(spark, warehouse);
        Row totals = input.events().agg(count(lit(1)), collect_set(col(ScoresTable.MODEL_VERSION)),
                count(when(ScoredEventRows.unusable(task), lit(1)))).first();
        long eventCount = totals.getLong(0);
        List<String> versions = totals.getList(1).stream().map(String::valueOf).sorted().toList();
        if (totals.getLong(2) > 0) {
            throw new BadInputException(totals.getLong(2) + " of " + eventCount + " rows of " + input.path()
                    + " cannot become RiskAssessments of " + task.kind().label() + " task " + task.name() + ": "
                    + (task.kind().binary() ? "each needs a probability in [0, 1] and a risk band of "
                    + RiskProbability.SYSTEM + " or none" : "each needs as many predicted probabilities as codes"));
        }

        RiskAssessmentBuilder builder = new RiskAssessmentBuilder(config.identifierSystem(), task.outcome(),
                config.source());
        NdjsonFile.publish(hadoop, warehouseLines(input.events(), builder), input.output(),
                Warehouse.RISK_ASSESSMENT_NDJSON);
        String ndjson = input.output() + "/" + Warehouse.RISK_ASSESSMENT_NDJSON;
        long written = spark.read().textFile(ndjson).count();

        WritebackSummary.Server server = config.server() == null ? null
                : send(spark, input.events(), warehouse, builder, eventCount);
        WritebackSummary summary = new WritebackSummary(task.name(), config.model(), config.source().label(),
                input.asOf(), versions, eventCount, written, ndjson, server);
        LOG.info("write-back of {} {} ({}, version {}): {} events, {} RiskAssessments in the warehouse{}", task.name(),
                config.model(), config.source().label(), String.join(", ", versions), eventCount, written,
                server == null ? "" : "; the FHIR server created " + server.created() + " and updated "
                        + server.updated());
        return summary;
    }

    /**
     * What is written back and where to.
     *
     * @param asOf null for the cohort audit
     */
    private record Input(Instant asOf, String path, Dataset<Row> events, String output) {
    }

    private Input input(SparkSession spark, Warehouse warehouse) throws IOException {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        TaskConfig task = config.task();
        String model = config.model();
        if (config.source() == WritebackSource.SCORES) {
            Instant asOf = config.asOf() != null ? config.asOf() : newestScoring(hadoop, warehouse);
            String path = warehouse.scores(task.name(), model, asOf);
            require(hadoop, path, "run score first, or give the --as-of of an existing scoring");
            return new Input(asOf, path, ScoredEventRows.scores(spark, path, task),
                    warehouse.riskAssessments(task.name(), model));
        }
        String path = warehouse.calibratedPredictions(task.name(), model);
        require(hadoop, path, "run evaluate first");
        require(hadoop, warehouse.cohortSamples(task.name()), "run cohort first");
        return new Input(null, path, ScoredEventRows.cohortAudit(spark, warehouse, task, model),
                warehouse.cohortAuditRiskAssessments(task.name(), model));
    }

    /** The warehouse's copy of every event, one JSON line each, built on the executors and sorted for the file. */
    private static Dataset<String> warehouseLines(Dataset<Row> events, RiskAssessmentBuilder builder) {
        return events.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> {
            IParser parser = FhirContexts.r4().newJsonParser();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    ScoredEvent event = ScoredEventRows.event(rows.next());
                    return RowFactory.create(Timestamp.from(event.predictionTime()), builder.identifierValue(event),
                            parser.encodeResourceToString(builder.forWarehouse(event)));
                }
            };
        }, Encoders.row(LINES)).orderBy("predictionTime", "id").select("line").as(Encoders.STRING());
    }

    /** The newest finished scoring ({@code _SUCCESS} written) of the task and model. */
    private Instant newestScoring(Configuration hadoop, Warehouse warehouse) throws IOException {
        Path scorings = new Path(warehouse.scores(config.task().name(), config.model()));
        FileSystem fs = scorings.getFileSystem(hadoop);
        Instant newest = null;
        if (fs.exists(scorings)) {
            for (FileStatus folder : fs.listStatus(scorings)) {
                Optional<Instant> asOf = Warehouse.scoresAsOf(folder.getPath().getName());
                if (folder.isDirectory() && asOf.isPresent() && fs.exists(new Path(folder.getPath(), "_SUCCESS"))
                        && (newest == null || asOf.get().isAfter(newest))) {
                    newest = asOf.get();
                }
            }
        }
        return Optional.ofNullable(newest).orElseThrow(() -> new BadInputException("no scoring of model '" + config.model() + "' for task '"
                + config.task().name() + "' in " + warehouse.root() + " (run score first)"));
    }

    private static void require(Configuration hadoop, String path, String hint) throws IOException {
        if (!HadoopFiles.exists(hadoop, path)) {
            throw new BadInputException("writeback needs " + path + ", which does not exist (" + hint + ")");
        }
    }

    /** Sends every event whose patient the identity table knows; the others are counted, not sent. */
    private WritebackSummary.Server send(SparkSession spark, Dataset<Row> events, Warehouse warehouse,
                                         RiskAssessmentBuilder builder, long eventCount) throws IOException {
        String identityPath = warehouse.table(Warehouse.IDENTITY);
        require(spark.sparkContext().hadoopConfiguration(), identityPath, "run ingest first");
        Dataset<Row> identity = spark.read().parquet(identityPath);
        Dataset<Row> patients = identity.filter(col("resourceType").equalTo("Patient"))
                .select(col("key").as("patientRefKey"), col("sourceRef").as("patientRef"));
        Dataset<Row> encounters = identity.filter(col("resourceType").equalTo("Encounter"))
                .select(col("key").as("encounterRefKey"), col("sourceRef").as("encounterRef"));
        Dataset<Row> resolved = events
                .join(patients, events.col(ScoresTable.PATIENT_KEY).equalTo(patients.col("patientRefKey")))
                .join(encounters, col(ScoresTable.ENCOUNTER_KEY).equalTo(encounters.col("encounterRefKey")), "left");

        LongAccumulator sent = spark.sparkContext().longAccumulator("writeback.sent");
        LongAccumulator created = spark.sparkContext().longAccumulator("writeback.created");
        LongAccumulator updated = spark.sparkContext().longAccumulator("writeback.updated");
        FhirTransactionSender sender = new FhirTransactionSender(config.server());
        int batchSize = config.server().batchSize();
        resolved.foreachPartition((ForeachPartitionFunction<Row>) rows -> {
            try (FhirTransactionSender.Session session = sender.open()) {
                List<ConditionalUpdate> batch = new ArrayList<>(batchSize);
                while (rows.hasNext()) {
                    Row row = rows.next();
                    ScoredEvent event = ScoredEventRows.event(row);
                    batch.add(new ConditionalUpdate(builder.conditionalUrl(event),
                            builder.forServer(event, row.getAs("patientRef"), row.getAs("encounterRef"))));
                    if (batch.size() == batchSize || !rows.hasNext()) {
                        TransactionResult result = session.send(batch);
                        sent.add(batch.size());
                        created.add(result.created());
                        updated.add(result.updated());
                        batch.clear();
                    }
                }
            }
        });
        long notInIdentity = eventCount - sent.value();
        if (notInIdentity > 0) {
            LOG.warn("{} of {} events have no patient in the identity table and were not sent to the FHIR server",
                    notInIdentity, eventCount);
        }
        return new WritebackSummary.Server(sent.value(), created.value(), updated.value(), notInIdentity);
    }
}
