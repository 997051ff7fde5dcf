package io.longitude.models.train;

import io.longitude.models.config.NetworkConfig;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one training loop, for the trainer in this JVM and the Spark trainer alike: epoch after epoch it fits
 * ({@link EpochTrainer#fit}), scores the validation split ({@link EpochTrainer#validate}), keeps the best
 * epoch's network, checkpoints, logs a progress line with an ETA, and stops after the network's patience of
 * epochs without improvement or at the last epoch.
 *
 * <p>Resuming continues from the latest checkpoint with the network, its optimizer state and the progress it
 * holds; together with an {@link EpochTrainer} whose epochs depend only on the seed and the epoch number, a
 * resumed run repeats exactly what an uninterrupted run does. A checkpoint of another network or of other
 * training data is refused ({@link ResumeRefusedException}).
 */
public final class TrainingLoop {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

    private final NetworkConfig network;
    private final int maxEpochs;
    private final EpochCheckpoints checkpoints;

    /**
     * @param checkpoints where checkpoints go, or null for none (then no resume is possible)
     */
    public TrainingLoop(NetworkConfig network, int maxEpochs, EpochCheckpoints checkpoints) {
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("maxEpochs must be at least 1, got " + maxEpochs);
        }
        this.network = network;
        this.maxEpochs = maxEpochs;
        this.checkpoints = checkpoints;
    }

    /**
     * Trains from {@code fresh} or, with {@code resume} and a checkpoint, from the latest checkpoint.
     *
     * @param trainingDataHash what the training data is (a resumed run must see the same)
     */
    public TrainingResult run(EpochTrainer trainer, Supplier<MultiLayerNetwork> fresh, String trainingDataHash,
                              boolean resume) {
        if (resume && checkpoints == null) {
            throw new IllegalStateException("cannot resume without a checkpoint directory");
        }
        Optional<TrainingProgress> checkpoint = resume ? checkpoints.latest() : Optional.empty();
        TrainingProgress progress;
        MultiLayerNetwork current;
        MultiLayerNetwork best = null;
        if (checkpoint.isPresent()) {
            progress = checkpoint.get();
            refuseOtherRuns(progress, trainingDataHash);
            progress.model = network.name();
            progress.trainingDataHash = trainingDataHash;
            current = checkpoints.network(progress.epochsDone);
            if (progress.bestEpoch > 0) {
                best = progress.bestEpoch == progress.epochsDone ? current.clone() : checkpoints.network(progress.bestEpoch);
            }
            LOG.info("model {}: resuming after epoch {} of {}", network.name(), progress.epochsDone, maxEpochs);
        } else {
            if (checkpoints != null) {
                checkpoints.clear();
            }
            progress = new TrainingProgress();
            progress.model = network.name();
            progress.validationMetric = network.validationMetric();
            progress.trainingDataHash = trainingDataHash;
            current = fresh.get();
        }

        if (!finished(progress)) {
            long started = System.nanoTime();
            trainer.prepare();
            progress.preparationSeconds += seconds(started);
        }
        long runStarted = System.nanoTime();
        int epochsThisRun = 0;
        while (!finished(progress)) {
            int epoch = progress.epochsDone + 1;
            long fitStarted = System.nanoTime();
            EpochTrainer.FittedEpoch fitted = trainer.fit(current, epoch);
            double fitSeconds = seconds(fitStarted);
            current = fitted.network();
            long validationStarted = System.nanoTime();
            double score = trainer.validate(current);

            TrainingProgress.Epoch record = new TrainingProgress.Epoch();
            record.epoch = epoch;
            record.trainLoss = fitted.trainLoss();
            record.validationMetric = progress.validationMetric;
            record.validationScore = score;
            record.seconds = fitSeconds;
            record.validationSeconds = seconds(validationStarted);
            record.sequencesPerSecond = fitted.sequences() / fitSeconds;
            progress.history.add(record);
            progress.epochsDone = epoch;
            if (score > progress.bestValidationScore) {
                progress.bestValidationScore = score;
                progress.bestEpoch = epoch;
                progress.epochsWithoutImprovement = 0;
                best = current.clone();
            } else {
                progress.epochsWithoutImprovement++;
            }
            if (checkpoints != null) {
                checkpoints.save(current, progress);
            }
            epochsThisRun++;
            logEpoch(progress, record, seconds(runStarted) / epochsThisRun);
        }
        boolean stoppedEarly = patienceExhausted(progress) && progress.epochsDone < maxEpochs;
        if (stoppedEarly) {
            LOG.info("model {}: early stop after epoch {}, no {} improvement for {} epochs; best epoch {}",
                    network.name(), progress.epochsDone, progress.validationMetric,
                    progress.epochsWithoutImprovement, progress.bestEpoch);
        }
        return new TrainingResult(best != null ? best : current, progress, stoppedEarly);
    }

    private void refuseOtherRuns(TrainingProgress checkpoint, String trainingDataHash) {
        if (checkpoint.model != null && !checkpoint.model.equals(network.name())) {
            throw new ResumeRefusedException("the checkpoint in " + checkpoints.dir() + " is of network '"
                    + checkpoint.model + "', not '" + network.name() + "': refusing to resume");
        }
        if (checkpoint.trainingDataHash != null && !checkpoint.trainingDataHash.equals(trainingDataHash)) {
            throw new ResumeRefusedException("the checkpoint in " + checkpoints.dir() + " was made on other training "
                    + "data or another vocabulary (" + checkpoint.trainingDataHash + ", this run has "
                    + trainingDataHash + "): refusing to resume");
        }
    }

    private boolean finished(TrainingProgress progress) {
        return progress.epochsDone >= maxEpochs || patienceExhausted(progress);
    }

    private boolean patienceExhausted(TrainingProgress progress) {
        return progress.epochsWithoutImprovement >= network.earlyStoppingPatience();
    }

    private void logEpoch(TrainingProgress progress, TrainingProgress.Epoch epoch, double secondsPerEpoch) {
        LOG.info(String.format(Locale.ROOT,
                "model %s epoch %d/%d: loss %.4f, validation %s %.4f (best %.4f @%d), %.0f seq/s, %.1f s + %.1f s "
                        + "validation; ETA %.0f s",
                network.name(), epoch.epoch, maxEpochs, epoch.trainLoss, epoch.validationMetric, epoch.validationScore,
                progress.bestValidationScore, progress.bestEpoch, epoch.sequencesPerSecond, epoch.seconds,
                epoch.validationSeconds, secondsPerEpoch * (maxEpochs - epoch.epoch)));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
