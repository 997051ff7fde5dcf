package io.longitude.models.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longitude.models.SyntheticSequences;
import io.longitude.models.config.NetworkConfig;
import io.longitude.models.data.VisitSequenceExample;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The proof of memory: the label is whether a signal code appeared 15–30 visits before the
 * end among distractors ({@link SyntheticSequences#memoryTask}). Recurrent networks reading the whole
 * sequence must separate the classes; the same network shown only the last visit must not.
 */
class MemoryTaskTest {

    private static List<VisitSequenceExample> training;
    private static List<VisitSequenceExample> validation;

    @BeforeAll
    static void data() {
        training = SyntheticSequences.memoryTask(2000, 11);
        validation = SyntheticSequences.memoryTask(500, 12);
    }

    private static NetworkConfig config(String type, boolean bidirectional, int maxVisits, int epochs) {
        return NetworkConfig.parse("""
                name = memory-%s
                type = %s
                bidirectional = %s
                hidden-size = 24
                embedding-size = 8
                head = last
                learning-rate = 0.01
                batch-size = 32
                epochs = %d
                early-stopping-patience = 2
                max-visits = %d
                seed = 5
                """.formatted(type, type, bidirectional, epochs, maxVisits), "memory-task");
    }

    @ParameterizedTest(name = "{0} bidirectional={1}")
    @CsvSource({"lstm, false", "gru, false", "lstm, true", "gru, true"})
    void recurrentNetworksRememberTheSignal(String type, boolean bidirectional) {
        TrainingResult result = new LocalTrainer(config(type, bidirectional, 0, 6),
                SyntheticSequences.memoryLayout(), null).train(training, validation);
        assertTrue(result.bestMetric() >= 0.95, type + " bidirectional=" + bidirectional
                + " reached validation AUROC " + result.bestMetric() + ", history " + result.history());
    }

    @Test
    void theLastVisitAloneCarriesNoSignal() {
        TrainingResult result = new LocalTrainer(config("lstm", false, 1, 3),
                SyntheticSequences.memoryLayout(), null).train(training, validation);
        assertTrue(result.bestMetric() <= 0.6, "last-visit-only network reached AUROC " + result.bestMetric());
    }
}
