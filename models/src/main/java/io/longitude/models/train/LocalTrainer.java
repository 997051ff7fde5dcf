package io.longitude.models.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.longitude.models.config.NetworkConfig;
import io.longitude.models.config.NetworkFactory;
import io.longitude.models.data.DataFingerprint;
import io.longitude.models.data.FeatureLayout;
import io.longitude.models.data.LabelLayout;
import io.longitude.models.data.NumericNormaliser;
import io.longitude.models.data.SequenceFeaturiser;
import io.longitude.models.data.VisitSequenceExample;
import io.longitude.models.data.VisitSequenceIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link NetworkConfig} in this JVM with Adam, early stopping on the validation metric
 * (AUROC, or recall@k for next-visit) and a checkpoint after every epoch.
 *
 * <p>Next-visit models start with output biases at the log-odds of each target code's training rate
 * ({@link NetworkFactory#setOutputBiasToPrior}), as the Spark trainer does.
 *
 * <p>Determinism: parameters are initialised from the config's seed, and at the start of epoch
 * {@code e} ND4J's random generator (dropout) and the batch order are derived from (seed, e) alone.
 * A checkpoint holds the network with its Adam state and iteration count plus a
 * {@link TrainingState}; resuming from it therefore replays exactly what an uninterrupted run would
 * have done next.
 *
 * <p>Checkpoint directory layout: {@code state.json} and {@code epoch-NNNN.zip} for the last
 * completed epoch and the best one; each file is written under a temporary name and then moved, and
 * {@code state.json} moves last, so a crash leaves the previous checkpoint intact.
 */
public final class LocalTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(LocalTrainer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String STATE_FILE = "state.json";

    private final NetworkConfig config;
    private final FeatureLayout layout;
    private final Path checkpointDir;

    /**
     * @param checkpointDir where checkpoints go, or {@code null} for none (no resume possible)
     */
    public LocalTrainer(NetworkConfig config, FeatureLayout layout, Path checkpointDir) {
        this.config = config;
        this.layout = layout;
        this.checkpointDir = checkpointDir;
    }

    /** Trains from scratch, replacing any checkpoint in the checkpoint directory. */
    public TrainingResult train(List<VisitSequenceExample> training, List<VisitSequenceExample> validation) {
        return run(training, validation, false);
    }

    /**
     * Continues from the last checkpoint if there is one (same config and training data required),
     * otherwise trains from scratch.
     */
    public TrainingResult resume(List<VisitSequenceExample> training, List<VisitSequenceExample> validation) {
        return run(training, validation, true);
    }

    private TrainingResult run(List<VisitSequenceExample> training, List<VisitSequenceExample> validation,
                               boolean resume) {
        String dataHash = DataFingerprint.of(training).hex();
        TrainingState state = resume ? readState() : null;
        if (state != null && !state.trainingDataHash().equals(dataHash)) {
            throw new IllegalStateException("checkpoint in " + checkpointDir + " was made on training data "
                    + state.trainingDataHash() + ", this run has " + dataHash + ": refusing to resume");
        }
        if (state != null && !state.modelName().equals(config.name())) {
            throw new IllegalStateException("checkpoint in " + checkpointDir + " is for model '"
                    + state.modelName() + "', not '" + config.name() + "': refusing to resume");
        }
        NumericNormaliser normaliser = state != null ? state.normaliser()
                : NumericNormaliser.fit(training, layout.numericCount());
        SequenceFeaturiser featuriser = new SequenceFeaturiser(layout, config.labelLayout(), normaliser,
                config.maxVisits());
        VisitSequenceIterator trainIt = new VisitSequenceIterator(training, featuriser, config.batchSize(),
                config.bucketByLength(), true, config.seed());
        VisitSequenceIterator validIt = new VisitSequenceIterator(validation, featuriser, config.batchSize(),
                true, false, config.seed());
        String metricName = ValidationScorer.metricName(config.labelLayout(), config.recallK());

        MultiLayerNetwork net;
        MultiLayerNetwork best;
        if (state != null) {
            net = restore(state.epochsCompleted() - 1);
            best = state.bestEpoch() == state.epochsCompleted() - 1 ? net.clone() : restore(state.bestEpoch());
            LOG.info("model {}: resuming after epoch {} of {}", config.name(), state.epochsCompleted(),
                    config.epochs());
        } else {
            if (checkpointDir != null) {
                clearCheckpoints();
            }
            net = NetworkFactory.create(config, layout);
            if (config.labelLayout() == LabelLayout.NEXT_VISIT) {
                NetworkFactory.setOutputBiasToPrior(net, featuriser.targetRates(training));
            }
            best = null;
            state = new TrainingState(config.name(), dataHash, normaliser, 0, -1, -1.0, 0, List.of());
            LOG.info("model {}: training {} parameters on {} sequences ({} batches/epoch), validating on {}",
                    config.name(), net.numParams(), training.size(), trainIt.batchCount(), validation.size());
        }

        List<EpochStats> history = new ArrayList<>(state.history());
        int bestEpoch = state.bestEpoch();
        double bestMetric = state.bestMetric();
        int sinceImprovement = state.epochsWithoutImprovement();
        double secondsThisRun = 0;
        int epochsThisRun = 0;
        for (int epoch = state.epochsCompleted(); epoch < config.epochs(); epoch++) {
            if (sinceImprovement >= config.earlyStoppingPatience()) {
                break;
            }
            long start = System.nanoTime();
            Nd4j.getRandom().setSeed(config.seed() * 1_000_003L + epoch);
            trainIt.startEpoch(epoch);
            double lossSum = 0;
            long sequences = 0;
            while (trainIt.hasNext()) {
                DataSet batch = trainIt.next();
                net.fit(batch);
                int n = batch.numExamples();
                lossSum += net.score() * n;
                sequences += n;
            }
            net.incrementEpochCount();
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            double metric = ValidationScorer.score(net, validIt, config.labelLayout(), config.recallK());
            double seconds = (System.nanoTime() - start) / 1e9;
            if (metric > bestMetric) {
                bestMetric = metric;
                bestEpoch = epoch;
                best = net.clone();
                sinceImprovement = 0;
            } else {
                sinceImprovement++;
            }
            EpochStats stats = new EpochStats(epoch, lossSum / sequences, metric, sequences / trainSeconds, seconds);
            history.add(stats);
            secondsThisRun += seconds;
            epochsThisRun++;
            state = new TrainingState(config.name(), dataHash, normaliser, epoch + 1, bestEpoch, bestMetric,
                    sinceImprovement, history);
            if (checkpointDir != null) {
                writeCheckpoint(net, state);
            }
            LOG.info(String.format(Locale.ROOT,
                    "model %s epoch %d/%d loss=%.5f val_%s=%.4f (best %.4f @%d) %.0f seq/s %.1fs eta %.0fs",
                    config.name(), epoch + 1, config.epochs(), stats.trainLoss(), metricName, metric, bestMetric,
                    bestEpoch + 1, stats.sequencesPerSecond(), seconds,
                    secondsThisRun / epochsThisRun * (config.epochs() - epoch - 1)));
        }
        boolean stoppedEarly = sinceImprovement >= config.earlyStoppingPatience()
                && state.epochsCompleted() < config.epochs();
        if (stoppedEarly) {
            LOG.info("model {}: early stop after epoch {}, no {} improvement for {} epochs; best epoch {}",
                    config.name(), state.epochsCompleted(), metricName, sinceImprovement, bestEpoch + 1);
        }
        return new TrainingResult(best, featuriser, metricName, bestEpoch, bestMetric, history, stoppedEarly,
                dataHash);
    }

    private TrainingState readState() {
        if (checkpointDir == null) {
            throw new IllegalStateException("cannot resume without a checkpoint directory");
        }
        Path file = checkpointDir.resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), TrainingState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint state " + file, e);
        }
    }

    private MultiLayerNetwork restore(int epoch) {
        Path file = checkpointFile(epoch);
        try {
            return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore checkpoint " + file, e);
        }
    }

    private Path checkpointFile(int epoch) {
        return checkpointDir.resolve(String.format(Locale.ROOT, "epoch-%04d.zip", epoch));
    }

    private void writeCheckpoint(MultiLayerNetwork net, TrainingState state) {
        try {
            Files.createDirectories(checkpointDir);
            Path zip = checkpointFile(state.epochsCompleted() - 1);
            Path tmpZip = checkpointDir.resolve(zip.getFileName() + ".tmp");
            ModelSerializer.writeModel(net, tmpZip.toFile(), true);
            Files.move(tmpZip, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Path stateFile = checkpointDir.resolve(STATE_FILE);
            Path tmpState = checkpointDir.resolve(STATE_FILE + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmpState.toFile(), state);
            Files.move(tmpState, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Path keepBest = checkpointFile(state.bestEpoch());
            try (Stream<Path> files = Files.list(checkpointDir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    String name = p.getFileName().toString();
                    if (name.startsWith("epoch-") && name.endsWith(".zip") && !p.equals(zip) && !p.equals(keepBest)) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint to " + checkpointDir, e);
        }
    }

    private void clearCheckpoints() {
        if (!Files.isDirectory(checkpointDir)) {
            return;
        }
        try (Stream<Path> files = Files.list(checkpointDir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith("epoch-") || name.startsWith(STATE_FILE)) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear old checkpoints in " + checkpointDir, e);
        }
    }
}
