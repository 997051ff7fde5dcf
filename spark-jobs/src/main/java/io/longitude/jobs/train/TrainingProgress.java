package io.longitude.jobs.train;

import com.fasterxml.jackson.annotation.JsonAlias;

import java.util.ArrayList;
import java.util.List;

/**
 * Where training stands after an epoch; saved in each checkpoint so that a resumed run picks up exactly.
 * The validation score is the early-stopping metric named by {@link #validationMetric}: AUROC for binary
 * tasks, recall@k for next-visit-dx (checkpoints written before the rename carry it as AUROC).
 */
public final class TrainingProgress {

    /** One epoch of the training curve. */
    public static final class Epoch {
        public int epoch;
        public double trainLoss;
        public String validationMetric = "auroc";
        @JsonAlias("validationAuroc")
        public double validationScore;
        public double seconds;
        public double sequencesPerSecond;
    }

    public String validationMetric = "auroc";
    public int epochsDone;
    public int bestEpoch;
    @JsonAlias("bestValidationAuroc")
    public double bestValidationScore = Double.NEGATIVE_INFINITY;
    public int epochsWithoutImprovement;
    public List<Epoch> history = new ArrayList<>();
    /** Seconds spent featurising and writing the minibatches once (export approach; a resumed run adds its own). */
    public double minibatchExportSeconds;
    /** The training split and vocabulary this run learns from; a resumed run must see the same. */
    public String trainingDataHash;

    public int epochsDone() {
        return epochsDone;
    }
}
