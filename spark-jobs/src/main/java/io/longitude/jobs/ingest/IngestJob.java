package io.longitude.jobs.ingest;

import io.longitude.fhir.ExtractedRecord;
import io.longitude.fhir.Pseudonymiser;
import io.longitude.jobs.HadoopFiles;
import io.longitude.jobs.StageKillHook;
import io.longitude.jobs.TablePublisher;
import io.longitude.warehouse.Warehouse;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.longitude.jobs.ingest.ResourceResolution.PATIENT_REF;
import static org.apache.spark.sql.functions.col;

/**
 * FHIR R4 files to visit sequences, incrementally. Input files already ingested (same path, size and
 * content hash, see {@link FilePlan}) are not read again; the new and changed ones are cut into splits
 * ({@link InputSplits}: a large uncompressed NDJSON file becomes line-aligned byte ranges) and extracted per
 * partition and their records merged into the ingest state ({@code state/resources}) with those of
 * earlier runs; the whole state is resolved over its key columns (deletes, one version per resource, subject
 * references against the patients' aliases, see {@link ResourceResolution}; the current versions' keys go to
 * {@code state/current}); visit sequences are rebuilt only for the patients
 * that changed ({@link ResourceChanges}), the others' rows are carried over from the previous
 * {@code visit_sequences}; then {@code visit_sequences}, {@code patients}, {@code encounters},
 * {@code events}, {@code codes} (displays counted over the whole state), {@code rejects}, {@code identity}, {@code identity_source_files} and the state are written to the run's staging area and
 * published. Every resource read ends up accepted, ignored, rejected or deleted, and the summary's counts
 * add up. A run over inputs that were all ingested already writes no table.
 */
public final class IngestJob {

    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

    /** The tables ingest publishes. */
    public static final List<String> TABLES = List.of(Warehouse.VISIT_SEQUENCES, Warehouse.PATIENTS,
            Warehouse.ENCOUNTERS, Warehouse.EVENTS, Warehouse.CODES, Warehouse.REJECTS, Warehouse.IDENTITY,
            Warehouse.IDENTITY_SOURCE_FILES);
    /** The private state it publishes with them. */
    public static final List<String> STATE = List.of(Warehouse.STATE_FILES, Warehouse.STATE_RESOURCES,
            Warehouse.STATE_CURRENT);

    private static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";
    /** FHIR JSON compresses about 8:1 with gzip (Synthea bundles: 7-10). */
    private static final long GZIP_EXPANSION = 8;
    private static final long MAX_SHUFFLE_PARTITIONS = 20_000;

    private final IngestConfig config;

    public IngestJob(IngestConfig config) {
        this.config = config;
    }

    public IngestSummary run(SparkSession spark) {
        long started = System.nanoTime();
        Pseudonymiser pseudonymiser = config.mode().pseudonymiser(System::getenv);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<InputFile> listed = InputFiles.list(config.inputs(), jsc.hadoopConfiguration());
        String configuredPartitions = spark.conf().get(SHUFFLE_PARTITIONS);
        if (config.shufflePartitionBytes() > 0) {
            spark.conf().set(SHUFFLE_PARTITIONS,
                    shufflePartitions(listed, config.shufflePartitionBytes(), jsc.defaultParallelism()));
        }
        try {
            return ingest(spark, listed, pseudonymiser, started);
        } finally {
            spark.conf().set(SHUFFLE_PARTITIONS, configuredPartitions);
        }
    }

