package io.longitude.jobs.ingest;

import io.longitude.ingest.ExtractedRecord;
import io.longitude.ingest.PatientRecord;
import io.longitude.ingest.Pseudonymiser;
import io.longitude.ingest.VisitSequence;
import io.longitude.jobs.BadInputException;
import io.longitude.jobs.HadoopFiles;
import io.longitude.jobs.LongitudeCli;
import io.longitude.jobs.SerializableHadoopConfiguration;
import io.longitude.jobs.TablePublisher;
import io.longitude.jobs.Warehouse;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * FHIR R4 files to visit sequences: read and extract per partition, drop duplicate resources, resolve
 * every subject reference against the patients' aliases, group per patient, build the visit
 * sequences, and write {@code visit_sequences}, {@code patients}, {@code encounters}, {@code events},
 * {@code rejects} and {@code identity}. Every resource read ends up accepted, ignored or rejected, and
 * the summary's counts add up.
 */
public final class IngestJob {

    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

    /** The tables ingest publishes. */
    public static final List<String> TABLES = List.of(Warehouse.VISIT_SEQUENCES, Warehouse.PATIENTS,
            Warehouse.ENCOUNTERS, Warehouse.EVENTS, Warehouse.REJECTS, Warehouse.IDENTITY);

    private final IngestConfig config;

    public IngestJob(IngestConfig config) {
        this.config = config;
    }

    public static void main(String[] args) {
        System.exit(LongitudeCli.execute(Stream.concat(Stream.of("ingest"), Stream.of(args)).toArray(String[]::new)));
    }

    public IngestSummary run(SparkSession spark) {
        long started = System.nanoTime();
        String runId = Warehouse.newRunId(Instant.now());
        Warehouse warehouse = new Warehouse(config.warehouse());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<FileStatus> inputFiles = InputSplits.listFiles(jsc.hadoopConfiguration(), config.inputs());
        if (inputFiles.isEmpty()) {
            throw new BadInputException("no input files under " + config.inputs());
        }
        LOG.info("ingest {}: {} input files", runId, inputFiles.size());

        Pseudonymiser pseudonymiser = Pseudonymiser.fromEnvironment();
        Dataset<ExtractedRecord> records = spark.createDataset(extract(jsc, inputFiles).rdd(),
                        Encoders.bean(ExtractedRecord.class))
                .persist(StorageLevel.MEMORY_AND_DISK());

        ResourceResolution resolution = ResourceResolution.of(records);
        Dataset<PatientRecord> patients = resolution.patients().persist(StorageLevel.MEMORY_AND_DISK());
        JavaPairRDD<String, ExtractedRecord> clinical = resolution.resolvedClinicalByPatient();

        JavaRDD<VisitSequence> sequences = patients.toJavaRDD()
                .mapToPair(p -> new Tuple2<>(p.getSourceRef(), p))
                .cogroup(clinical)
                .map(new VisitSequenceAssembly(pseudonymiser));
        Dataset<VisitSequence> sequenceTable = spark.createDataset(sequences.rdd(), Encoders.bean(VisitSequence.class));
        // Everything is written under the run's staging area and published at the end: a run killed
        // midway leaves the published tables as they were.
        Warehouse staged = warehouse.staging(runId);
        IngestTables.writeVisitSequences(sequenceTable, staged);

        Dataset<Row> identity = IdentityTable.build(patients, resolution.resolvedClinical(), pseudonymiser);
        IngestTables.write(identity, staged.table(Warehouse.IDENTITY));
        Dataset<Row> rejects = resolution.rejects();
        IngestTables.write(rejects, staged.table(Warehouse.REJECTS));
        IngestTables.writeFlatTables(spark, staged);

        IngestSummary summary = IngestSummary.compute(spark, staged, records, inputFiles.size(), runId,
                (System.nanoTime() - started) / 1_000_000L, pseudonymiser.isDevelopmentKey());
        TablePublisher.publish(spark, staged, warehouse, TABLES);
        try {
            HadoopFiles.writeString(jsc.hadoopConfiguration(), warehouse.run(runId) + "/ingest-summary.json", summary.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ingest summary of run " + runId, e);
        }
        resolution.release();
        records.unpersist();
        patients.unpersist();
        LOG.info("ingest {}: {} resources read, {} accepted, {} ignored, {} rejected; {} patients in {} s",
                runId, summary.resourcesRead(), summary.resourcesAccepted(), summary.resourcesIgnored(),
                summary.resourcesRejected(), summary.patients(), summary.elapsedMillis() / 1000);
        return summary;
    }

    /** The records of every input file; large uncompressed NDJSON files are read by several tasks. */
    private JavaRDD<ExtractedRecord> extract(JavaSparkContext jsc, List<FileStatus> files) {
        List<InputSplit> splits = InputSplits.locateLines(jsc,
                InputSplits.plan(jsc.hadoopConfiguration(), files, config.splitBytes()));
        long bytes = splits.stream().mapToLong(InputSplit::length).sum();
        int partitions = (int) Math.max(Math.max(config.minPartitions(), jsc.defaultParallelism()),
                Math.min(Integer.MAX_VALUE, (bytes + config.splitBytes() - 1) / config.splitBytes()));
        return InputSplits.distribute(jsc, splits, partitions).mapPartitions(new SplitExtraction(
                new SerializableHadoopConfiguration(jsc.hadoopConfiguration()), config.maxLineBytes(),
                config.maxBundleBytes()));
    }
}
