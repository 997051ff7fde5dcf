package io.longitude.models.saved;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.longitude.models.SyntheticSequences;
import io.longitude.models.config.NetworkConfig;
import io.longitude.models.data.FeatureLayout;
import io.longitude.models.data.SequenceFeaturiser;
import io.longitude.models.data.VisitSequenceExample;
import io.longitude.models.train.LocalTrainer;
import io.longitude.models.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class SavedModelTest {

    private static final List<VisitSequenceExample> TRAIN = SyntheticSequences.memoryTask(96, 31);
    private static final List<VisitSequenceExample> VALID = SyntheticSequences.memoryTask(48, 32);

    private static NetworkConfig config(String type, boolean bidirectional, String head) {
        return NetworkConfig.parse("""
                name = saved-%s
                type = %s
                bidirectional = %s
                head = %s
                hidden-size = 6
                embedding-size = 5
                epochs = 1
                max-visits = 36
                """.formatted(type, type, bidirectional, head), "saved-test");
    }

    private static TrainingResult train(NetworkConfig config) {
        return new LocalTrainer(config, SyntheticSequences.memoryLayout(), null).train(TRAIN, VALID);
    }

    private static SequenceFeaturiser featuriser(NetworkConfig config) {
        return LocalTrainer.featuriser(config, SyntheticSequences.memoryLayout(), TRAIN);
    }

    @ParameterizedTest(name = "{0} bidirectional={1} head={2}")
    @CsvSource({"rnn, false, last", "lstm, false, last", "gru, false, mean", "gru, true, last", "lstm, true, per-step"})
    void roundTripRestoresNetworkFeaturiserAndSidecar(String type, boolean bidirectional, String head,
                                                      @TempDir Path dir) throws IOException {
        NetworkConfig config = config(type, bidirectional, head);
        TrainingResult result = train(config);
        SequenceFeaturiser featuriser = featuriser(config);
        SavedModel.save(dir, result.bestNetwork(), config, featuriser, result.trainingDataHash(),
                Map.of(result.metricName(), result.bestMetric()));

        SavedModel loaded = SavedModel.load(dir, SyntheticSequences.memoryLayout());
        assertEquals(config, loaded.config());
        assertEquals(featuriser.normaliser(), loaded.featuriser().normaliser());
        assertEquals(36, loaded.featuriser().maxVisits());
        assertEquals(featuriser.labelLayout(), loaded.featuriser().labelLayout());
        assertEquals(result.trainingDataHash(), loaded.sidecar().trainingDataHash());
        assertEquals(result.bestMetric(), loaded.sidecar().metrics().get("auroc"));
        assertEquals("1.0.0-M2.1", loaded.sidecar().libraries().get("deeplearning4j-nn"));
        assertArrayEquals(result.bestNetwork().params().data().asFloat(), loaded.network().params().data().asFloat());

        DataSet batch = loaded.featuriser().featurise(VALID.subList(0, 16));
        INDArray expected = result.bestNetwork().output(batch.getFeatures(), false, batch.getFeaturesMaskArray(),
                batch.getLabelsMaskArray());
        INDArray actual = loaded.network().output(batch.getFeatures(), false, batch.getFeaturesMaskArray(),
                batch.getLabelsMaskArray());
        assertArrayEquals(expected.data().asFloat(), actual.data().asFloat());

        JsonNode json = new ObjectMapper().readTree(dir.resolve(SavedModel.SIDECAR_FILE).toFile());
        assertEquals(SyntheticSequences.MEMORY_VOCAB, json.at("/featureLayout/vocabularySize").asInt());
        assertEquals(type, json.at("/modelConfig/type").asText());
        assertEquals("days_since_previous", json.at("/featureLayout/numericFeatures/0").asText());
    }

    @Test
    void loadingRefusesAnotherVocabularyOrFeatureLayout(@TempDir Path dir) {
        NetworkConfig config = config("lstm", false, "last");
        TrainingResult result = train(config);
        SavedModel.save(dir, result.bestNetwork(), config, featuriser(config), result.trainingDataHash(), Map.of());

        FeatureLayout biggerVocabulary = FeatureLayout.forSequenceLabels(
                SyntheticSequences.codes(SyntheticSequences.MEMORY_VOCAB + 1), List.of("days_since_previous"));
        ModelMismatchException vocab = assertThrows(ModelMismatchException.class,
                () -> SavedModel.load(dir, biggerVocabulary));
        assertTrue(vocab.getMessage().contains("vocabulary size: model 20, data 21"), vocab.getMessage());
        assertTrue(vocab.getMessage().contains("vocabulary hash"), vocab.getMessage());

        List<String> reordered = new ArrayList<>(SyntheticSequences.codes(SyntheticSequences.MEMORY_VOCAB));
        Collections.swap(reordered, 3, 4);
        ModelMismatchException sameSize = assertThrows(ModelMismatchException.class, () -> SavedModel.load(dir,
                FeatureLayout.forSequenceLabels(reordered, List.of("days_since_previous"))));
        assertEquals(1, sameSize.differences().size(), sameSize.getMessage());
        assertTrue(sameSize.differences().get(0).startsWith("vocabulary hash"), sameSize.getMessage());

        ModelMismatchException features = assertThrows(ModelMismatchException.class, () -> SavedModel.load(dir,
                FeatureLayout.forSequenceLabels(SyntheticSequences.codes(SyntheticSequences.MEMORY_VOCAB),
                        List.of("age", "days_since_previous"))));
        assertTrue(features.getMessage().contains(
                "numeric features: model [days_since_previous], data [age, days_since_previous]"), features.getMessage());
    }
}