    private IngestSummary ingest(SparkSession spark, List<InputFile> listed, Pseudonymiser pseudonymiser, long started) {
        String runId = Warehouse.newRunId(Instant.now());
        Warehouse warehouse = new Warehouse(config.warehouse());
        Warehouse staged = warehouse.staging(runId);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoopConf = jsc.hadoopConfiguration();
        SerializableConfiguration hadoop = new SerializableConfiguration(hadoopConf);
        Map<String, Double> seconds = new LinkedHashMap<>();

        long phase = started;
        String stateResources = warehouse.state(Warehouse.STATE_RESOURCES);
        String stateCurrent = warehouse.state(Warehouse.STATE_CURRENT);
        boolean hasState = exists(hadoopConf, stateResources) && exists(hadoopConf, stateCurrent);
        if (!hasState && exists(hadoopConf, stateResources)) {
            LOG.info("ingest {}: the ingest state was written by an older Longitude; every input file is read again",
                    runId);
        }
        List<Row> ingestedFiles = hasState && exists(hadoopConf, warehouse.state(Warehouse.STATE_FILES))
                ? spark.read().schema(FilePlan.SCHEMA).parquet(warehouse.state(Warehouse.STATE_FILES)).collectAsList()
                : List.of();
        FilePlan plan = FilePlan.of(listed, ingestedFiles, runId, paths -> jsc.parallelize(paths, slices(jsc, paths.size()))
                .mapToPair(new FileHashing(hadoop)).collectAsMap());
        seconds.put("listAndHash", since(phase));
        LOG.info("ingest {}: files {}", runId, plan.counts());
        List<String> toRead = plan.toRead();
        if (toRead.isEmpty()) {
            return upToDate(spark, warehouse, staged, plan, runId, seconds, started, pseudonymiser);
        }

        // The records go straight into the next state's Parquet: nothing read is cached, and the resolution reads
        // back only the key columns it needs.
        phase = System.nanoTime();
        Set<String> reading = Set.copyOf(toRead);
        List<InputFile> filesToRead = listed.stream().filter(f -> reading.contains(f.path())).toList();
        try (IngestProgress progress = IngestProgress.start(spark.sparkContext(), runId, filesToRead.size(),
                filesToRead.stream().mapToLong(InputFile::size).sum(), config.progressInterval())) {
            Dataset<Row> read = spark.createDataset(extract(jsc, hadoop, filesToRead, progress.counters())
                    .map(record -> StateRecords.row(record, runId)).rdd(), StateRecords.ENCODER);
            if (hasState) {
                // A changed file replaces everything it brought before. A state written before the codings
                // column existed reads as null codings.
                Dataset<Row> reread = spark.createDataset(toRead, Encoders.STRING()).toDF("_path");
                read = spark.read().parquet(stateResources)
                        .join(reread, col(StateRecords.SOURCE_FILE).equalTo(reread.col("_path")), "left_anti")
                        .unionByName(read, true);
            }
            IngestTables.write(read, staged.state(Warehouse.STATE_RESOURCES));
            progress.finished();
        }
        Dataset<Row> state = spark.read().parquet(staged.state(Warehouse.STATE_RESOURCES));
        Dataset<Row> records = state.filter(col(StateRecords.RUN_ID).equalTo(runId));
        long recordsRead = records.count();
        seconds.put("parseFilesRead", since(phase));
        LOG.info("ingest {}: {} records stored in {} s; next: one version per resource, subjects resolved", runId,
                recordsRead, seconds.get("parseFilesRead"));

        phase = System.nanoTime();
        ResourceResolution resolution = ResourceResolution.of(spark, state, staged.state(Warehouse.STATE_CURRENT));
        boolean carryOver = hasState && exists(hadoopConf, warehouse.table(Warehouse.VISIT_SEQUENCES))
                && samePseudonymKey(spark, warehouse, pseudonymiser);
        ResourceChanges changes = ResourceChanges.between(carryOver ? spark.read().parquet(stateCurrent) : null,
                resolution.current());
        Map<String, Long> resourceCounts = changes.counts();
        seconds.put("mergeAndResolveState", since(phase));
        LOG.info("ingest {}: state resolved in {} s; next: visit sequences of the changed patients", runId,
                seconds.get("mergeAndResolveState"));

        phase = System.nanoTime();
        Dataset<Row> changedPatients = changes.changedPatients().persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> patients = resolution.patients();
        long patientsRebuilt = patients.join(changedPatients,
                patients.col(ResourceResolution.RESOURCE_REF).equalTo(changedPatients.col(PATIENT_REF)), "left_semi").count();
        Dataset<Row> rebuiltRows = resolution.recordsOfPatients(carryOver ? changedPatients : null)
                .mapPartitions(new VisitSequenceAssembly(pseudonymiser), VisitSequenceRows.ENCODER);
        Dataset<Row> sequences = rebuiltRows;
        if (carryOver) {
            Dataset<Row> changedKeys = changedPatients.map(
                    (MapFunction<Row, String>) r -> pseudonymiser.key(r.getString(0)), Encoders.STRING()).toDF("_key");
            Dataset<Row> previous = spark.read().parquet(warehouse.table(Warehouse.VISIT_SEQUENCES));
            sequences = previous.join(changedKeys, previous.col("patientKey").equalTo(changedKeys.col("_key")), "left_anti")
                    .select(IngestTables.visitSequenceColumns())
                    .unionByName(rebuiltRows.select(IngestTables.visitSequenceColumns()));
        }
        IngestTables.writeVisitSequences(sequences, staged);
        seconds.put("rebuildChangedPatients", since(phase));
        LOG.info("ingest {}: {} patients rebuilt in {} s; next: the other tables", runId, patientsRebuilt,
                seconds.get("rebuildChangedPatients"));

        phase = System.nanoTime();
        IngestTables.write(IdentityTable.build(patients, resolution.resolvedClinical(), pseudonymiser),
                staged.table(Warehouse.IDENTITY));
        List<String> ingestedPaths = plan.state().stream().map(r -> r.getString(0)).toList();
        IngestTables.write(IdentityTable.sourceFiles(spark, jsc.parallelize(ingestedPaths, slices(jsc, ingestedPaths.size())),
                pseudonymiser), staged.table(Warehouse.IDENTITY_SOURCE_FILES));
        IngestTables.write(RejectPseudonyms.apply(resolution.rejects(), pseudonymiser), staged.table(Warehouse.REJECTS));
        IngestTables.writeFlatTables(spark, staged);
        IngestTables.write(CodeDisplays.ofState(state, resolution.current()), staged.table(Warehouse.CODES));
        seconds.put("writeTablesWithCarriedRows", since(phase));
        writeFileState(spark, staged, plan);
        // Before publishing: the resolution still reads the previous state, which publishing replaces.
        IngestSummary summary = IngestSummary.compute(spark, staged, records, resolution, runId, plan.counts(),
                resourceCounts, patientsRebuilt, seconds, (System.nanoTime() - started) / 1_000_000L,
                pseudonymiser.isDevelopmentKey());

        StageKillHook.reached("ingest:staged");
        TablePublisher.publish(spark, staged, warehouse, TABLES, STATE);
        writeSummary(hadoopConf, warehouse, runId, summary);
        changes.release();
        changedPatients.unpersist();
        resolution.release();
        LOG.info("ingest {}: {} records from {} files read; resources {}; {} patients rebuilt, {} carried over; "
                        + "{} resources read, {} accepted, {} ignored, {} rejected, {} deleted; seconds {}",
                runId, recordsRead, toRead.size(), summary.resources(), summary.patientsRebuilt(),
                summary.patientsCarriedOver(), summary.resourcesRead(), summary.resourcesAccepted(),
                summary.resourcesIgnored(), summary.resourcesRejected(), summary.resourcesDeleted(), seconds);
        return summary;
    }

