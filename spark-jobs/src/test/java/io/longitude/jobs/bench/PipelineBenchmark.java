package io.longitude.jobs.bench;

import io.longitude.jobs.testing.TestData;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * {@code scripts/bench.sh pipeline [--sizes 1000,10000] [--tasks T,…] [--models M,…] [--epochs N]
 * [--driver-memory 4g] [--master local[2]] [--work DIR]}: the whole {@code run} (ingest → cohort → train →
 * evaluate → report → write-back) on inputs of each size, in a {@link CliDriver} (timed, peak RSS sampled).
 *
 * <p>Inputs of N patients are copies of the shared Synthea bundles (333 patients) with every UUID rewritten per
 * copy, so that each copy is a distinct set of patients, encounters and references: the run's ingest reads them
 * as new patients (names and dates are unchanged; the copies' timelines are identical). They are kept under
 * {@code --work} and reused. Prints {@code pipeline_<size>_seconds}, {@code pipeline_<size>_driver_peak_rss_mb},
 * and for the largest against the smallest size {@code driver_rss_<big>_vs_<small>} and
 * {@code pipeline_time_<big>_vs_<small>}.
 */
public final class PipelineBenchmark {

    private static final Pattern UUID = Pattern.compile("\\b([0-9a-f]{8})(-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\b");
    private static final int SHARED_PATIENTS = 333;

    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(1000, 10000);
        String tasks = "readmission-30d";
        String models = "gru";
        int epochs = 3;
        String driverMemory = "4g";
        String master = "local[2]";
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "longitude-pipeline-bench");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--sizes" -> sizes = Arrays.stream(args[i + 1].split(",")).map(Integer::parseInt).sorted().toList();
                case "--tasks" -> tasks = args[i + 1];
                case "--models" -> models = args[i + 1];
                case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
                case "--driver-memory" -> driverMemory = args[i + 1];
                case "--master" -> master = args[i + 1];
                case "--work" -> work = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.println("pipeline_master=" + master);
        System.out.println("pipeline_driver_memory=" + driverMemory);
        System.out.println("pipeline_tasks=" + tasks);
        System.out.println("pipeline_models=" + models);
        System.out.println("pipeline_epochs=" + epochs);
        double[] seconds = new double[sizes.size()];
        long[] peakKb = new long[sizes.size()];
        for (int s = 0; s < sizes.size(); s++) {
            int copies = Math.max(1, Math.round(sizes.get(s) / (float) SHARED_PATIENTS));
            String label = label(sizes.get(s));
            Path input = scaledInput(work, copies);
            Path warehouse = work.resolve("warehouse-" + label);
            deleteRecursively(warehouse);
            Path log = work.resolve("run-" + label + ".log");
            Path config = work.resolve("run.conf");
            Files.writeString(config, "run.tasks = [" + tasks + "]\nrun.models = [" + models + "]\ntrain.epochs = "
                    + epochs + "\n");
            CliDriver.Measured measured = CliDriver.run(List.of("run", "--input", input.toString(), "--warehouse",
                    warehouse.toString(), "--config", config.toString()), driverMemory, master, log);
            seconds[s] = measured.seconds();
            peakKb[s] = measured.peakRssKb();
            System.out.printf("pipeline_%1$s_patients=%2$d%npipeline_%1$s_seconds=%3$.1f%npipeline_%1$s_driver_peak_rss_mb=%4$.0f%n",
                    label, copies * SHARED_PATIENTS, seconds[s], measured.peakRssMb());
        }
        int last = sizes.size() - 1;
        if (last > 0) {
            String ratio = label(sizes.get(last)) + "_vs_" + label(sizes.get(0));
            System.out.printf("driver_rss_%s=%.2f%npipeline_time_%s=%.2f%n", ratio, peakKb[last] / (double) peakKb[0],
                    ratio, seconds[last] / seconds[0]);
        }
    }

    private static String label(int size) {
        return size % 1000 == 0 ? size / 1000 + "k" : Integer.toString(size);
    }

    /** {@code copies} copies of the shared bundles, copy c with every UUID's first group XOR-ed with c's hash. */
    static Path scaledInput(Path work, int copies) throws IOException {
        Path dir = work.resolve("input-x" + copies);
        Path done = dir.resolve("_COMPLETE");
        if (Files.exists(done)) {
            return dir;
        }
        deleteRecursively(dir);
        Files.createDirectories(dir);
        List<Path> bundles;
        try (Stream<Path> files = Files.list(TestData.sharedSyntheaBundles())) {
            bundles = files.filter(f -> f.getFileName().toString().endsWith(".json.gz")).sorted().toList();
        }
        for (Path bundle : bundles) {
            String text;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(bundle))) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            for (int c = 0; c < copies; c++) {
                int mask = c * 0x9E3779B1;
                Matcher m = UUID.matcher(text);
                String copy = c == 0 ? text : m.replaceAll(r -> String.format("%08x", Integer.parseUnsignedInt(r.group(1), 16) ^ mask)
                        + r.group(2));
                try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(
                        dir.resolve("c" + c + "-" + bundle.getFileName())), 1 << 16)) {
                    out.write(copy.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        Files.createFile(done);
        return dir;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
