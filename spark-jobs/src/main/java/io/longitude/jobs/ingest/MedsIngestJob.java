package io.longitude.jobs.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.longitude.config.BadInputException;
import io.longitude.fhir.Pseudonymiser;
import io.longitude.fhir.RejectReason;
import io.longitude.jobs.HadoopFiles;
import io.longitude.jobs.StageKillHook;
import io.longitude.jobs.TablePublisher;
import io.longitude.meds.MedsCodes;
import io.longitude.meds.MedsImport;
import io.longitude.meds.MedsImportedSubject;
import io.longitude.meds.MedsLayout;
import io.longitude.meds.MedsRow;
import io.longitude.meds.MedsSchema;
import io.longitude.warehouse.Warehouse;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * {@code ingest --input-format meds}: MEDS datasets ({@code data/**}{@code /*.parquet} of each {@code --input}
 * root) to the tables FHIR ingest publishes ({@link IngestJob#TABLES}; {@code codes} from each dataset's
 * {@code metadata/codes.parquet} descriptions), so that cohort and train run on them
 * unchanged. Spark reads the Parquet files, each subject's rows are grouped on one executor and read by
 * {@link MedsImport}; only counts reach the driver. Every run rebuilds the tables from all its inputs (there is no
 * incremental MEDS import), and a warehouse that holds FHIR ingest state is refused: mixing the two would let a
 * later FHIR run carry MEDS patients over as its own.
 */
public final class MedsIngestJob {

    private static final Logger LOG = LoggerFactory.getLogger(MedsIngestJob.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> REQUIRED = List.of(MedsSchema.SUBJECT_ID, MedsSchema.TIME, MedsSchema.CODE);

    private final IngestConfig config;

    public MedsIngestJob(IngestConfig config) {
        this.config = config;
    }

    public MedsIngestSummary run(SparkSession spark) throws IOException {
        long started = System.nanoTime();
        Pseudonymiser pseudonymiser = config.mode().pseudonymiser(System::getenv);
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Warehouse warehouse = new Warehouse(config.warehouse());
        if (HadoopFiles.exists(hadoop, warehouse.state(Warehouse.STATE_FILES) + "/_SUCCESS")) {
            throw new BadInputException("warehouse " + warehouse.root() + " holds a FHIR ingest; import MEDS into a "
                    + "warehouse of its own");
        }
        Map<String, String> datasets = new LinkedHashMap<>();
        List<String> dataFolders = new ArrayList<>();
        List<String> codesFiles = new ArrayList<>();
        for (String input : config.inputs()) {
            MedsLayout layout = new MedsLayout(input);
            if (!HadoopFiles.exists(hadoop, layout.data())) {
                throw new BadInputException("no MEDS data folder at " + layout.data() + " (--input names a MEDS dataset's root)");
            }
            dataFolders.add(layout.data());
            if (HadoopFiles.exists(hadoop, layout.codes())) {
                codesFiles.add(layout.codes());
            }
            datasets.put(input, datasetName(hadoop, layout));
        }
        String runId = Warehouse.newRunId(Instant.now());
        Warehouse staged = warehouse.staging(runId);
        MedsImport medsImport = new MedsImport(pseudonymiser, Instant.now().plus(Duration.ofDays(1)));

        Dataset<Row> rows = rows(spark, dataFolders).persist(StorageLevel.MEMORY_AND_DISK());
        long rowsRead = rows.count();
        Dataset<MedsImportedSubject> subjects = rows.filter(col("subjectId").isNotNull())
                .as(Encoders.bean(MedsRow.class))
                .groupByKey((MapFunction<MedsRow, Long>) MedsRow::getSubjectId, Encoders.LONG())
                .mapGroups((MapGroupsFunction<Long, MedsRow, MedsImportedSubject>) (subjectId, subjectRows) -> {
                    List<MedsRow> all = new ArrayList<>();
                    subjectRows.forEachRemaining(all::add);
                    return medsImport.subject(subjectId, all);
                }, Encoders.bean(MedsImportedSubject.class))
                .persist(StorageLevel.MEMORY_AND_DISK());

        Dataset<Row> imported = subjects.toDF().filter(col("sequence").isNotNull());
        IngestTables.writeVisitSequences(imported.select(col("sequence.*")), staged);
        IngestTables.writeFlatTables(spark, staged);
        IngestTables.write(codes(spark, codesFiles), staged.table(Warehouse.CODES));
        Dataset<Row> rejects = subjects.select(explode(col("rejects")).as("r")).select(col("r.*"))
                .unionByName(rows.filter(col("subjectId").isNull()).select(col("sourceFile"),
                        lit(null).cast(DataTypes.LongType).as("location"), lit(MedsImport.SUBJECT_TYPE).as("resourceType"),
                        lit(null).cast(DataTypes.StringType).as("resourceId"),
                        lit(RejectReason.MISSING_SUBJECT.name()).as("reason"), lit("a row without a subject_id").as("message")));
        IngestTables.write(RejectPseudonyms.apply(rejects, pseudonymiser), staged.table(Warehouse.REJECTS));
        Column subjectRef = concat(lit(MedsImport.SUBJECT_TYPE + "/"), col("subjectId").cast(DataTypes.StringType));
        IngestTables.write(imported.select(lit(MedsImport.SUBJECT_TYPE).as("resourceType"), col("sequence.patientKey").as("key"),
                subjectRef.as("sourceRef"), col("sequence.patientKey").as("patientKey")), staged.table(Warehouse.IDENTITY));
        IngestTables.write(IdentityTable.sourceFiles(spark, rows.select("sourceFile").distinct()
                .as(Encoders.STRING()).javaRDD(), pseudonymiser), staged.table(Warehouse.IDENTITY_SOURCE_FILES));

        MedsIngestSummary summary = new MedsIngestSummary(runId, datasets);
        Row accepted = subjects.agg(sum("rowsAccepted"), count(when(col("sequence").isNotNull(), lit(1))),
                count(when(col("dayVisits").and(col("sequence").isNotNull()), lit(1)))).first();
        Dataset<Row> publishedRejects = spark.read().parquet(staged.table(Warehouse.REJECTS));
        Map<String, Long> byReason = PublishedCounts.countBy(publishedRejects, col("reason"));
        long rejected = byReason.values().stream().mapToLong(Long::longValue).sum();
        summary.rows(rowsRead, accepted.isNullAt(0) ? 0 : accepted.getLong(0), rejected);
        Row deceased = spark.read().parquet(staged.table(Warehouse.PATIENTS))
                .agg(PublishedCounts.deceased()).first();
        summary.patients(accepted.getLong(1), deceased.getLong(0), accepted.getLong(2));
        summary.encounters(PublishedCounts.encountersByClass(spark.read().parquet(staged.table(Warehouse.ENCOUNTERS))));
        summary.rejectsByReason(byReason);
        summary.finish(pseudonymiser.isDevelopmentKey(), (System.nanoTime() - started) / 1_000_000L);

        StageKillHook.reached("ingest:staged");
        TablePublisher.publish(spark, staged, warehouse, IngestJob.TABLES);
        HadoopFiles.writeString(hadoop, warehouse.ingestSummary(runId), summary.toJson());
        subjects.unpersist();
        rows.unpersist();
        LOG.info("ingest {} (MEDS): {} rows read, {} accepted, {} rejected; {} patients, {} encounters",
                runId, summary.rowsRead(), summary.rowsAccepted(), summary.rowsRejected(), summary.patients(),
                summary.encounters());
        return summary;
    }

    /**
     * The data rows as {@link MedsRow} columns: {@code subject_id} as int64, {@code time} as the UTC wall clock (a
     * zoned timestamp, which the standard does not allow but careless writers make, is read as its UTC time),
     * {@code numeric_value} as float32, the optional {@code text_value} and {@code unit} as strings,
     * Longitude's extensions {@code visit_index} (int32) and {@code event_kind}, and the file (no split or
     * position: those place an exported row).
     */
    private static Dataset<Row> rows(SparkSession spark, List<String> dataFolders) {
        Dataset<Row> data;
        try {
            data = spark.read().option("recursiveFileLookup", "true").option("pathGlobFilter", "*.parquet")
                    .parquet(dataFolders.toArray(String[]::new));
        } catch (Exception e) {
            // Scala's AnalysisException is checked in Java's eyes but undeclared: Spark cannot infer a schema.
            if (e instanceof AnalysisException) {
                throw new BadInputException("no readable MEDS data files (*.parquet) under " + dataFolders);
            }
            throw e;
        }
        StructType schema = data.schema();
        List<String> names = List.of(schema.fieldNames());
        for (String column : REQUIRED) {
            if (!names.contains(column)) {
                throw new BadInputException("MEDS data without a " + column + " column in " + dataFolders
                        + " (MEDS 0.4: subject_id, time, code, numeric_value)");
            }
        }
        Column time = schema.apply(MedsSchema.TIME).dataType() instanceof TimestampType
                ? expr("cast(to_utc_timestamp(" + MedsSchema.TIME + ", current_timezone()) as timestamp_ntz)")
                : col(MedsSchema.TIME).cast(DataTypes.TimestampNTZType);
        return data.select(col(MedsSchema.SUBJECT_ID).cast(DataTypes.LongType).as("subjectId"), time.as("time"),
                col(MedsSchema.CODE).cast(DataTypes.StringType).as("code"),
                optional(names, MedsSchema.NUMERIC_VALUE, DataTypes.FloatType).as("numericValue"),
                optional(names, MedsSchema.TEXT_VALUE, DataTypes.StringType).as("textValue"),
                optional(names, MedsSchema.UNIT, DataTypes.StringType).as("unit"),
                optional(names, MedsSchema.VISIT_INDEX, DataTypes.IntegerType).as("visitIndex"),
                optional(names, MedsSchema.EVENT_KIND, DataTypes.StringType).as("eventKind"),
                input_file_name().as("sourceFile"),
                lit(null).cast(DataTypes.StringType).as("split"), lit(null).cast(DataTypes.IntegerType).as("position"));
    }

    /**
     * The {@code codes} table from the datasets' codes.parquet: each description of a code that names a coding
     * ({@link MedsCodes#describedCodingOf}) is a display of that coding; a coding described differently by
     * several codes or datasets gets its most frequent description ({@link CodeDisplays#mostFrequent}).
     */
    private static Dataset<Row> codes(SparkSession spark, List<String> codesFiles) {
        UserDefinedFunction coding = udf((UDF1<String, List<String>>) code -> code == null ? null
                        : MedsCodes.describedCodingOf(code).map(c -> Arrays.asList(c.system(), c.code())).orElse(null),
                DataTypes.createArrayType(DataTypes.StringType));
        Dataset<Row> seen = spark.createDataFrame(List.of(), CodeDisplays.CODING);
        for (String codesFile : codesFiles) {
            Dataset<Row> metadata = spark.read().parquet(codesFile);
            if (!List.of(metadata.columns()).contains(MedsSchema.DESCRIPTION)) {
                continue;
            }
            Dataset<Row> described = metadata.select(coding.apply(col(MedsSchema.CODE).cast(DataTypes.StringType)).as("_coding"),
                            col(MedsSchema.DESCRIPTION).cast(DataTypes.StringType).as(CodeDisplays.DISPLAY))
                    .filter(col("_coding").isNotNull());
            seen = seen.unionByName(described.select(col("_coding").getItem(0).as(CodeDisplays.CODE_SYSTEM),
                    col("_coding").getItem(1).as(CodeDisplays.CODE), col(CodeDisplays.DISPLAY)));
        }
        return CodeDisplays.mostFrequent(seen);
    }

    private static Column optional(List<String> names, String column, org.apache.spark.sql.types.DataType type) {
        return names.contains(column) ? col(column).cast(type) : lit(null).cast(type);
    }

    /** {@code dataset_name} and {@code dataset_version} of a dataset's metadata/dataset.json, where it has one. */
    private static String datasetName(Configuration hadoop, MedsLayout layout) {
        try {
            if (!HadoopFiles.exists(hadoop, layout.datasetJson())) {
                return "(no metadata/dataset.json)";
            }
            var json = JSON.readTree(HadoopFiles.readString(hadoop, layout.datasetJson()));
            return json.path("dataset_name").asText("(unnamed)") + " " + json.path("dataset_version").asText("")
                    + " (MEDS " + json.path("meds_version").asText("?") + ")";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + layout.datasetJson(), e);
        }
    }
}
