package io.longitude.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code scripts/bench.sh export-meds [--sizes 1000,10000] [--driver-memory 4g] [--master local[2]] [--work DIR]}:
 * {@code longitude export-meds} (data and metadata, no task) of warehouses of each size, in a {@link CliDriver}
 * (timed, peak RSS sampled; with {@code --master spark://…} of scripts/local-cluster.sh the driver's RSS is the
 * driver's alone). A warehouse of N patients is the shared bundles ingested once and multiplied by
 * {@link ScaledWarehouses} (round(N / 333) copies of visit_sequences, all the export reads), kept under
 * {@code --work} and reused. Prints {@code export_meds_<size>_{patients,rows,seconds,driver_peak_rss_mb}} and,
 * largest against smallest, {@code export_meds_time_<big>_vs_<small>}, {@code export_meds_rows_<big>_vs_<small>}
 * and {@code driver_rss_<big>_vs_<small>}.
 */
public final class MedsExportBenchmark {

    private MedsExportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(1000, 10000);
        String driverMemory = "4g";
        String master = "local[2]";
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "longitude-meds-bench");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--sizes" -> sizes = Arrays.stream(args[i + 1].split(",")).map(Integer::parseInt).sorted().toList();
                case "--driver-memory" -> driverMemory = args[i + 1];
                case "--master" -> master = args[i + 1];
                case "--work" -> work = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        // Built in local mode: on a cluster the setup's session would lack the test classes.
        List<Path> warehouses = ScaledWarehouses.build(work, sizes, master.startsWith("spark://") ? "local[2]" : master);
        System.out.println("export_meds_master=" + master);
        System.out.println("export_meds_driver_memory=" + driverMemory);
        double[] seconds = new double[sizes.size()];
        long[] rows = new long[sizes.size()];
        long[] peakKb = new long[sizes.size()];
        for (int s = 0; s < sizes.size(); s++) {
            String label = ScaledWarehouses.label(sizes.get(s));
            Path summary = work.resolve("export-" + label + ".json");
            CliDriver.Measured measured = CliDriver.run(List.of("export-meds", "--warehouse",
                    warehouses.get(s).toString(), "--out", work.resolve("meds-" + label).toString(), "--summary",
                    summary.toString()), driverMemory, master, work.resolve("export-" + label + ".log"));
            JsonNode written = new ObjectMapper().readTree(summary.toFile());
            seconds[s] = measured.seconds();
            rows[s] = written.get("rows").asLong();
            peakKb[s] = measured.peakRssKb();
            System.out.printf("export_meds_%1$s_patients=%2$d%nexport_meds_%1$s_rows=%3$d%nexport_meds_%1$s_seconds=%4$.1f%n"
                            + "export_meds_%1$s_driver_peak_rss_mb=%5$.0f%n", label, written.get("subjects").asLong(),
                    rows[s], seconds[s], measured.peakRssMb());
        }
        int last = sizes.size() - 1;
        if (last > 0) {
            String ratio = ScaledWarehouses.label(sizes.get(last)) + "_vs_" + ScaledWarehouses.label(sizes.get(0));
            System.out.printf("export_meds_time_%1$s=%2$.2f%nexport_meds_rows_%1$s=%3$.2f%ndriver_rss_%1$s=%4$.2f%n", ratio,
                    seconds[last] / seconds[0], rows[last] / (double) rows[0], peakKb[last] / (double) peakKb[0]);
        }
    }
}