    /** The records of the files to read; large uncompressed NDJSON files are read by several tasks. */
    private JavaRDD<ExtractedRecord> extract(JavaSparkContext jsc, SerializableConfiguration hadoop, List<InputFile> files,
                                             ReadCounters counters) {
        List<InputSplit> splits = InputSplits.locateLines(jsc, hadoop,
                InputSplits.plan(hadoop.value(), files, config.splitBytes()));
        long bytes = splits.stream().mapToLong(InputSplit::length).sum();
        int partitions = (int) Math.max(Math.max(config.minPartitions(), jsc.defaultParallelism()),
                Math.min(Integer.MAX_VALUE, (bytes + config.splitBytes() - 1) / config.splitBytes()));
        return InputSplits.distribute(jsc, splits, partitions).mapPartitions(new SplitExtraction(hadoop,
                config.maxLineBytes(), config.maxEntryBytes(), counters));
    }

    /** Nothing new to read: no table is rewritten; only new modification times of unchanged files are recorded. */
    private static IngestSummary upToDate(SparkSession spark, Warehouse warehouse, Warehouse staged, FilePlan plan,
                                          String runId, Map<String, Double> seconds, long started,
                                          Pseudonymiser pseudonymiser) {
        if (plan.stateChanged()) {
            writeFileState(spark, staged, plan);
            StageKillHook.reached("ingest:staged");
            TablePublisher.publish(spark, staged, warehouse, List.of(), List.of(Warehouse.STATE_FILES));
        }
        IngestSummary summary = IngestSummary.compute(spark, warehouse, null, null, runId, plan.counts(), Map.of(), 0,
                seconds, (System.nanoTime() - started) / 1_000_000L, pseudonymiser.isDevelopmentKey());
        writeSummary(spark.sparkContext().hadoopConfiguration(), warehouse, runId, summary);
        LOG.info("ingest {}: all {} input files were ingested already; no table rewritten", runId, plan.counts().get("seen"));
        return summary;
    }

