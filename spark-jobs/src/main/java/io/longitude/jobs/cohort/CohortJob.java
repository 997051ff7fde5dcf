package io.longitude.jobs.cohort;

import io.longitude.cohort.CandidateOutcome;
import io.longitude.cohort.CohortMetadata;
import io.longitude.cohort.CohortSample;
import io.longitude.cohort.ObservedValue;
import io.longitude.cohort.PatientCohort;
import io.longitude.cohort.VisitTokeniser;
import io.longitude.cohort.TaskConfig;
import io.longitude.cohort.TaskKind;
import io.longitude.cohort.ValueBins;
import io.longitude.cohort.Vocabulary;
import io.longitude.cohort.aces.AcesExtractor;
import io.longitude.meds.MedsSubjects;
import io.longitude.meds.MedsTimeline;

import io.longitude.fhir.VisitSequence;
import io.longitude.config.BadInputException;
import io.longitude.jobs.StageProgress;
import io.longitude.jobs.CohortMetadataFiles;
import io.longitude.jobs.HadoopFiles;
import io.longitude.jobs.WarehouseTimes;
import io.longitude.warehouse.Warehouse;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

/**
 * Builds one task's cohort from {@code visit_sequences}: per patient (pure Java, {@link PatientCohort})
 * candidates, attrition and splits (an {@code aces} task's candidates from its ACES config evaluated on the
 * patient's MEDS timeline); the value bins fitted and the vocabulary counted on the training split; the encoded
 * samples. Writes {@code tables/cohorts/<task>/samples}, {@code vocabulary} (and {@code target_vocabulary} for
 * next-visit-dx), {@code value_bins.json} ({@link ValueBins}), {@code cohort.json} ({@link CohortMetadata}) and
 * the summary. Only aggregates and the
 * vocabulary reach the driver; the output is byte-identical across reruns (hash partitioning by patient,
 * sorted within partitions, no timestamps).
 */
public final class CohortJob {

    private static final Logger LOG = LoggerFactory.getLogger(CohortJob.class);
    private static final StructType VOCABULARY_SCHEMA = new StructType()
            .add("token", DataTypes.StringType, false)
            .add("id", DataTypes.IntegerType, false)
            .add("count", DataTypes.LongType, false);

    private final String warehouseRoot;
    private final TaskConfig task;

    public CohortJob(String warehouseRoot, TaskConfig task) {
        this.warehouseRoot = warehouseRoot;
        this.task = task;
    }

    public CohortSummary run(SparkSession spark) {
        try (StageProgress progress = StageProgress.start(spark, "cohort " + task.name(), StageProgress.INTERVAL)) {
            return cohort(spark);
        }
    }

