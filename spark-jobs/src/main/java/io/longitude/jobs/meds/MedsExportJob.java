package io.longitude.jobs.meds;

import io.longitude.cohort.TaskConfig;
import io.longitude.config.BadInputException;
import io.longitude.fhir.VisitSequence;
import io.longitude.jobs.HadoopFiles;
import io.longitude.meds.MedsCodes;
import io.longitude.meds.MedsDatasetMetadata;
import io.longitude.meds.MedsRow;
import io.longitude.meds.MedsLayout;
import io.longitude.meds.MedsSchema;
import io.longitude.meds.MedsSubjects;
import io.longitude.meds.MedsTimeline;
import io.longitude.models.registry.PredictionTable;
import io.longitude.warehouse.Warehouse;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * Writes the warehouse as a MEDS 0.4 dataset (README, "MEDS"): every patient of {@code visit_sequences} as
 * MEDS rows ({@link MedsTimeline}, per patient on the executors; each subject's rows stay in the task that
 * built them, so in one file, sorted), the code metadata and subject splits, each exported task's cohort as
 * labels and its evaluations' calibrated test predictions in meds-evaluation's schema. Only counts reach the
 * driver. Refuses a cohort or evaluation whose splits disagree with the subjects' (it would put the held-out
 * predictions on subjects a MEDS model trains on).
 */
public final class MedsExportJob {

    private static final Logger LOG = LoggerFactory.getLogger(MedsExportJob.class);
    private static final String POSITION = "position";
    private static final List<String> SPLITS = List.of(MedsSchema.TRAIN, MedsSchema.TUNING, MedsSchema.HELD_OUT);

    private final MedsExportConfig config;

    public MedsExportJob(MedsExportConfig config) {
        this.config = config;
    }

    /** An evaluated model's calibrated test predictions and the folder they are exported to. */
    private record Predictions(String task, String path, String model, String folder, long rows) {
    }

    public MedsExportSummary run(SparkSession spark) throws IOException {
        long started = System.nanoTime();
        Instant createdAt = Instant.now();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Warehouse warehouse = new Warehouse(config.warehouse());
        MedsLayout out = new MedsLayout(config.out());
        String sequencesPath = warehouse.table(Warehouse.VISIT_SEQUENCES);
        requireExists(hadoop, sequencesPath, "no " + Warehouse.VISIT_SEQUENCES + " table at " + sequencesPath
                + " (run `longitude ingest` first)");
        MedsSubjects subjects = config.subjects();
        UserDefinedFunction subjectId = udf((UDF1<String, Long>) MedsSubjects::subjectId, DataTypes.LongType);
        UserDefinedFunction subjectSplit = udf((UDF1<String, String>) subjects::split, DataTypes.StringType);
        MedsExportSummary summary = new MedsExportSummary();

        // Everything that can refuse the export does so before anything is written.
        List<Predictions> predictions = new ArrayList<>();
        for (TaskConfig task : config.tasks()) {
            checkCohort(spark, hadoop, warehouse, task.name(), subjectSplit, summary);
            predictions.addAll(checkedPredictions(spark, hadoop, warehouse, task.name(), subjectSplit));
        }
        startExport(hadoop, out);

        Dataset<VisitSequence> sequences = spark.read().parquet(sequencesPath).as(Encoders.bean(VisitSequence.class));
        sequences.flatMap((FlatMapFunction<VisitSequence, MedsRow>) p -> MedsTimeline.of(p, subjects).iterator(),
                        Encoders.bean(MedsRow.class))
                .select(col("split").as(MedsSchema.SPLIT), col("subjectId").as(MedsSchema.SUBJECT_ID), col(POSITION),
                        col("time").as(MedsSchema.TIME), col("code").as(MedsSchema.CODE),
                        col("numericValue").as(MedsSchema.NUMERIC_VALUE), col("textValue").as(MedsSchema.TEXT_VALUE),
                        col("unit").as(MedsSchema.UNIT), col("visitIndex").as(MedsSchema.VISIT_INDEX),
                        col("eventKind").as(MedsSchema.EVENT_KIND))
                // The writer groups a task's rows by split; sorting by split, subject and position within the
                // task keeps every subject contiguous and in timeline order inside its one file.
                .sortWithinPartitions(MedsSchema.SPLIT, MedsSchema.SUBJECT_ID, POSITION)
                .drop(POSITION)
                .write().mode(SaveMode.Overwrite).partitionBy(MedsSchema.SPLIT).parquet(scratch(out, "data"));
        writeCodes(spark, hadoop, warehouse, out, summary);
        for (String split : SPLITS) {
            // Spark names a partition split=train; MEDS names the folder train.
            moveShards(hadoop, new Path(scratch(out, "data"), MedsSchema.SPLIT + "=" + split), new Path(out.data(split)));
        }
        writeSubjectSplits(spark, hadoop, sequencesPath, out, subjectId, subjectSplit, summary);

        for (TaskConfig task : config.tasks()) {
            writeShards(hadoop, toLabels(spark.read().parquet(warehouse.cohortSamples(task.name())), subjectId), out,
                    "labels-" + task.name(), out.labels(task.name()));
        }
        for (Predictions p : predictions) {
            writeShards(hadoop, toLabels(spark.read().parquet(p.path()).filter(col(PredictionTable.MODEL).equalTo(p.model())),
                            subjectId, col(PredictionTable.CALIBRATED_SCORE).cast(DataTypes.FloatType)
                                    .as(MedsSchema.PREDICTED_BOOLEAN_PROBABILITY)),
                    out, "predictions-" + p.task() + "-" + p.folder(), out.predictions(p.task(), p.folder()));
            summary.predictions(p.task(), p.folder(), p.rows());
        }
        HadoopFiles.writeString(hadoop, out.datasetJson(), MedsDatasetMetadata.json(config.datasetName(),
                datasetVersion(hadoop, warehouse), etlVersion(), createdAt));
        Path scratch = new Path(out.scratch());
        scratch.getFileSystem(hadoop).delete(scratch, true);
        summary.finish(config.out(), (System.nanoTime() - started) / 1_000_000L);
        LOG.info("MEDS export: {} subjects, {} rows, {} codes in {} s", summary.subjects(), summary.rows(),
                summary.codes(), summary.elapsedMillis() / 1000);
        return summary;
    }

