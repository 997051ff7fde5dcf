package io.longitude.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longitude.models.SyntheticSequences;
import io.longitude.models.config.NetworkConfig;
import io.longitude.models.data.VisitSequenceExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTrainerTest {

    private static List<VisitSequenceExample> training;
    private static List<VisitSequenceExample> validation;

    @BeforeAll
    static void data() {
        training = SyntheticSequences.memoryTask(256, 21);
        validation = SyntheticSequences.memoryTask(96, 22);
    }

    /** Dropout on, so the random stream matters as well as the initialisation and batch order. */
    private static NetworkConfig config(String type, int epochs, int patience) {
        return NetworkConfig.parse("""
                name = trainer-%s
                type = %s
                hidden-size = 8
                embedding-size = 8
                dropout = 0.2
                l2 = 1e-4
                learning-rate = 0.01
                batch-size = 32
                epochs = %d
                early-stopping-patience = %d
                seed = 99
                """.formatted(type, type, epochs, patience), "trainer-test");
    }

    private static float[] parameters(MultiLayerNetwork net) {
        return net.params().dup().data().asFloat();
    }

    private static List<Double> metrics(TrainingResult r) {
        return r.history().stream().map(e -> e.validationScore).toList();
    }

    @Test
    void sameSeedGivesIdenticalParameters() {
        NetworkConfig c = config("lstm", 3, 3);
        TrainingResult a = new LocalTrainer(c, SyntheticSequences.memoryLayout(), null).train(training, validation);
        TrainingResult b = new LocalTrainer(c, SyntheticSequences.memoryLayout(), null).train(training, validation);
        assertArrayEquals(parameters(a.bestNetwork()), parameters(b.bestNetwork()));
        assertEquals(metrics(a), metrics(b));
        assertEquals(a.trainingDataHash(), b.trainingDataHash());
    }

    @Test
    void resumingAfterTwoEpochsEqualsFourUninterruptedEpochs(@TempDir Path tmp) throws IOException {
        Path interrupted = tmp.resolve("interrupted");
        Path straight = tmp.resolve("straight");
        NetworkConfig four = config("gru", 4, 4);
        new LocalTrainer(four.withEpochs(2), SyntheticSequences.memoryLayout(), interrupted).train(training, validation);
        TrainingResult resumed = new LocalTrainer(four, SyntheticSequences.memoryLayout(), interrupted)
                .resume(training, validation);
        TrainingResult uninterrupted = new LocalTrainer(four, SyntheticSequences.memoryLayout(), straight)
                .train(training, validation);

        assertEquals(4, resumed.history().size());
        assertEquals(metrics(uninterrupted), metrics(resumed));
        assertEquals(uninterrupted.bestEpoch(), resumed.bestEpoch());
        assertArrayEquals(parameters(uninterrupted.bestNetwork()), parameters(resumed.bestNetwork()));
        assertArrayEquals(parameters(lastCheckpoint(straight)), parameters(lastCheckpoint(interrupted)),
                "the last epoch's parameters, not only the best, are identical");
        Set<String> kept = Set.of(String.format("epoch-%03d", 4), String.format("epoch-%03d", uninterrupted.bestEpoch()));
        try (Stream<Path> folders = Files.list(straight)) {
            assertEquals(kept, folders.map(p -> p.getFileName().toString()).collect(Collectors.toSet()),
                    "only the latest and the best epoch are kept");
        }
    }

    private static MultiLayerNetwork lastCheckpoint(Path dir) {
        EpochCheckpoints checkpoints = new EpochCheckpoints(dir);
        assertEquals(4, checkpoints.latest().orElseThrow().epochsDone);
        return checkpoints.network(4);
    }

    @Test
    void resumeRefusesOtherTrainingData(@TempDir Path tmp) {
        NetworkConfig c = config("lstm", 1, 1);
        new LocalTrainer(c, SyntheticSequences.memoryLayout(), tmp).train(training, validation);
        List<VisitSequenceExample> other = SyntheticSequences.memoryTask(256, 23);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new LocalTrainer(c.withEpochs(2), SyntheticSequences.memoryLayout(), tmp).resume(other, validation));
        assertTrue(e.getMessage().contains("refusing to resume"), e.getMessage());
        IllegalStateException otherNetwork = assertThrows(IllegalStateException.class,
                () -> new LocalTrainer(config("gru", 2, 1), SyntheticSequences.memoryLayout(), tmp).resume(training, validation));
        assertTrue(otherNetwork.getMessage().contains("is of network 'trainer-lstm'"), otherNetwork.getMessage());
    }

    @Test
    void earlyStoppingEndsARunThatStopsImproving() {
        Random random = new Random(4);
        List<VisitSequenceExample> noise = new ArrayList<>();
        for (VisitSequenceExample e : SyntheticSequences.memoryTask(96, 24)) {
            int[][] codes = new int[e.length()][];
            float[][] numeric = new float[e.length()][];
            for (int t = 0; t < e.length(); t++) {
                codes[t] = e.codes(t);
                numeric[t] = e.numeric(t);
            }
            noise.add(VisitSequenceExample.binary(e.id(), codes, numeric, random.nextBoolean()));
        }
        int patience = 2;
        TrainingResult r = new LocalTrainer(config("lstm", 30, patience), SyntheticSequences.memoryLayout(), null)
                .train(training, noise);
        assertTrue(r.stoppedEarly());
        assertTrue(r.history().size() < 30);
        assertEquals(r.bestEpoch() + patience, r.history().size(), "stops exactly `patience` epochs after the best");
        for (int e = r.bestEpoch(); e < r.history().size(); e++) {
            assertFalse(r.history().get(e).validationScore > r.bestMetric(), "epochs after the best (counted from 1)");
        }
    }
}
