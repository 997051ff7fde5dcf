package io.longitude.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longitude.models.SyntheticSequences;
import io.longitude.models.config.NetworkConfig;
import io.longitude.models.config.NetworkFactory;
import io.longitude.models.data.DataFingerprint;
import io.longitude.models.data.VisitSequenceExample;
import java.util.List;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/** Many-to-many: predicting the next visit's codes at every step, with full and truncated BPTT. */
class NextVisitTaskTest {

    private static NetworkConfig config(String name, int hidden, int tbptt, int epochs) {
        return NetworkConfig.parse("""
                name = %s
                task = next-visit
                type = gru
                head = per-step
                hidden-size = %d
                embedding-size = 16
                learning-rate = 0.01
                batch-size = 16
                epochs = %d
                early-stopping-patience = %d
                recall-k = 5
                tbptt-length = %d
                seed = 3
                """.formatted(name, hidden, epochs, epochs, tbptt), "next-visit-test");
    }

    @Test
    void perStepGruLearnsADeterministicNextVisitMapping() {
        List<VisitSequenceExample> training = SyntheticSequences.nextVisitTask(600, 6, 14, 41);
        List<VisitSequenceExample> validation = SyntheticSequences.nextVisitTask(100, 6, 14, 42);
        TrainingResult result = new LocalTrainer(config("next-visit", 32, 0, 15),
                SyntheticSequences.nextVisitLayout(), null).train(training, validation);
        assertEquals("recall@5", result.metricName());
        assertTrue(result.bestMetric() >= 0.9, "validation recall@5 " + result.bestMetric() + ", history "
                + result.history());
    }

    @Test
    void truncatedBpttTrainsOnSequencesOfMoreThan200Steps() {
        List<VisitSequenceExample> training = SyntheticSequences.nextVisitTask(48, 200, 240, 43);
        List<VisitSequenceExample> validation = SyntheticSequences.nextVisitTask(16, 200, 240, 44);
        NetworkConfig config = config("next-visit-tbptt", 16, 50, 3);
        MultiLayerNetwork initial = NetworkFactory.create(config, SyntheticSequences.nextVisitLayout());
        assertEquals(BackpropType.TruncatedBPTT, initial.getLayerWiseConfigurations().getBackpropType());

        TrainingResult result = new LocalTrainer(config, SyntheticSequences.nextVisitLayout(), null)
                .train(training, validation);
        DataSet probe = LocalTrainer.featuriser(config, SyntheticSequences.nextVisitLayout(), training)
                .featurise(training.subList(0, 16));
        assertTrue(probe.getFeatures().size(2) >= 200);
        double before = initial.score(probe);
        double after = result.bestNetwork().score(probe);
        assertTrue(after < 0.8 * before, "full-sequence loss went from " + before + " to " + after);
        assertEquals(DataFingerprint.of(training).withVocabularies(SyntheticSequences.nextVisitLayout()),
                result.trainingDataHash());
    }
}
