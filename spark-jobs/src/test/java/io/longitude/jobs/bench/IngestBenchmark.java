package io.longitude.jobs.bench;

import ca.uhn.fhir.parser.IParser;
import io.longitude.ingest.FhirContexts;
import io.longitude.jobs.ingest.IngestConfig;
import io.longitude.jobs.ingest.IngestJob;
import io.longitude.jobs.ingest.IngestMode;
import io.longitude.jobs.ingest.IngestSummary;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * {@code scripts/bench.sh ingest [--input DIR]… [--rounds N]}: end-to-end ingest against a HAPI-parse-only
 * pass over the same files on the same two cores, and ingest on local[2] against local[1].
 * Prints key=value lines; the ratios are measured within one run.
 */
public final class IngestBenchmark {

    public static void main(String[] args) throws Exception {
        List<Path> inputs = new ArrayList<>();
        int rounds = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--input" -> inputs.add(Path.of(args[++i]));
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (inputs.isEmpty()) {
            inputs.add(Path.of("../shared/data/synthea-r4"));
        }
        List<Path> files = files(inputs);
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        System.out.printf("input_files=%d%ninput_mb=%.1f%ncores=%d%n", files.size(), bytes / 1e6,
                Runtime.getRuntime().availableProcessors());

        double parseSeconds = Double.MAX_VALUE;
        long parsed = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            parsed = hapiParseOnly(files, 2);
            parseSeconds = Math.min(parseSeconds, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("parse_only_resources=%d%nparse_only_seconds=%.2f%nparse_only_resources_per_s=%.0f%n",
                parsed, parseSeconds, parsed / parseSeconds);

        double[] ingestSeconds = new double[3];
        long read = 0;
        for (int cores : new int[]{1, 2}) {
            SparkSession spark = SparkSession.builder().master("local[" + cores + "]").appName("bench-ingest")
                    .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
                    .config("spark.driver.host", "127.0.0.1").getOrCreate();
            double best = Double.MAX_VALUE;
            for (int r = 0; r < rounds; r++) {
                Path warehouse = Files.createTempDirectory("bench-ingest");
                long t0 = System.nanoTime();
                IngestSummary summary = new IngestJob(new IngestConfig(inputs.stream().map(Path::toString).toList(),
                        warehouse.toString(), 1 << 25, 1 << 28, 0, IngestMode.DEVELOPMENT)).run(spark);
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                read = summary.resourcesRead();
                deleteRecursively(warehouse);
            }
            spark.stop();
            ingestSeconds[cores] = best;
            System.out.printf("ingest_local%d_seconds=%.2f%ningest_local%d_resources_per_s=%.0f%ningest_local%d_mb_per_s=%.1f%n",
                    cores, best, cores, read / best, cores, bytes / 1e6 / best);
        }
        System.out.printf("ingest_vs_parse=%.2f%n", (read / ingestSeconds[2]) / (parsed / parseSeconds));
        System.out.printf("ingest_scaling_2c=%.2f%n", ingestSeconds[1] / ingestSeconds[2]);
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

    /** The reference: HAPI parses every resource of every file, nothing else, on {@code threads} threads. */
    private static long hapiParseOnly(List<Path> files, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        List<Future<Long>> counts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            counts.add(pool.submit(() -> {
                IParser parser = FhirContexts.r4().newJsonParser();
                long resources = 0;
                for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
                    resources += parse(parser, files.get(i));
                }
                return resources;
            }));
        }
        long total = 0;
        for (Future<Long> count : counts) {
            total += count.get();
        }
        pool.shutdown();
        return total;
    }

    private static long parse(IParser parser, Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            if (file.toString().contains(".ndjson")) {
                long n = 0;
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.isBlank()) {
                        parser.parseResource(line);
                        n++;
                    }
                }
                return n;
            }
            var resource = parser.parseResource(reader);
            return resource instanceof Bundle bundle ? bundle.getEntry().size() : 1;
        }
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