    private CohortSummary cohort(SparkSession spark) {
        long started = System.nanoTime();
        String runId = Warehouse.newRunId(Instant.now());
        Warehouse warehouse = new Warehouse(warehouseRoot);
        Dataset<VisitSequence> sequences = readSequences(spark, warehouse);
        Instant dataEnd = task.dataEnd() != null ? task.dataEnd() : WarehouseTimes.dataEnd(sequences);
        // Locals only, so that the closures below serialise the config and not this job.
        TaskConfig config = task;
        List<String> steps = PatientCohort.attritionSteps(config);
        MedsSubjects subjects = config.kind() == TaskKind.ACES ? MedsSubjects.splitBy(List.of(config)) : null;

        Dataset<CandidateOutcome> outcomes = sequences
                .flatMap((FlatMapFunction<VisitSequence, CandidateOutcome>) p ->
                                cohortOf(p, config, dataEnd, subjects).outcomes().iterator(),
                        Encoders.bean(CandidateOutcome.class))
                .persist(StorageLevel.MEMORY_AND_DISK());

        ValueBins bins = valueBins(sequences, config, dataEnd, subjects);
        Vocabulary vocabulary = fitVocabulary(sequences, config, dataEnd, subjects, bins);
        Vocabulary targetVocabulary = config.kind() == TaskKind.NEXT_VISIT_DX
                ? fitTargets(sequences, config, dataEnd) : null;
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Vocabulary> vocabularyBroadcast = jsc.broadcast(vocabulary);
        Broadcast<Vocabulary> targetsBroadcast = targetVocabulary == null ? null : jsc.broadcast(targetVocabulary);

        Dataset<Row> samples = sequences
                .flatMap((FlatMapFunction<VisitSequence, CohortSample>) p -> cohortOf(p, config, dataEnd, subjects)
                                .samples(vocabularyBroadcast.value(),
                                        targetsBroadcast == null ? null : targetsBroadcast.value())
                        .iterator(),
                        Encoders.bean(CohortSample.class))
                .select(col("sampleId"), col("patientKey"), col("split"), col("indexTime"), col("indexEncounterKey"),
                        col("label"), col("targets"), col("visits"), col("sex"), col("ageAtIndex"), col("visitCount"));
        int partitions = Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions"));
        samples.repartition(partitions, col("patientKey"))
                .sortWithinPartitions("patientKey", "indexTime", "sampleId")
                .write().mode(SaveMode.Overwrite).parquet(warehouse.cohortSamples(task.name()));
        writeVocabulary(spark, vocabulary, warehouse.cohortVocabulary(task.name()));
        try {
            HadoopFiles.writeString(spark.sparkContext().hadoopConfiguration(),
                    warehouse.cohortValueBins(task.name()), bins.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the value bins of " + task.name(), e);
        }
        if (targetVocabulary != null) {
            writeVocabulary(spark, targetVocabulary, warehouse.cohortTargetVocabulary(task.name()));
        }
        CohortMetadataFiles.write(spark.sparkContext().hadoopConfiguration(), warehouse,
                CohortMetadata.of(config, dataEnd));

        CohortSummary summary = CohortSummary.compute(config, steps, outcomes, vocabulary, targetVocabulary, dataEnd,
                runId, (System.nanoTime() - started) / 1_000_000L);
        outcomes.unpersist();
        vocabularyBroadcast.destroy();
        if (targetsBroadcast != null) {
            targetsBroadcast.destroy();
        }
        try {
            HadoopFiles.writeString(spark.sparkContext().hadoopConfiguration(),
                    warehouse.cohortSummary(runId, config.name()), summary.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cohort summary of run " + runId, e);
        }
        summary.attritionLines().forEach(line -> LOG.info("cohort {} {}", config.name(), line));
        LOG.info("cohort {}: {} samples, {} patients, vocabulary {} in {} s", config.name(), summary.samples(),
                summary.patients(), vocabulary.size(), summary.elapsedMillis() / 1000);
        return summary;
    }

    private static Dataset<VisitSequence> readSequences(SparkSession spark, Warehouse warehouse) {
        String path = warehouse.table(Warehouse.VISIT_SEQUENCES);
        Path table = new Path(path);
        try {
            if (!table.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(table)) {
                throw new BadInputException("no " + Warehouse.VISIT_SEQUENCES + " table at " + path
                        + " (run `longitude ingest` first)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for " + path, e);
        }
        return spark.read().parquet(path).as(Encoders.bean(VisitSequence.class));
    }

    /**
     * The patient's part of the cohort; an {@code aces} task's from its extractor over the patient's MEDS
     * timeline (the export's code strings, numeric values as the export's float32).
     */
    private static PatientCohort cohortOf(VisitSequence p, TaskConfig config, Instant dataEnd, MedsSubjects subjects) {
        if (config.kind() != TaskKind.ACES) {
            return PatientCohort.of(p, config, dataEnd);
        }
        return PatientCohort.ofAces(p, config, dataEnd, new AcesExtractor(config.acesTask())
                .outcomes(p.getPatientKey(), MedsTimeline.acesEvents(p, subjects)));
    }

    /** The value bins fitted on the training split's values ({@link ValueBins#NONE} with values off). */
    static ValueBins valueBins(Dataset<VisitSequence> sequences, TaskConfig config, Instant dataEnd,
                               MedsSubjects subjects) {
        if (!config.valuesEnabled()) {
            return ValueBins.NONE;
        }
        return ValueBinFitting.fit(sequences.flatMap((FlatMapFunction<VisitSequence, ObservedValue>) p ->
                                cohortOf(p, config, dataEnd, subjects).trainingValues().iterator(),
                        Encoders.bean(ObservedValue.class)), config.valueBins(), config.numericValueCodes(),
                config.lastValueCodes(), config.name());
    }

    private static Vocabulary fitVocabulary(Dataset<VisitSequence> sequences, TaskConfig config, Instant dataEnd,
                                            MedsSubjects subjects, ValueBins bins) {
        Dataset<Row> counts = sequences
                .flatMap((FlatMapFunction<VisitSequence, String>) p ->
                        cohortOf(p, config, dataEnd, subjects).trainingTokens(bins).iterator(), Encoders.STRING())
                .groupBy(col("value").as("token")).count()
                .persist(StorageLevel.MEMORY_AND_DISK());
        SortedMap<String, Long> kept = new TreeMap<>();
        for (Row r : counts.filter(col("count").geq(config.vocabularyMinCount())).collectAsList()) {
            kept.put(r.getString(0), r.getLong(1));
        }
        Row dropped = counts.filter(col("count").lt(config.vocabularyMinCount())).agg(sum("count")).first();
        counts.unpersist();
        return Vocabulary.withOutOfVocabulary(kept, dropped.isNullAt(0) ? 0L : dropped.getLong(0)).withValueBins(bins);
    }

    /** next-visit-dx: the top-k condition codes of the training split's targets (ties by token). */
    private static Vocabulary fitTargets(Dataset<VisitSequence> sequences, TaskConfig config, Instant dataEnd) {
        List<Row> top = sequences
                .flatMap((FlatMapFunction<VisitSequence, String>) p ->
                        PatientCohort.of(p, config, dataEnd).trainingTargetTokens().iterator(), Encoders.STRING())
                .groupBy(col("value").as("token")).count()
                .orderBy(col("count").desc(), col("token").asc())
                .limit(config.topK())
                .collectAsList();
        SortedMap<String, Long> tokens = new TreeMap<>();
        top.forEach(r -> tokens.put(r.getString(0), r.getLong(1)));
        return Vocabulary.closed(tokens);
    }

    private static void writeVocabulary(SparkSession spark, Vocabulary vocabulary, String path) {
        List<Row> rows = new ArrayList<>(vocabulary.size());
        List<String> tokens = vocabulary.tokens();
        for (int id = 0; id < tokens.size(); id++) {
            rows.add(RowFactory.create(tokens.get(id), id, vocabulary.count(id)));
        }
        spark.createDataFrame(rows, VOCABULARY_SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite).parquet(path);
    }
}