    /** subject_splits.parquet: every patient, whether or not it has a row (one without any data has none). */
    private static void writeSubjectSplits(SparkSession spark, Configuration hadoop, String sequencesPath, MedsLayout out,
                                           UserDefinedFunction subjectId, UserDefinedFunction subjectSplit,
                                           MedsExportSummary summary) throws IOException {
        Dataset<Row> splits = spark.read().parquet(sequencesPath)
                .select(subjectId.apply(col(PredictionTable.PATIENT_KEY)).as(MedsSchema.SUBJECT_ID),
                        subjectSplit.apply(col(PredictionTable.PATIENT_KEY)).as(MedsSchema.SPLIT))
                .persist(StorageLevel.MEMORY_AND_DISK());
        long subjectCount = splits.count();
        if (splits.select(MedsSchema.SUBJECT_ID).distinct().count() != subjectCount) {
            throw new IllegalStateException("two patient keys map to one subject_id: the export cannot tell them apart");
        }
        for (Row r : splits.groupBy(MedsSchema.SPLIT).count().collectAsList()) {
            summary.subjects(r.getString(0), r.getLong(1));
        }
        writeSingleFile(hadoop, splits.coalesce(1).sortWithinPartitions(MedsSchema.SUBJECT_ID), out, out.subjectSplits());
        splits.unpersist();
    }

    /**
     * codes.parquet from the rows as written (every code that occurs, once), and the rows per code family for
     * the summary. Two scans of the code column rather than a cached count: a cached aggregate keeps all
     * spark.sql.shuffle.partitions partitions (adaptive execution does not coalesce it), which cost a fixed
     * half-minute on two cores for a few hundred codes. A code's description is Longitude's own
     * ({@link MedsCodes#description}) or the display of its coding in the warehouse's {@code codes} table.
     */
    private static void writeCodes(SparkSession spark, Configuration hadoop, Warehouse warehouse, MedsLayout out,
                                   MedsExportSummary summary) throws IOException {
        UserDefinedFunction description = udf((UDF1<String, String>) MedsCodes::description, DataTypes.StringType);
        UserDefinedFunction coding = udf((UDF1<String, List<String>>) code -> MedsCodes.describedCodingOf(code)
                .map(c -> Arrays.asList(c.system(), c.code())).orElse(null), DataTypes.createArrayType(DataTypes.StringType));
        UserDefinedFunction parents = udf((UDF1<String, List<String>>) MedsCodes::parentCodes,
                DataTypes.createArrayType(DataTypes.StringType));
        UserDefinedFunction family = udf((UDF1<String, String>) MedsCodes::family, DataTypes.StringType);
        Dataset<Row> codes = spark.read().parquet(scratch(out, "data")).groupBy(MedsSchema.CODE).count();
        for (Row r : codes.groupBy(family.apply(col(MedsSchema.CODE))).agg(sum("count"), count(lit(1))).collectAsList()) {
            summary.family(r.getString(0), r.getLong(1), r.getLong(2));
        }
        Dataset<Row> described = codes.select(col(MedsSchema.CODE), description.apply(col(MedsSchema.CODE)).as("_own"),
                coding.apply(col(MedsSchema.CODE)).as("_coding"));
        String displaysPath = warehouse.table(Warehouse.CODES);
        if (HadoopFiles.exists(hadoop, displaysPath)) {
            Dataset<Row> displays = spark.read().parquet(displaysPath);
            described = described.join(displays, described.col("_coding").getItem(0).eqNullSafe(displays.col("codeSystem"))
                    .and(described.col("_coding").getItem(1).equalTo(displays.col("code"))), "left")
                    .select(described.col(MedsSchema.CODE), coalesce(col("_own"), col("display")).as(MedsSchema.DESCRIPTION));
        } else {
            LOG.info("the warehouse has no {} table (ingested before Longitude kept displays): codings have no description",
                    Warehouse.CODES);
            described = described.select(col(MedsSchema.CODE), col("_own").as(MedsSchema.DESCRIPTION));
        }
        writeSingleFile(hadoop, described.coalesce(1)
                .select(col(MedsSchema.CODE), col(MedsSchema.DESCRIPTION),
                        parents.apply(col(MedsSchema.CODE)).as(MedsSchema.PARENT_CODES))
                .sortWithinPartitions(MedsSchema.CODE), out, out.codes());
        summary.describedCodes(spark.read().parquet(out.codes()).filter(col(MedsSchema.DESCRIPTION).isNotNull()).count());
    }

