package io.longitude.jobs.train;

import java.util.ArrayList;
import java.util.List;

/** Where training stands after an epoch; saved in each checkpoint so that a resumed run picks up exactly. */
public final class TrainingProgress {

    /** One epoch of the training curve. */
    public static final class Epoch {
        public int epoch;
        public double trainLoss;
        public double validationAuroc;
        public double seconds;
        public double sequencesPerSecond;
    }

    public int epochsDone;
    public int bestEpoch;
    public double bestValidationAuroc = Double.NEGATIVE_INFINITY;
    public int epochsWithoutImprovement;
    public List<Epoch> history = new ArrayList<>();
    /** The training split and vocabulary this run learns from; a resumed run must see the same. */
    public String trainingDataHash;

    public int epochsDone() {
        return epochsDone;
    }
}
