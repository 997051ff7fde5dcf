package io.longitude.jobs.run;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.longitude.cohort.TaskConfig;
import io.longitude.cohort.TaskFiles;
import io.longitude.config.InvalidConfigException;
import io.longitude.models.registry.RetrainPolicy;

import java.util.List;

/**
 * What the nightly pipeline runs: the tasks (names of shipped tasks or task files), the models for binary
 * tasks and those for next-visit-dx, when it trains a new version of a model, when a new version is promoted,
 * and when a run counts as degraded; {@code task.KEY=VALUE} overrides apply to every task of the run.
 */
public final class RunConfig {

    private final List<String> inputs;
    private final String warehouse;
    private final List<String> tasks;
    private final List<String> models;
    private final List<String> nextVisitModels;
    private final RetrainPolicy retrain;
    private final double maxAurocDrop;
    private final double promotionMaxAurocDrop;
    private final boolean failOnDegraded;
    private final List<String> taskOverrides;

    public RunConfig(List<String> inputs, String warehouse, List<String> tasks, List<String> models,
                     List<String> nextVisitModels, RetrainPolicy retrain, double maxAurocDrop,
                     double promotionMaxAurocDrop, boolean failOnDegraded, List<String> taskOverrides) {
        if (inputs == null || inputs.isEmpty()) {
            throw new InvalidConfigException("run needs at least one --input");
        }
        if (tasks.isEmpty() || models.isEmpty() || nextVisitModels.isEmpty()) {
            throw new InvalidConfigException("run.tasks, run.models and run.next-visit-models must each name at least one entry");
        }
        if (maxAurocDrop < 0 || maxAurocDrop > 1) {
            throw new InvalidConfigException("run.drift.max-auroc-drop must be in [0, 1], got " + maxAurocDrop);
        }
        this.inputs = List.copyOf(inputs);
        this.warehouse = warehouse;
        this.tasks = List.copyOf(tasks);
        this.models = List.copyOf(models);
        this.nextVisitModels = List.copyOf(nextVisitModels);
        this.retrain = retrain;
        if (promotionMaxAurocDrop < 0 || promotionMaxAurocDrop > 1) {
            throw new InvalidConfigException("run.promotion.max-auroc-drop must be in [0, 1], got " + promotionMaxAurocDrop);
        }
        this.maxAurocDrop = maxAurocDrop;
        this.promotionMaxAurocDrop = promotionMaxAurocDrop;
        this.failOnDegraded = failOnDegraded;
        this.taskOverrides = List.copyOf(taskOverrides);
    }

    public static RunConfig from(Config config, List<String> inputs, String warehouse, boolean failOnDegraded,
                                 List<String> taskOverrides) {
        try {
            RetrainPolicy retrain;
            try {
                retrain = RetrainPolicy.of(config.getString("run.retrain"), config.getDuration("run.retrain-max-age"));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException("run.retrain: " + e.getMessage());
            }
            return new RunConfig(inputs, warehouse, config.getStringList("run.tasks"), config.getStringList("run.models"),
                    config.getStringList("run.next-visit-models"), retrain,
                    config.getDouble("run.drift.max-auroc-drop"), config.getDouble("run.promotion.max-auroc-drop"),
                    failOnDegraded || config.getBoolean("run.drift.fail-on-degraded"), taskOverrides);
        } catch (ConfigException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }

    public List<String> inputs() {
        return inputs;
    }

    public String warehouse() {
        return warehouse;
    }

    public List<String> tasks() {
        return tasks;
    }

    /** One of {@link #tasks()}, read with the run's task overrides. */
    public TaskConfig task(String taskArgument) {
        return TaskFiles.load(taskArgument, taskOverrides);
    }

    public List<String> models() {
        return models;
    }

    /** The models trained for next-visit-dx tasks (next-visit models such as seq2seq-gru). */
    public List<String> nextVisitModels() {
        return nextVisitModels;
    }

    public RetrainPolicy retrain() {
        return retrain;
    }

    public double maxAurocDrop() {
        return maxAurocDrop;
    }

    /** How far below the promoted version's test AUROC a newly trained version may be and still be promoted. */
    public double promotionMaxAurocDrop() {
        return promotionMaxAurocDrop;
    }

    public boolean failOnDegraded() {
        return failOnDegraded;
    }
}
