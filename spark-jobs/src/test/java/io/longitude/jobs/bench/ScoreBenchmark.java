package io.longitude.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.longitude.models.registry.ModelRegistry;
import io.longitude.warehouse.Warehouse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code scripts/bench.sh score [--sizes 1000,10000] [--task readmission-30d] [--model gru] [--epochs 1]
 * [--as-of INSTANT] [--backtest-lag-days 35] [--driver-memory 4g] [--master local[2]] [--work DIR]}: {@code longitude
 * score} at one as-of (default the newest event time) on warehouses of each size ({@link ScaledWarehouses}), then a
 * one-night backtest ({@code score --from N --to N}, N that many days before the as-of, so that the night's outcomes
 * are known), each
 * in a {@link CliDriver} (timed, driver peak RSS sampled). The version is trained once, on the smallest warehouse
 * (cohort, train, evaluate for its recalibrator), and its folder copied into the others: a version scores alone.
 * Prints per size {@code score_<size>_{patients,as_of,candidates_seen,scored,seconds,job_seconds,
 * candidates_per_second,events_per_second,driver_peak_rss_mb}}: candidates are the first attrition step (every stay,
 * or patient for next-visit-dx, seen as of the instant), scored the open events among them; rates are over the
 * scoring job's own time, {@code job_seconds} (the process's minus JVM and Spark start); then
 * {@code backtest_<size>_{night,night_seconds,outcome_known,positive_patients,driver_peak_rss_mb}}; largest against
 * smallest,
 * {@code score_time_<big>_vs_<small>}, {@code score_events_<big>_vs_<small>}, {@code driver_rss_<big>_vs_<small>}
 * and {@code backtest_night_time_<big>_vs_<small>}.
 */
public final class ScoreBenchmark {

    private static final int SHARED_PATIENTS = 333;