    private static void writeFileState(SparkSession spark, Warehouse staged, FilePlan plan) {
        IngestTables.write(spark.createDataFrame(plan.state(), FilePlan.SCHEMA).coalesce(1).sortWithinPartitions("path"),
                staged.state(Warehouse.STATE_FILES));
    }

    /** Whether the previous snapshot's patient keys were made with the key in use now (else nothing is carried over). */
    private static boolean samePseudonymKey(SparkSession spark, Warehouse warehouse, Pseudonymiser pseudonymiser) {
        return spark.read().parquet(warehouse.table(Warehouse.IDENTITY))
                .filter(col("resourceType").equalTo("Patient"))
                .limit(1)
                .filter((FilterFunction<Row>) r -> !pseudonymiser.key(r.<String>getAs("sourceRef")).equals(r.getAs("key")))
                .isEmpty();
    }

    private static void writeSummary(Configuration hadoop, Warehouse warehouse, String runId, IngestSummary summary) {
        try {
            HadoopFiles.writeString(hadoop, warehouse.ingestSummary(runId), summary.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ingest summary of run " + runId, e);
        }
    }

    /**
     * Shuffle partitions for a run over {@code listed}, from the size of all inputs (the state it resolves grows
     * with them, not only with the files read): Spark's fixed default suits no input size, and each near-empty
     * partition costs a task in every stage of the resolution and the writes.
     */
    static long shufflePartitions(List<InputFile> listed, long bytesPerPartition, int parallelism) {
        long bytes = listed.stream().mapToLong(f -> f.path().endsWith(".gz") ? GZIP_EXPANSION * f.size() : f.size()).sum();
        // At least two tasks per core, so that one slow partition does not leave a core idle.
        long partitions = Math.max(2L * Math.max(1, parallelism), (bytes + bytesPerPartition - 1) / bytesPerPartition);
        return Math.min(partitions, MAX_SHUFFLE_PARTITIONS);
    }

    private int slices(JavaSparkContext jsc, int files) {
        return Math.max(1, Math.min(files, Math.max(config.minPartitions(), jsc.defaultParallelism())));
    }

    private static boolean exists(Configuration hadoop, String path) {
        try {
            return HadoopFiles.exists(hadoop, path + "/_SUCCESS");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for " + path, e);
        }
    }

    private static double since(long nanos) {
        return Math.round((System.nanoTime() - nanos) / 1e8) / 10.0;
    }
}
