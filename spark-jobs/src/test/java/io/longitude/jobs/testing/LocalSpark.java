package io.longitude.jobs.testing;

import io.longitude.jobs.cli.LongitudeCli;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one local SparkSession every Spark test shares (local[2], no UI, few shuffle partitions, UTC,
 * Kryo with ND4J's registrator as in production):
 * starting Spark costs seconds, so it is created on first use and stopped when the test JVM exits.
 * Use with {@code @ExtendWith(LocalSpark.class)} and a {@code SparkSession} test or constructor parameter.
 */
public final class LocalSpark implements ParameterResolver {

    private static SparkSession session;

    public static synchronized SparkSession session() {
        if (session == null) {
            SparkSession.Builder builder = SparkSession.builder();
            LongitudeCli.SESSION_DEFAULTS.forEach(builder::config);
            session = builder
                    .appName("longitude-tests")
                    .master("local[2]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.default.parallelism", "4")
                    .config("spark.sql.session.timeZone", "UTC")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                    .config("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")
                    .getOrCreate();
            SparkSession started = session;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "stop-local-spark"));
        }
        return session;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SparkSession.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return session();
    }
}
