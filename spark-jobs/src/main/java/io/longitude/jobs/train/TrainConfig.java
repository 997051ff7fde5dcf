package io.longitude.jobs.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.longitude.config.InvalidConfigException;
import io.longitude.models.config.NetworkConfig;

import java.io.Serializable;
import java.util.Locale;

/**
 * How the train job trains: the network definition, Spark parameter averaging settings and the baseline's.
 * Immutable and validated.
 */
public final class TrainConfig implements Serializable {

    /**
     * How DL4J's parameter-averaging master moves data to workers: AUTO picks EXPORT where DL4J allows it
     * (local master, or a cluster whose default file system is shared, e.g. HDFS) and DIRECT otherwise.
     */
    public enum Approach { AUTO, EXPORT, DIRECT }

    private final String warehouse;
    private final String task;
    private final String model;
    private final NetworkConfig network;
    private final boolean resume;
    private final int workers;
    private final int averagingFrequency;
    private final Approach approach;
    private final double baselineRegParam;
    private final int baselineMaxIter;
    private final int epochsOverride;
    private final int nextVisitPredictedCodes;

    public TrainConfig(String warehouse, String task, String model, boolean resume, int workers,
                       int averagingFrequency, Approach approach, double baselineRegParam, int baselineMaxIter,
                       int epochsOverride, int nextVisitPredictedCodes) {
        if (warehouse == null || warehouse.isBlank()) {
            throw new InvalidConfigException("train needs --warehouse");
        }
        if (task == null || task.isBlank()) {
            throw new InvalidConfigException("train needs --task");
        }
        if (model == null || model.isBlank()) {
            throw new InvalidConfigException("train needs --model");
        }
        if (workers < 0) {
            throw new InvalidConfigException("train.workers must be ≥ 0 (0 = Spark's default parallelism), got " + workers);
        }
        if (averagingFrequency < 1) {
            throw new InvalidConfigException("train.averaging-frequency must be ≥ 1, got " + averagingFrequency);
        }
        if (baselineRegParam < 0) {
            throw new InvalidConfigException("train.baseline.reg-param must be ≥ 0, got " + baselineRegParam);
        }
        if (baselineMaxIter < 1) {
            throw new InvalidConfigException("train.baseline.max-iter must be ≥ 1, got " + baselineMaxIter);
        }
        if (epochsOverride < 0) {
            throw new InvalidConfigException("train.epochs must be ≥ 0 (0 = the model's own), got " + epochsOverride);
        }
        if (nextVisitPredictedCodes < 1) {
            throw new InvalidConfigException("train.next-visit.predicted-codes must be ≥ 1, got " + nextVisitPredictedCodes);
        }
        this.warehouse = warehouse;
        this.task = task;
        this.model = model;
        this.network = network(model);
        this.resume = resume;
        this.workers = workers;
        this.averagingFrequency = averagingFrequency;
        this.approach = approach;
        this.baselineRegParam = baselineRegParam;
        this.baselineMaxIter = baselineMaxIter;
        this.epochsOverride = epochsOverride;
        this.nextVisitPredictedCodes = nextVisitPredictedCodes;
    }

    public static TrainConfig from(Config config, String warehouse, String task, String model, boolean resume) {
        try {
            String approach = config.getString("train.approach").toUpperCase(Locale.ROOT);
            if (!approach.equals("AUTO") && !approach.equals("EXPORT") && !approach.equals("DIRECT")) {
                throw new InvalidConfigException("train.approach must be auto, export or direct, got "
                        + approach.toLowerCase(Locale.ROOT));
            }
            return new TrainConfig(warehouse, task, model, resume, config.getInt("train.workers"),
                    config.getInt("train.averaging-frequency"), Approach.valueOf(approach),
                    config.getDouble("train.baseline.reg-param"), config.getInt("train.baseline.max-iter"),
                    config.getInt("train.epochs"), config.getInt("train.next-visit.predicted-codes"));
        } catch (ConfigException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }

    public String warehouse() {
        return warehouse;
    }

    public String task() {
        return task;
    }

    public String model() {
        return model;
    }

    /** The network definition {@link #model()} names ({@link NetworkConfig#load}). */
    public NetworkConfig network() {
        return network;
    }

    private static NetworkConfig network(String model) {
        try {
            return NetworkConfig.load(model);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }

    public boolean resume() {
        return resume;
    }

    public int workers() {
        return workers;
    }

    public int averagingFrequency() {
        return averagingFrequency;
    }

    public Approach approach() {
        return approach;
    }

    public double baselineRegParam() {
        return baselineRegParam;
    }

    public int baselineMaxIter() {
        return baselineMaxIter;
    }

    public int epochsOverride() {
        return epochsOverride;
    }

    /** next-visit-dx: how many top-ranked codes (with scores) each prediction row keeps. */
    public int nextVisitPredictedCodes() {
        return nextVisitPredictedCodes;
    }
}
