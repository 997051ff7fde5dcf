package io.longitude.jobs.bench;

import io.longitude.cohort.SplitAssigner;

import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitEvent;
import io.longitude.fhir.VisitSequence;
import io.longitude.config.BadInputException;
import io.longitude.config.InvalidConfigException;
import io.longitude.jobs.HadoopFiles;
import io.longitude.warehouse.Warehouse;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

import static org.apache.spark.sql.functions.col;

/**
 * Multiplies an ingested warehouse's {@code visit_sequences} k-fold for scale tests: copy 0 is the original,
 * copy c has fresh patient and encounter keys (a hash of the key and c) and every date shifted back by
 * c × shift-days, so that the data end stays the original's. Runs on the executors; nothing reaches the
 * driver. Only {@code visit_sequences} is written (it is all the cohort job reads), and the {@code codes} table
 * copied as it is (terminology, the same for every copy), for the MEDS export's descriptions.
 */
@Command(name = "scale-warehouse", mixinStandardHelpOptions = true,
        description = "Write a k-fold copy of a warehouse's visit_sequences with fresh keys and shifted dates.")
public final class WarehouseScaler implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(WarehouseScaler.class);
    private static final long TARGET_PARTITION_BYTES = 64L << 20;

    @Option(names = "--from", required = true, paramLabel = "DIR", description = "Source warehouse.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DIR",
            description = "Target warehouse (its visit_sequences is replaced).")
    String to;

    @Option(names = "--factor", required = true, paramLabel = "K", description = "Number of copies (≥ 1).")
    int factor;

    @Option(names = "--shift-days", defaultValue = "1", paramLabel = "D",
            description = "Copy c is shifted back by c × D days (default ${DEFAULT-VALUE}).")
    int shiftDays;

    public static void main(String[] args) {
        System.exit(new CommandLine(new WarehouseScaler()).execute(args));
    }

    @Override
    public Integer call() {
        SparkSession spark = SparkSession.builder().appName("longitude-scale-warehouse").getOrCreate();
        try {
            long rows = scale(spark, from, to, factor, shiftDays);
            System.out.printf("scaled %s ×%d → %s: %d patients%n", from, factor, to, rows);
            return 0;
        } finally {
            spark.stop();
        }
    }

    /** Writes the k-fold copy and returns its number of patients. */
    public static long scale(SparkSession spark, String from, String to, int factor, int shiftDays) {
        if (factor < 1 || shiftDays < 0) {
            throw new InvalidConfigException("--factor must be ≥ 1 and --shift-days ≥ 0");
        }
        String source = new Warehouse(from).table(Warehouse.VISIT_SEQUENCES);
        String target = new Warehouse(to).table(Warehouse.VISIT_SEQUENCES);
        int partitions = partitions(spark, source, factor);
        Dataset<VisitSequence> sequences = spark.read().parquet(source).as(Encoders.bean(VisitSequence.class));
        sequences.flatMap((FlatMapFunction<VisitSequence, VisitSequence>) p -> {
                    List<VisitSequence> copies = new ArrayList<>(factor);
                    for (int c = 0; c < factor; c++) {
                        copies.add(copy(p, c, Duration.ofDays((long) c * shiftDays)));
                    }
                    return copies.iterator();
                }, Encoders.bean(VisitSequence.class))
                .select(col("patientKey"), col("schemaVersion"), col("birthDate"), col("gender"), col("deceased"),
                        col("deathTime"), col("visits"), col("eventsWithoutVisit"), col("attachedByReference"),
                        col("attachedByTime"), col("unattached"))
                .repartition(partitions, col("patientKey"))
                .sortWithinPartitions("patientKey")
                .write().mode(SaveMode.Overwrite).parquet(target);
        long rows = spark.read().parquet(target).count();
        copyCodes(spark, from, to);
        LOG.info("scaled visit_sequences ×{} into {} partitions: {} patients", factor, partitions, rows);
        return rows;
    }

    private static void copyCodes(SparkSession spark, String from, String to) {
        String codes = new Warehouse(from).table(Warehouse.CODES);
        try {
            if (HadoopFiles.exists(spark.sparkContext().hadoopConfiguration(), codes)) {
                spark.read().parquet(codes).write().mode(SaveMode.Overwrite).parquet(new Warehouse(to).table(Warehouse.CODES));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + codes, e);
        }
    }

    private static int partitions(SparkSession spark, String source, int factor) {
        Path path = new Path(source);
        try {
            var fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(path)) {
                throw new BadInputException("no " + Warehouse.VISIT_SEQUENCES + " table at " + source);
            }
            long bytes = fs.getContentSummary(path).getLength() * factor;
            return (int) Math.max(spark.sparkContext().defaultParallelism(),
                    Math.min(10_000, (bytes + TARGET_PARTITION_BYTES - 1) / TARGET_PARTITION_BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot size " + source, e);
        }
    }

    static VisitSequence copy(VisitSequence p, int copy, Duration shift) {
        if (copy == 0) {
            return p;
        }
        VisitSequence out = new VisitSequence();
        out.setPatientKey(freshKey(p.getPatientKey(), copy));
        out.setSchemaVersion(p.getSchemaVersion());
        out.setBirthDate(p.getBirthDate() == null ? null : p.getBirthDate().minusDays(shift.toDays()));
        out.setGender(p.getGender());
        out.setDeceased(p.getDeceased());
        out.setDeathTime(minus(p.getDeathTime(), shift));
        List<Visit> visits = new ArrayList<>(p.getVisits().size());
        for (Visit v : p.getVisits()) {
            Visit c = new Visit();
            c.setEncounterKey(freshKey(v.getEncounterKey(), copy));
            c.setStatus(v.getStatus());
            c.setClassCode(v.getClassCode());
            c.setClassSystem(v.getClassSystem());
            c.setTypeCodes(v.getTypeCodes());
            c.setStart(minus(v.getStart(), shift));
            c.setEnd(minus(v.getEnd(), shift));
            c.setDischargeDisposition(v.getDischargeDisposition());
            c.setReasonCodes(v.getReasonCodes());
            c.setEvents(events(v.getEvents(), shift));
            visits.add(c);
        }
        out.setVisits(visits);
        out.setEventsWithoutVisit(events(p.getEventsWithoutVisit(), shift));
        out.setAttachedByReference(p.getAttachedByReference());
        out.setAttachedByTime(p.getAttachedByTime());
        out.setUnattached(p.getUnattached());
        return out;
    }

    private static List<VisitEvent> events(List<VisitEvent> events, Duration shift) {
        List<VisitEvent> out = new ArrayList<>(events.size());
        for (VisitEvent e : events) {
            VisitEvent c = new VisitEvent();
            c.setKind(e.getKind());
            c.setTime(minus(e.getTime(), shift));
            c.setEndTime(minus(e.getEndTime(), shift));
            c.setCodeSystem(e.getCodeSystem());
            c.setCode(e.getCode());
            c.setValue(e.getValue());
            c.setUnit(e.getUnit());
            c.setValueCode(e.getValueCode());
            out.add(c);
        }
        return out;
    }

    private static Instant minus(Instant t, Duration shift) {
        return t == null ? null : t.minus(shift);
    }

    private static String freshKey(String key, int copy) {
        if (key == null) {
            return null;
        }
        return HexFormat.of().formatHex(SplitAssigner.sha256("scale-copy-" + copy + "|" + key));
    }
}
