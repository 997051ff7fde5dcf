package io.longitude.jobs.bench;

import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.ingest.IngestConfig;
import io.longitude.jobs.ingest.IngestJob;
import io.longitude.jobs.testing.TestData;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The warehouses of the warehouse-scale benchmarks: the shared bundles ingested once and multiplied by
 * {@link WarehouseScaler} (round(N / 333) copies of visit_sequences per size N, each copy one day earlier), kept
 * under a work folder and reused once complete.
 */
final class ScaledWarehouses {

    private static final int SHARED_PATIENTS = 333;

    private ScaledWarehouses() {
    }

    /** One warehouse per size, smallest first as given; built in local mode (a cluster's session lacks the test classes). */
    static List<Path> build(Path work, List<Integer> sizes, String master) throws Exception {
        SparkSession spark = SparkSession.builder().appName("longitude-benchmark-setup").master(master)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.parquet.enableNestedColumnVectorizedReader", "false")
                .getOrCreate();
        try {
            Path base = work.resolve("warehouse-shared");
            if (!Files.exists(base.resolve("_COMPLETE"))) {
                new IngestJob(IngestConfig.from(LongitudeConfigLoader.load(null, List.of()),
                        List.of(TestData.sharedSyntheaBundles().toString()), base.toString())).run(spark);
                Files.createFile(base.resolve("_COMPLETE"));
            }
            List<Path> out = new ArrayList<>();
            for (int size : sizes) {
                int copies = Math.max(1, Math.round(size / (float) SHARED_PATIENTS));
                Path scaled = work.resolve("warehouse-x" + copies);
                if (!Files.exists(scaled.resolve("_COMPLETE"))) {
                    WarehouseScaler.scale(spark, base.toString(), scaled.toString(), copies, 1);
                    Files.createFile(scaled.resolve("_COMPLETE"));
                }
                out.add(scaled);
            }
            return out;
        } finally {
            spark.stop();
        }
    }

    /** 1000 → "1k", 1500 → "1500": the size in the benchmarks' key names. */
    static String label(int size) {
        return size % 1000 == 0 ? size / 1000 + "k" : Integer.toString(size);
    }
}