    /** A cohort whose splits are the subjects' (labels: one row per sample, at its index time). */
    private static void checkCohort(SparkSession spark, Configuration hadoop, Warehouse warehouse, String task,
                                    UserDefinedFunction subjectSplit, MedsExportSummary summary) throws IOException {
        requireExists(hadoop, warehouse.cohortSamples(task), "no cohort of task " + task + " in " + warehouse.root()
                + " (run `longitude cohort --task " + task + "` first)");
        UserDefinedFunction medsSplit = udf((UDF1<String, String>) MedsSchema::splitOfCohort, DataTypes.StringType);
        Row counts = spark.read().parquet(warehouse.cohortSamples(task))
                .agg(count(lit(1)), sum(col(PredictionTable.LABEL)), sum(when(subjectSplit.apply(col(PredictionTable.PATIENT_KEY))
                        .equalTo(medsSplit.apply(col("split"))), 0).otherwise(1)))
                .first();
        long disagreeing = counts.isNullAt(2) ? 0 : counts.getLong(2);
        if (disagreeing > 0) {
            throw new BadInputException("the cohort of task " + task + " puts " + disagreeing + " sample(s) in another "
                    + "split than the task's split rule does: rebuild it (`longitude cohort --task " + task + "`)");
        }
        summary.labels(task, counts.getLong(0), counts.isNullAt(1) ? 0 : counts.getLong(1));
    }

    /**
     * Each binary evaluation of the task: the evaluated network's calibrated test predictions under its name,
     * the baseline evaluated beside it under {@code <network>.<baseline>}; all of held-out subjects.
     */
    private static List<Predictions> checkedPredictions(SparkSession spark, Configuration hadoop, Warehouse warehouse,
                                                        String task, UserDefinedFunction subjectSplit)
            throws IOException {
        List<Predictions> found = new ArrayList<>();
        Path evaluations = new Path(warehouse.evaluations(task));
        FileSystem fs = evaluations.getFileSystem(hadoop);
        if (!fs.exists(evaluations)) {
            LOG.info("task {} has no evaluation: no predictions exported", task);
            return found;
        }
        for (FileStatus evaluation : fs.listStatus(evaluations)) {
            String network = evaluation.getPath().getName();
            String path = warehouse.calibratedPredictions(task, network);
            if (!evaluation.isDirectory() || !fs.exists(new Path(path))
                    || !List.of(spark.read().parquet(path).columns()).contains(PredictionTable.CALIBRATED_SCORE)) {
                continue;
            }
            for (Row r : spark.read().parquet(path).groupBy(PredictionTable.MODEL)
                    .agg(count(lit(1)), sum(when(subjectSplit.apply(col(PredictionTable.PATIENT_KEY)).equalTo(MedsSchema.HELD_OUT), 0)
                            .otherwise(1)))
                    .collectAsList()) {
                String model = r.getString(0);
                if (r.getLong(2) > 0) {
                    throw new BadInputException("the evaluation of " + network + " for task " + task + " holds "
                            + r.getLong(2) + " prediction(s) of subjects outside held_out: re-run cohort, train and "
                            + "evaluate");
                }
                found.add(new Predictions(task, path, model, model.equals(network) ? network : network + "." + model,
                        r.getLong(1)));
            }
        }
        return found;
    }