    private ScoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(1000, 10000);
        String task = "readmission-30d";
        String model = "gru";
        int epochs = 1;
        int backtestLagDays = 35;
        String asOf = null;
        String driverMemory = "4g";
        String master = "local[2]";
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "longitude-score-bench");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--sizes" -> sizes = Arrays.stream(args[i + 1].split(",")).map(Integer::parseInt).sorted().toList();
                case "--task" -> task = args[i + 1];
                case "--model" -> model = args[i + 1];
                case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
                case "--backtest-lag-days" -> backtestLagDays = Integer.parseInt(args[i + 1]);
                case "--as-of" -> asOf = args[i + 1];
                case "--driver-memory" -> driverMemory = args[i + 1];
                case "--master" -> master = args[i + 1];
                case "--work" -> work = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<Path> warehouses = ScaledWarehouses.build(work, sizes, master.startsWith("spark://") ? "local[2]" : master);
        System.out.println("score_master=" + master);
        System.out.println("score_driver_memory=" + driverMemory);
        System.out.println("score_task=" + task);
        System.out.println("score_model=" + model);
        trainOnce(warehouses, task, model, epochs, driverMemory, master, work);

        int n = sizes.size();
        double[] seconds = new double[n];
        double[] nightSeconds = new double[n];
        long[] scored = new long[n];
        long[] peakKb = new long[n];
        ObjectMapper json = new ObjectMapper();
        for (int s = 0; s < n; s++) {
            String label = ScaledWarehouses.label(sizes.get(s));
            String warehouse = warehouses.get(s).toString();
            Path summary = work.resolve("score-" + label + ".json");
            List<String> score = new ArrayList<>(List.of("score", "--warehouse", warehouse, "--task", task, "--model", model,
                    "--summary", summary.toString()));
            if (asOf != null) {
                score.addAll(List.of("--as-of", asOf));
            }
            CliDriver.Measured measured = CliDriver.run(score, driverMemory, master, work.resolve("score-" + label + ".log"));
            JsonNode written = json.readTree(summary.toFile());
            seconds[s] = measured.seconds();
            scored[s] = written.get("scored").asLong();
            peakKb[s] = measured.peakRssKb();
            double jobSeconds = written.get("elapsedMillis").asLong() / 1000.0;
            long seen = written.get("attrition").get(0).get("remaining").asLong();
            System.out.printf("score_%1$s_patients=%2$d%nscore_%1$s_as_of=%3$s%nscore_%1$s_candidates_seen=%4$d%n"
                            + "score_%1$s_scored=%5$d%nscore_%1$s_seconds=%6$.1f%nscore_%1$s_job_seconds=%7$.1f%n"
                            + "score_%1$s_candidates_per_second=%8$.1f%nscore_%1$s_events_per_second=%9$.2f%n"
                            + "score_%1$s_driver_peak_rss_mb=%10$.0f%n", label,
                    Math.max(1, Math.round(sizes.get(s) / (float) SHARED_PATIENTS)) * SHARED_PATIENTS,
                    written.get("asOf").asText(), seen, scored[s], seconds[s], jobSeconds, seen / jobSeconds,
                    scored[s] / jobSeconds, measured.peakRssMb());

            String night = Instant.parse(written.get("asOf").asText()).minus(Duration.ofDays(backtestLagDays)).toString();
            Path backtestSummary = work.resolve("backtest-" + label + ".json");
            CliDriver.Measured backtest = CliDriver.run(List.of("score", "--warehouse", warehouse, "--task", task,
                    "--model", model, "--from", night, "--to", night, "--summary", backtestSummary.toString()),
                    driverMemory, master, work.resolve("backtest-" + label + ".log"));
            nightSeconds[s] = backtest.seconds();
            JsonNode overall = json.readTree(backtestSummary.toFile()).get("overall");
            System.out.printf("backtest_%1$s_night=%2$s%nbacktest_%1$s_night_seconds=%3$.1f%n"
                            + "backtest_%1$s_outcome_known=%4$d%nbacktest_%1$s_positive_patients=%5$d%n"
                            + "backtest_%1$s_driver_peak_rss_mb=%6$.0f%n", label, night, nightSeconds[s],
                    overall.get("events").asLong(), overall.get("positivePatients").asLong(), backtest.peakRssMb());
        }
        if (n > 1) {
            String ratio = ScaledWarehouses.label(sizes.get(n - 1)) + "_vs_" + ScaledWarehouses.label(sizes.get(0));
            System.out.printf("score_time_%1$s=%2$.2f%nscore_events_%1$s=%3$.2f%ndriver_rss_%1$s=%4$.2f%n"
                            + "backtest_night_time_%1$s=%5$.2f%n", ratio, seconds[n - 1] / seconds[0],
                    scored[n - 1] / (double) scored[0], peakKb[n - 1] / (double) peakKb[0],
                    nightSeconds[n - 1] / nightSeconds[0]);
        }
    }

    /** Cohort, train and evaluate on the first warehouse unless it has a version; the model's folder copied into the rest. */
    private static void trainOnce(List<Path> warehouses, String task, String model, int epochs, String driverMemory,
                                  String master, Path work) throws Exception {
        Path first = warehouses.get(0);
        Path models = new Warehouse(first.toString()).modelRegistry().modelDir(task, model);
        if (!Files.exists(models.resolve(ModelRegistry.LATEST))) {
            String wh = first.toString();
            CliDriver.run(List.of("cohort", "--warehouse", wh, "--task", task), driverMemory, master, work.resolve("cohort.log"));
            CliDriver.run(List.of("train", "--warehouse", wh, "--task", task, "--model", model, "--conf",
                    "train.epochs=" + epochs), driverMemory, master, work.resolve("train.log"));
            CliDriver.run(List.of("evaluate", "--warehouse", wh, "--task", task, "--model", model), driverMemory, master,
                    work.resolve("evaluate.log"));
        }
        for (Path other : warehouses.subList(1, warehouses.size())) {
            Path target = new Warehouse(other.toString()).modelRegistry().modelDir(task, model);
            if (!Files.exists(target)) {
                copy(models, target);
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }
}
