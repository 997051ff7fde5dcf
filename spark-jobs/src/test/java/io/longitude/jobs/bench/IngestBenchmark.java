package io.longitude.jobs.bench;

import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.longitude.fhir.FhirContexts;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.ingest.IngestConfig;
import io.longitude.jobs.ingest.IngestJob;
import io.longitude.jobs.ingest.IngestSummary;
import io.longitude.jobs.testing.LongitudeProcess;
import io.longitude.jobs.testing.TestData;
import org.apache.spark.sql.SparkSession;
import org.hl7.fhir.r4.model.Bundle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * {@code scripts/bench.sh ingest [--input DIR]… [--rounds N] [--export DIR [--export-rounds N]]
 * [--scales 1,2,4 [--work DIR]] [--bundle-mb N [--bundle-heap 512m]] [--cli-exports DIR,DIR…]}: end-to-end
 * ingest against a HAPI-parse-only pass over the same files on the same two cores, and ingest on local[2]
 * against local[1]. The inputs (default: the shared Synthea bundles) show the fixed cost on a small input, and
 * on local[2] an incremental run adds the last tenth of their files to a warehouse holding the rest;
 * {@code --export} (a Synthea Bulk Data export, e.g. ~/.cache/longitude/synthea/p200-s42-a60-90-ndjson/fhir)
 * adds the same figures but the incremental ones, prefixed {@code export_}, for a large input whose NDJSON
 * files are read as byte ranges. {@code --scales} ingests k copies of the shared bundles (fresh UUIDs per copy, as
 * the pipeline benchmark makes them, kept under {@code --work}) on local[*] for each k, in this JVM: seconds per
 * million records, peak RSS of the run ({@code VmHWM}, reset before each) and the length of the longest and of all
 * SQL plan descriptions Spark built (uncapped, as {@code spark.sql.maxPlanStringLength}'s default leaves them).
 * {@code --bundle-mb} writes one bundle of about N MB of whole shared Synthea patients (under {@code --work}) and
 * ingests it with {@code longitude ingest} in a child JVM of {@code --bundle-heap} on local[2]: exit code, seconds,
 * and from its GC log the peak heap in use (before a collection) and the most that survived one.
 * {@code --cli-exports} ingests each Bulk export in turn with {@code scripts/longitude ingest} as README gives it
 * (its default driver memory and master, a cold JVM each, a fresh warehouse each): records, seconds, seconds per
 * million records, peak RSS (GNU time), exit code, page-allocation warnings and phases, and the ratio of the
 * last export's time per record to the first's (time linear in the records when it is near 1).
 * Prints key=value lines; the ratios are measured within one run.
 */
public final class IngestBenchmark {

    private static final int THREADS = 2;
    private static final int LINES_PER_PARSE_TASK = 2000;
    /** A unified GC log's collection line: heap in use before -> after (capacity), in MiB. */
    private static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\(\\d+M\\)");

    public static void main(String[] args) throws Exception {
        List<Path> inputs = new ArrayList<>();
        Path export = null;
        List<Integer> scales = new ArrayList<>();
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "longitude-ingest-bench");
        int rounds = 3;
        int exportRounds = 1;
        int bundleMb = 0;
        String bundleHeap = "512m";
        List<Path> cliExports = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--input" -> inputs.add(Path.of(args[++i]));
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--export" -> export = Path.of(args[++i]);
                case "--export-rounds" -> exportRounds = Integer.parseInt(args[++i]);
                case "--scales" -> Arrays.stream(args[++i].split(",")).map(Integer::valueOf).forEach(scales::add);
                case "--work" -> work = Path.of(args[++i]);
                case "--bundle-mb" -> bundleMb = Integer.parseInt(args[++i]);
                case "--bundle-heap" -> bundleHeap = args[++i];
                case "--cli-exports" -> Arrays.stream(args[++i].split(",")).map(Path::of).forEach(cliExports::add);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (inputs.isEmpty()) {
            inputs.add(Path.of("../shared/data/synthea-r4"));
        }
        System.out.printf("cores=%d%n", Runtime.getRuntime().availableProcessors());
        if (bundleMb > 0) {
            bigBundle(bundleMb, bundleHeap, work);
            return;
        }
        if (!scales.isEmpty()) {
            scaled(scales, work);
            return;
        }
        if (!cliExports.isEmpty()) {
            throughLauncher(cliExports, work);
            return;
        }
        measure("", inputs, rounds);
        if (export != null) {
            measure("export_", List.of(export), exportRounds);
        }
    }

    private static void measure(String prefix, List<Path> inputs, int rounds) throws Exception {
        List<Path> files = files(inputs);
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        System.out.printf("%sinput_files=%d%n%sinput_mb=%.1f%n", prefix, files.size(), prefix, bytes / 1e6);

        double parseSeconds = Double.MAX_VALUE;
        long parsed = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            parsed = hapiParseOnly(files);
            parseSeconds = Math.min(parseSeconds, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("%sparse_only_resources=%d%n%sparse_only_seconds=%.2f%n%sparse_only_resources_per_s=%.0f%n",
                prefix, parsed, prefix, parseSeconds, prefix, parsed / parseSeconds);

        double[] ingestSeconds = new double[3];
        long read = 0;
        for (int cores : new int[]{1, 2}) {
            SparkSession spark = SparkSession.builder().master("local[" + cores + "]").appName("bench-ingest")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1").getOrCreate();
            double best = Double.MAX_VALUE;
            for (int r = 0; r < rounds; r++) {
                Path warehouse = Files.createTempDirectory("bench-ingest");
                long t0 = System.nanoTime();
                IngestSummary summary = new IngestJob(defaults(inputs.stream().map(Path::toString).toList(), warehouse)).run(spark);
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                read = summary.resourcesRead();
                deleteRecursively(warehouse);
            }
            if (cores == 2 && prefix.isEmpty()) {
                incremental(spark, files);
            }
            spark.stop();
            ingestSeconds[cores] = best;
            System.out.printf("%1$singest_local%2$d_seconds=%3$.2f%n%1$singest_local%2$d_resources_per_s=%4$.0f%n"
                    + "%1$singest_local%2$d_mb_per_s=%5$.1f%n", prefix, cores, best, read / best, bytes / 1e6 / best);
        }
        System.out.printf("%singest_vs_parse=%.2f%n", prefix, (read / ingestSeconds[2]) / (parsed / parseSeconds));
        System.out.printf("%singest_scaling_2c=%.2f%n", prefix, ingestSeconds[1] / ingestSeconds[2]);
    }

    private static void scaled(List<Integer> scales, Path work) throws Exception {
        SparkSession spark = SparkSession.builder().master("local[*]").appName("bench-ingest-scales")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        PlanLengths plans = new PlanLengths();
        spark.sparkContext().addSparkListener(plans);
        Map<Integer, Long> rss = new LinkedHashMap<>();
        for (int k : scales) {
            Path input = PipelineBenchmark.scaledInput(work, k);
            Path warehouse = Files.createTempDirectory("bench-ingest-scale");
            plans.reset();
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            long t0 = System.nanoTime();
            IngestSummary summary = new IngestJob(defaults(List.of(input.toString()), warehouse)).run(spark);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long peakRss = peakRssMb();
            spark.sparkContext().listenerBus().waitUntilEmpty();
            rss.put(k, peakRss);
            System.out.printf("scale_%1$dx_records=%2$d%nscale_%1$dx_seconds=%3$.1f%nscale_%1$dx_seconds_per_million_records=%4$.1f%n"
                            + "scale_%1$dx_peak_rss_mb=%5$d%nscale_%1$dx_plan_chars_max=%6$d%nscale_%1$dx_plan_chars_total=%7$d%n"
                            + "scale_%1$dx_phase_seconds=%8$s%n", k, summary.resourcesRead(), seconds,
                    seconds / (summary.resourcesRead() / 1e6), peakRss, plans.max(), plans.total(), summary.seconds());
            deleteRecursively(warehouse);
        }
        int first = scales.get(0);
        int last = scales.get(scales.size() - 1);
        System.out.printf("scale_peak_rss_%dx_vs_%dx=%.2f%n", last, first, rss.get(last) / (double) rss.get(first));
        spark.stop();
    }

    private static void bigBundle(int megabytes, String heap, Path work) throws IOException {
        Path input = Files.createDirectories(work.resolve("bundle-" + megabytes + "mb"));
        Path bundle = input.resolve("bundle.json");
        long resources = TestData.syntheaBundle(bundle, megabytes * 1_000_000L, 0).values().stream()
                .mapToLong(Long::longValue).sum();
        Path gcLog = work.resolve("bundle-gc.log");
        Path warehouse = Files.createTempDirectory("bench-ingest-bundle");
        long t0 = System.nanoTime();
        LongitudeProcess.Result result = LongitudeProcess.run(List.of("-Xmx" + heap, "-Dspark.master=local[2]",
                        "-Xlog:gc:file=" + gcLog), Duration.ofMinutes(20), work.resolve("bundle-ingest.log"),
                "ingest", "--input", input.toString(), "--warehouse", warehouse.toString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        long inUse = 0;
        long survived = 0;
        Matcher m = GC_HEAP.matcher(Files.readString(gcLog));
        while (m.find()) {
            inUse = Math.max(inUse, Long.parseLong(m.group(1)));
            survived = Math.max(survived, Long.parseLong(m.group(2)));
        }
        System.out.printf("bundle_mb=%.1f%nbundle_resources=%d%nbundle_heap=%s%nbundle_exit_code=%d%nbundle_seconds=%.1f%n"
                        + "bundle_heap_peak_in_use_mb=%d%nbundle_heap_max_after_gc_mb=%d%n", Files.size(bundle) / 1e6, resources,
                heap, result.exitCode(), seconds, inUse, survived);
        deleteRecursively(warehouse);
    }

    private static void throughLauncher(List<Path> exports, Path work) throws IOException, InterruptedException {
        Files.createDirectories(work);
        System.out.printf("cli_driver_memory=%s%ncli_master=%s%n",
                System.getenv().getOrDefault("LONGITUDE_DRIVER_MEMORY", "4g (README default)"), "local[*] (README default)");
        double firstPerMillion = 0;
        double lastPerMillion = 0;
        long firstRecords = 0;
        long lastRecords = 0;
        for (int i = 0; i < exports.size(); i++) {
            String k = "cli_" + (i + 1);
            Path warehouse = Files.createTempDirectory(work, "cli-warehouse");
            Path summary = work.resolve(k + "-summary.json");
            Path times = work.resolve(k + "-time.txt");
            Path log = work.resolve(k + "-ingest.log");
            long t0 = System.nanoTime();
            int exit = new ProcessBuilder("/usr/bin/time", "-f", "%e %M", "-o", times.toString(), "scripts/longitude",
                    "ingest", "--input", exports.get(i).toString(), "--warehouse", warehouse.toString(),
                    "--summary", summary.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<String> timeLines = Files.readAllLines(times);
            String[] time = timeLines.get(timeLines.size() - 1).trim().split(" ");
            String output = Files.readString(log);
            System.out.printf("%1$s_export=%2$s%n%1$s_exit_code=%3$d%n%1$s_seconds=%4$.1f%n%1$s_peak_rss_mb=%5$d%n"
                            + "%1$s_allocation_warnings=%6$d%n%1$s_stack_overflow=%7$b%n",
                    k, exports.get(i), exit, seconds, Long.parseLong(time[1]) / 1024,
                    count(output, "Failed to allocate a page"), output.contains("StackOverflowError"));
            if (exit == 0) {
                JsonNode json = new ObjectMapper().readTree(summary.toFile());
                long records = json.get("resourcesRead").asLong();
                double perMillion = seconds / (records / 1e6);
                System.out.printf("%1$s_records=%2$d%n%1$s_seconds_per_million_records=%3$.1f%n%1$s_phase_seconds=%4$s%n",
                        k, records, perMillion, json.get("phaseSeconds"));
                if (i == 0) {
                    firstPerMillion = perMillion;
                    firstRecords = records;
                }
                lastPerMillion = perMillion;
                lastRecords = records;
            } else {
                lastRecords = 0;
            }
            deleteRecursively(warehouse);
        }
        if (exports.size() > 1 && firstRecords > 0 && lastRecords > 0) {
            System.out.printf("cli_records_last_vs_first=%.2f%ncli_time_per_record_last_vs_first=%.2f%n",
                    lastRecords / (double) firstRecords, lastPerMillion / firstPerMillion);
        }
    }

    private static long count(String text, String needle) {
        long n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            n++;
        }
        return n;
    }

    private static long peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmHWM in /proc/self/status");
    }

    /**
     * The last tenth of the files (by path) added to a warehouse that holds the rest: what a night with 10% new
     * data costs, phase by phase, to set against {@code ingest_local2_seconds} (everything from scratch).
     */
    private static void incremental(SparkSession spark, List<Path> files) throws IOException {
        List<String> paths = files.stream().map(Path::toString).sorted().toList();
        int before = paths.size() - Math.max(1, paths.size() / 10);
        Path warehouse = Files.createTempDirectory("bench-incremental");
        new IngestJob(defaults(paths.subList(0, before), warehouse)).run(spark);
        long t0 = System.nanoTime();
        IngestSummary added = new IngestJob(defaults(paths, warehouse)).run(spark);
        System.out.printf("incremental_files_read=%d%nincremental_patients_rebuilt=%d%nincremental_patients_carried_over=%d%n"
                        + "incremental_seconds=%.2f%n", added.files().get("read"), added.patientsRebuilt(),
                added.patientsCarriedOver(), (System.nanoTime() - t0) / 1e9);
        added.seconds().forEach((phase, seconds) -> System.out.printf("incremental_%s_seconds=%.1f%n", phase, seconds));
        deleteRecursively(warehouse);
    }

    /** What `scripts/longitude ingest` runs with: conf/longitude.conf's defaults, Spark's own shuffle settings. */
    private static IngestConfig defaults(List<String> inputs, Path warehouse) {
        return IngestConfig.from(LongitudeConfigLoader.load(null, List.of()), inputs, warehouse.toString());
    }

    private static List<Path> files(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            try (Stream<Path> walk = Files.walk(input)) {
                walk.filter(Files::isRegularFile).filter(f -> f.toString().matches(".*\\.(nd)?json(\\.gz)?$"))
                        .sorted().forEach(files::add);
            }
        }
        files.sort(Comparator.comparingLong(IngestBenchmark::size).reversed());
        return files;
    }

    /**
     * The reference: HAPI parses every resource, nothing else, on two threads: each bundle is one parse task,
     * NDJSON lines are read on this thread and parsed in tasks of {@value #LINES_PER_PARSE_TASK} lines, so a
     * single large NDJSON file keeps both threads busy as ingest's byte ranges do.
     */
    private static long hapiParseOnly(List<Path> files) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        ThreadLocal<IParser> parsers = ThreadLocal.withInitial(() -> FhirContexts.r4().newJsonParser());
        Semaphore inFlight = new Semaphore(4 * THREADS);
        List<Future<Long>> counts = new ArrayList<>();
        try {
            for (Path file : files) {
                if (!file.toString().contains(".ndjson")) {
                    counts.add(pool.submit(() -> parseBundle(parsers.get(), file)));
                    continue;
                }
                try (BufferedReader reader = open(file)) {
                    List<String> batch = new ArrayList<>();
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        if (!line.isBlank()) {
                            batch.add(line);
                        }
                        if (batch.size() == LINES_PER_PARSE_TASK) {
                            counts.add(submitLines(pool, parsers, inFlight, batch));
                            batch = new ArrayList<>();
                        }
                    }
                    counts.add(submitLines(pool, parsers, inFlight, batch));
                }
            }
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get();
            }
            return total;
        } finally {
            pool.shutdown();
        }
    }

    /** Waits while too many line batches are queued: the reader outruns the parsers. */
    private static Future<Long> submitLines(ExecutorService pool, ThreadLocal<IParser> parsers, Semaphore inFlight,
                                            List<String> lines) throws InterruptedException {
        inFlight.acquire();
        return pool.submit(() -> {
            try {
                IParser parser = parsers.get();
                for (String line : lines) {
                    parser.parseResource(line);
                }
                return (long) lines.size();
            } finally {
                inFlight.release();
            }
        });
    }

    private static long parseBundle(IParser parser, Path file) throws IOException {
        try (BufferedReader reader = open(file)) {
            var resource = parser.parseResource(reader);
            return resource instanceof Bundle bundle ? bundle.getEntry().size() : 1;
        }
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