    /**
     * The MEDS label columns of rows with {@code patientKey}, {@code indexTime} and {@code label}, then
     * {@code more}; sorted within each file.
     */
    private static Dataset<Row> toLabels(Dataset<Row> rows, UserDefinedFunction subjectId, Column... more) {
        UserDefinedFunction wallClock = udf((UDF1<Object, LocalDateTime>) t -> MedsTimeline.utc(
                t instanceof Timestamp ts ? ts.toInstant() : (Instant) t), DataTypes.TimestampNTZType);
        List<Column> columns = new ArrayList<>(List.of(subjectId.apply(col(PredictionTable.PATIENT_KEY)).as(MedsSchema.SUBJECT_ID),
                wallClock.apply(col(PredictionTable.INDEX_TIME)).as(MedsSchema.PREDICTION_TIME),
                col(PredictionTable.LABEL).equalTo(1).as(MedsSchema.BOOLEAN_VALUE)));
        columns.addAll(List.of(more));
        return rows.select(columns.toArray(Column[]::new))
                .sortWithinPartitions(MedsSchema.SUBJECT_ID, MedsSchema.PREDICTION_TIME);
    }

    private static String scratch(MedsLayout out, String name) {
        return out.scratch() + "/" + name;
    }

    /** Writes a table through the scratch folder into {@code folder} as MEDS shards. */
    private static void writeShards(Configuration hadoop, Dataset<Row> table, MedsLayout out, String scratchName,
                                    String folder) throws IOException {
        table.write().mode(SaveMode.Overwrite).parquet(scratch(out, scratchName));
        moveShards(hadoop, new Path(scratch(out, scratchName)), new Path(folder));
    }

    /** The Parquet files Spark wrote into {@code from} become {@code to/0.parquet, 1.parquet, …}, the MEDS shard names. */
    private static void moveShards(Configuration hadoop, Path from, Path to) throws IOException {
        FileSystem fs = from.getFileSystem(hadoop);
        List<Path> parts = parts(fs, from);
        if (parts.isEmpty()) {
            return;
        }
        fs.mkdirs(to);
        for (int i = 0; i < parts.size(); i++) {
            move(fs, parts.get(i), new Path(to, i + ".parquet"));
        }
    }

    /** Writes a one-partition table and moves its one Parquet file to {@code target} (MEDS names files, not folders). */
    private static void writeSingleFile(Configuration hadoop, Dataset<Row> table, MedsLayout out, String target)
            throws IOException {
        Path scratch = new Path(scratch(out, new Path(target).getName()));
        table.write().mode(SaveMode.Overwrite).parquet(scratch.toString());
        FileSystem fs = scratch.getFileSystem(hadoop);
        List<Path> parts = parts(fs, scratch);
        if (parts.size() != 1) {
            throw new IOException("expected one Parquet file in " + scratch + ", found " + parts.size());
        }
        fs.mkdirs(new Path(target).getParent());
        move(fs, parts.get(0), new Path(target));
    }

    private static List<Path> parts(FileSystem fs, Path folder) throws IOException {
        FileStatus[] found = fs.globStatus(new Path(folder, "part-*.parquet"));
        return found == null ? List.of() : Arrays.stream(found).map(FileStatus::getPath).sorted().toList();
    }

    private static void move(FileSystem fs, Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("cannot move " + from + " to " + to);
        }
    }

    /**
     * An export replaces an earlier Longitude export in the same folder (finished: its dataset.json says so;
     * interrupted: its scratch folder is still there) and refuses any other non-empty folder.
     */
    private static void startExport(Configuration hadoop, MedsLayout out) throws IOException {
        Path root = new Path(out.root());
        FileSystem fs = root.getFileSystem(hadoop);
        if (fs.exists(root) && fs.listStatus(root).length > 0) {
            boolean finished = fs.exists(new Path(out.datasetJson()))
                    && MedsDatasetMetadata.writtenByLongitude(HadoopFiles.readString(hadoop, out.datasetJson()));
            if (!finished && !fs.exists(new Path(out.scratch()))) {
                throw new BadInputException("--out " + out.root() + " is not empty and holds no Longitude MEDS export: "
                        + "choose a new or empty folder");
            }
            fs.delete(root, true);
        }
        fs.mkdirs(new Path(out.scratch()));
    }

    private static void requireExists(Configuration hadoop, String path, String message) throws IOException {
        if (!HadoopFiles.exists(hadoop, path)) {
            throw new BadInputException(message);
        }
    }

    /** The warehouse as of its latest ingest: that run's id (null when no ingest summary is found). */
    private static String datasetVersion(Configuration hadoop, Warehouse warehouse) throws IOException {
        return HadoopFiles.inLastFolder(hadoop, warehouse.ingestSummary("*"))
                .map(summary -> new Path(summary).getParent().getName()).orElse(null);
    }

    private static String etlVersion() {
        String version = MedsExportJob.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
