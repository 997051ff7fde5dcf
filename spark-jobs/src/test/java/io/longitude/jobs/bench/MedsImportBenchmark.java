package io.longitude.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code scripts/bench.sh import-meds [--sizes 1000,10000] [--driver-memory 4g] [--master local[2]] [--work DIR]}:
 * {@code longitude ingest --input-format meds} of the MEDS exports of {@link MedsExportBenchmark}'s warehouses (same
 * default work folder; a warehouse or export missing there is made first, untimed), each into a new warehouse, in a
 * {@link CliDriver} (timed, peak RSS sampled). Prints {@code import_meds_<size>_{subjects,rows,seconds,rows_per_second,
 * driver_peak_rss_mb}} and, largest against smallest, {@code import_meds_time_<big>_vs_<small>},
 * {@code import_meds_rows_<big>_vs_<small>} and {@code driver_rss_<big>_vs_<small>}.
 */
public final class MedsImportBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MedsImportBenchmark() {
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
        List<Path> warehouses = ScaledWarehouses.build(work, sizes, master.startsWith("spark://") ? "local[2]" : master);
        System.out.println("import_meds_master=" + master);
        System.out.println("import_meds_driver_memory=" + driverMemory);
        double[] seconds = new double[sizes.size()];
        long[] rows = new long[sizes.size()];
        long[] peakKb = new long[sizes.size()];
        for (int s = 0; s < sizes.size(); s++) {
            String label = ScaledWarehouses.label(sizes.get(s));
            Path export = work.resolve("meds-" + label);
            if (!Files.exists(export.resolve("metadata/dataset.json"))) {
                CliDriver.run(List.of("export-meds", "--warehouse", warehouses.get(s).toString(), "--out",
                        export.toString()), driverMemory, master, work.resolve("export-" + label + ".log"));
            }
            Path imported = work.resolve("imported-" + label);
            deleteRecursively(imported);
            Path summary = work.resolve("import-" + label + ".json");
            CliDriver.Measured measured = CliDriver.run(List.of("ingest", "--input-format", "meds", "--input",
                    export.toString(), "--warehouse", imported.toString(), "--summary", summary.toString()), driverMemory,
                    master, work.resolve("import-" + label + ".log"));
            JsonNode written = JSON.readTree(summary.toFile());
            seconds[s] = measured.seconds();
            rows[s] = written.get("rowsRead").asLong();
            peakKb[s] = measured.peakRssKb();
            System.out.printf("import_meds_%1$s_subjects=%2$d%nimport_meds_%1$s_rows=%3$d%nimport_meds_%1$s_seconds=%4$.1f%n"
                            + "import_meds_%1$s_rows_per_second=%5$.0f%nimport_meds_%1$s_driver_peak_rss_mb=%6$.0f%n",
                    label, written.get("patients").asLong(), rows[s], seconds[s], rows[s] / seconds[s],
                    measured.peakRssMb());
        }
        int last = sizes.size() - 1;
        if (last > 0) {
            String ratio = ScaledWarehouses.label(sizes.get(last)) + "_vs_" + ScaledWarehouses.label(sizes.get(0));
            System.out.printf("import_meds_time_%1$s=%2$.2f%nimport_meds_rows_%1$s=%3$.2f%ndriver_rss_%1$s=%4$.2f%n", ratio,
                    seconds[last] / seconds[0], rows[last] / (double) rows[0], peakKb[last] / (double) peakKb[0]);
        }
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
