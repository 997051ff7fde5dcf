package io.longitude.jobs.bench;

import org.apache.spark.sql.SparkSession;

/** The benchmarks' local[2] session, set up as {@code scripts/longitude} runs the jobs: UTC, Kryo with ND4J's registrator. */
final class BenchSpark {

    private BenchSpark() {
    }

    static SparkSession.Builder asTheLauncher(String appName) {
        return SparkSession.builder().appName(appName).master("local[2]")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .config("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1");
    }
}
