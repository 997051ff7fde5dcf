package io.longitude.models.train;

import io.longitude.models.config.NetworkConfig;
import io.longitude.models.config.NetworkFactory;
import io.longitude.models.data.DataFingerprint;
import io.longitude.models.data.FeatureLayout;
import io.longitude.models.data.LabelLayout;
import io.longitude.models.data.NumericNormaliser;
import io.longitude.models.data.SequenceFeaturiser;
import io.longitude.models.data.VisitSequenceExample;
import io.longitude.models.data.VisitSequenceIterator;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a {@link NetworkConfig} in this JVM, through the {@link TrainingLoop} the Spark trainer also runs: the
 * single-JVM reference that the Spark trainer is checked against, and the fast way to train small data sets.
 *
 * <p>Next-visit models start with output biases at the log-odds of each target code's training rate
 * ({@link NetworkFactory#setOutputBiasToPrior}), as the Spark trainer does.
 *
 * <p>Determinism: parameters are initialised from the config's seed, and at the start of epoch {@code e}
 * ND4J's random generator (dropout) and the batch order are derived from (seed, e) alone, so a run resumed from
 * a checkpoint replays exactly what an uninterrupted run would have done next.
 */
public final class LocalTrainer {

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
     * Continues from the last checkpoint if there is one (same network and training data required), otherwise
     * trains from scratch.
     */
    public TrainingResult resume(List<VisitSequenceExample> training, List<VisitSequenceExample> validation) {
        return run(training, validation, true);
    }

    /** The featuriser a run on {@code training} uses: the normaliser is fitted on the training split. */
    public static SequenceFeaturiser featuriser(NetworkConfig config, FeatureLayout layout,
                                                List<VisitSequenceExample> training) {
        return new SequenceFeaturiser(layout, config.labelLayout(),
                NumericNormaliser.fit(training, layout.numericCount()), config.maxVisits());
    }

    private TrainingResult run(List<VisitSequenceExample> training, List<VisitSequenceExample> validation,
                               boolean resume) {
        SequenceFeaturiser featuriser = featuriser(config, layout, training);
        Epochs epochs = new Epochs(featuriser, training, validation);
        TrainingLoop loop = new TrainingLoop(config, config.epochs(),
                checkpointDir == null ? null : new EpochCheckpoints(checkpointDir));
        return loop.run(epochs, () -> {
            MultiLayerNetwork net = NetworkFactory.create(config, layout);
            if (config.labelLayout() == LabelLayout.NEXT_VISIT) {
                NetworkFactory.setOutputBiasToPrior(net, featuriser.targetRates(training));
            }
            return net;
        }, DataFingerprint.of(training).withVocabularies(layout), resume);
    }

    /** Epochs over in-memory examples: minibatches in a per-epoch seeded order, validation in a fixed one. */
    private final class Epochs implements EpochTrainer {
        private final VisitSequenceIterator train;
        private final VisitSequenceIterator validation;

        Epochs(SequenceFeaturiser featuriser, List<VisitSequenceExample> training,
               List<VisitSequenceExample> validationExamples) {
            this.train = new VisitSequenceIterator(training, featuriser, config.batchSize(), config.bucketByLength(),
                    true, config.seed());
            this.validation = new VisitSequenceIterator(validationExamples, featuriser, config.batchSize(), true,
                    false, config.seed());
        }

        @Override
        public FittedEpoch fit(MultiLayerNetwork network, int epoch) {
            // The iterator and these seeds count epochs from 0.
            Nd4j.getRandom().setSeed(config.seed() * 1_000_003L + epoch - 1);
            train.startEpoch(epoch - 1);
            double lossSum = 0;
            long sequences = 0;
            while (train.hasNext()) {
                DataSet batch = train.next();
                network.fit(batch);
                lossSum += network.score() * batch.numExamples();
                sequences += batch.numExamples();
            }
            network.incrementEpochCount();
            return new FittedEpoch(network, lossSum / sequences, sequences);
        }

        @Override
        public double validate(MultiLayerNetwork network) {
            return ValidationScorer.score(network, validation, config.labelLayout(), config.recallK());
        }
    }
}
