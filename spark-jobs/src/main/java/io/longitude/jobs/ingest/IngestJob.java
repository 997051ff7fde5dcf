package io.longitude.jobs.ingest;

import io.longitude.ingest.ExtractedRecord;
import io.longitude.ingest.PatientRecord;
import io.longitude.ingest.Pseudonymiser;
import io.longitude.ingest.VisitSequence;
import io.longitude.jobs.BadInputException;
import io.longitude.jobs.HadoopFiles;
import io.longitude.jobs.LongitudeCli;
import io.longitude.jobs.TablePublisher;
import io.longitude.jobs.Warehouse;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
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
 * {@code rejects}, {@code identity} and {@code identity_source_files}. Every resource read ends up
 * accepted, ignored or rejected, and the summary's counts add up.
 */
public final class IngestJob {

    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

    /** The tables ingest publishes. */
    public static final List<String> TABLES = List.of(Warehouse.VISIT_SEQUENCES, Warehouse.PATIENTS,
            Warehouse.ENCOUNTERS, Warehouse.EVENTS, Warehouse.REJECTS, Warehouse.IDENTITY,
            Warehouse.IDENTITY_SOURCE_FILES);

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
        jsc.hadoopConfiguration().setBoolean("mapreduce.input.fileinputformat.input.dir.recursive", true);
        checkInputsExist(jsc.hadoopConfiguration());

        Pseudonymiser pseudonymiser = config.mode().pseudonymiser(System::getenv);
        JavaPairRDD<String, PortableDataStream> files = jsc.binaryFiles(String.join(",", config.inputs()),
                Math.max(config.minPartitions(), jsc.defaultParallelism()));
        long inputFiles = files.keys().count();
        if (inputFiles == 0) {
            throw new BadInputException("no input files under " + config.inputs());
        }
        LOG.info("ingest {}: {} input files", runId, inputFiles);

        Dataset<ExtractedRecord> records = spark.createDataset(
                        files.mapPartitions(new RecordExtraction(config.maxLineBytes(), config.maxBundleBytes())).rdd(),
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
        IngestTables.write(IdentityTable.sourceFiles(spark, files.keys(), pseudonymiser),
                staged.table(Warehouse.IDENTITY_SOURCE_FILES));
        Dataset<Row> rejects = RejectPseudonyms.apply(resolution.rejects(), pseudonymiser);
        IngestTables.write(rejects, staged.table(Warehouse.REJECTS));
        IngestTables.writeFlatTables(spark, staged);

        IngestSummary summary = IngestSummary.compute(spark, staged, records, resolution, inputFiles, runId,
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

    private void checkInputsExist(Configuration hadoopConf) {
        for (String input : config.inputs()) {
            Path path = new Path(input);
            try {
                FileSystem fs = path.getFileSystem(hadoopConf);
                FileStatus[] matches = fs.globStatus(path);
                if (matches == null || matches.length == 0) {
                    throw new BadInputException("input " + input + " does not exist");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list input " + input, e);
            }
        }
    }
}
