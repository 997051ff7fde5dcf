package io.longitude.models.train;

import com.fasterxml.jackson.annotation.JsonAlias;

import java.util.ArrayList;
import java.util.List;

/**
 * Where training stands after an epoch; saved in each checkpoint so that a resumed run picks up exactly. Epochs
 * count from 1. The validation score is the early-stopping metric named by {@link #validationMetric}: AUROC for
 * binary tasks, recall@k for next-visit-dx (checkpoints written before the rename carry it as AUROC).
 */
public final class TrainingProgress {

    /** One epoch of the training curve. */
    public static final class Epoch {
        public int epoch;
        public double trainLoss;
        public String validationMetric = "auroc";
        @JsonAlias("validationAuroc")
        public double validationScore;
        /** Seconds spent fitting the epoch (validation not included). */
        public double seconds;
        public double validationSeconds;
        public double sequencesPerSecond;
    }

    /** The network trained; null in checkpoints written before it was recorded. */
    public String model;
    public String validationMetric = "auroc";
    public int epochsDone;
    public int bestEpoch;
    @JsonAlias("bestValidationAuroc")
    public double bestValidationScore = Double.NEGATIVE_INFINITY;
    public int epochsWithoutImprovement;
    public List<Epoch> history = new ArrayList<>();
    /**
     * Seconds spent once per run before its first epoch (the Spark trainer's export approach featurises and writes
     * the minibatches then); a resumed run adds its own.
     */
    @JsonAlias("minibatchExportSeconds")
    public double preparationSeconds;
    /** The training split and vocabulary this run learns from; a resumed run must see the same. */
    public String trainingDataHash;

    public int epochsDone() {
        return epochsDone;
    }
}
