package io.longitude.models.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longitude.models.SyntheticSequences;
import io.longitude.models.data.FeatureLayout;
import io.longitude.models.data.LabelLayout;
import io.longitude.models.data.NumericNormaliser;
import io.longitude.models.data.SequenceFeaturiser;
import io.longitude.models.data.VisitSequenceExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class NetworkConfigTest {

    static final Path NETWORKS_DIR = Path.of("../conf/networks");

    private static final String MINIMAL = "name = t\ntype = lstm\n";

    @TestFactory
    Stream<DynamicTest> everyModelDefinitionBuildsANetworkThatRunsAndTrainsOnASmallBatch() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(NETWORKS_DIR)) {
            files = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
        assertTrue(files.size() >= 6, "expected the model definitions in " + NETWORKS_DIR.toAbsolutePath());
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            NetworkConfig config = NetworkConfig.load(file.toString());
            assertEquals(file.getFileName().toString().replace(".conf", ""), config.name());
            boolean nextVisit = config.task() == NetworkConfig.Task.NEXT_VISIT;
            FeatureLayout layout = nextVisit ? SyntheticSequences.nextVisitLayout() : SyntheticSequences.memoryLayout();
            List<VisitSequenceExample> batch = nextVisit
                    ? SyntheticSequences.nextVisitTask(6, 3, 9, 1)
                    : SyntheticSequences.memoryTask(6, 1);
            DataSet ds = new SequenceFeaturiser(layout, config.labelLayout(),
                    NumericNormaliser.fit(batch, 1), config.maxVisits()).featurise(batch);
            MultiLayerNetwork net = NetworkFactory.create(config, layout);
            INDArray out = net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
            long steps = ds.getFeatures().size(2);
            long[] expected = switch (config.labelLayout()) {
                case SEQUENCE -> new long[] {6, 1};
                case LAST_STEP -> new long[] {6, 1, steps};
                case NEXT_VISIT -> new long[] {6, SyntheticSequences.NEXT_VISIT_VOCAB, steps};
            };
            assertArrayEquals(expected, out.shape());
            assertTrue(sigmoidOutputsAtRealSteps(out,
                    ds.getLabelsMaskArray() != null ? ds.getLabelsMaskArray() : ds.getFeaturesMaskArray()), "sigmoid outputs");
            assertEquals(config.bidirectional(), net.getLayerWiseConfigurations().getConfs().stream()
                    .anyMatch(c -> c.getLayer().toString().contains(Bidirectional.class.getSimpleName())));
            INDArray before = net.params().dup();
            net.fit(ds);
            assertTrue(Double.isFinite(net.score()));
            assertFalse(before.equals(net.params()), "one training step changes the parameters");
        }));
    }

    private static boolean sigmoidOutputsAtRealSteps(INDArray out, INDArray mask) {
        for (int i = 0; i < out.size(0); i++) {
            for (int t = 0; t < (out.rank() == 3 ? out.size(2) : 1); t++) {
                if (out.rank() == 3 && mask.getDouble(i, t) == 0) {
                    continue;
                }
                for (int k = 0; k < out.size(1); k++) {
                    double p = out.rank() == 3 ? out.getDouble(i, k, t) : out.getDouble(i, k);
                    if (!(p > 0 && p < 1)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Test
    void aNameIsTheBundledDefinitionAnythingElseAPath() {
        NetworkConfig byName = NetworkConfig.load("gru");
        NetworkConfig byPath = NetworkConfig.load(NETWORKS_DIR.resolve("gru.conf").toString());
        assertEquals(byPath, byName);
        assertEquals(NetworkConfig.CellType.GRU, byName.type());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> NetworkConfig.load("no-such-model"));
        assertTrue(unknown.getMessage().contains("no bundled network definition 'no-such-model'"), unknown.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> NetworkConfig.load("gru.conf"));
        assertTrue(missing.getMessage().contains("no network definition file gru.conf"), missing.getMessage());
    }

    @Test
    void theValidationMetricFollowsTheTask() {
        assertEquals("auroc", NetworkConfig.load("gru").validationMetric());
        NetworkConfig nextVisit = NetworkConfig.load("seq2seq-gru");
        assertEquals("recall@" + nextVisit.recallK(), nextVisit.validationMetric());
    }

    @Test
    void defaultsFillWhatIsNotGivenAndJsonRoundTrips() {
        NetworkConfig c = NetworkConfig.parse(MINIMAL, "minimal");
        assertEquals(64, c.hiddenSize());
        assertEquals(NetworkConfig.Head.LAST, c.head());
        assertEquals(LabelLayout.SEQUENCE, c.labelLayout());
        assertEquals(c, NetworkConfig.fromJson(c.toJson(), "json"));
        assertEquals(3, c.withEpochs(3).epochs());
        NetworkConfig perStep = NetworkConfig.parse(MINIMAL + "head = per-step\ntbptt-length = 20", "p");
        assertEquals(LabelLayout.LAST_STEP, perStep.labelLayout());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "hiden-size = 32              | unknown key(s) [hiden-size]",
        "type = transformer           | key 'type' must be one of [rnn, lstm, gru], got 'transformer'",
        "hidden-size = 0              | key 'hidden-size' must be an integer >= 1, got 0",
        "hidden-size = 12.5           | key 'hidden-size' must be an integer, got 12.5",
        "layers = many                | key 'layers' must be an integer, got \"many\"",
        "dropout = 1.0                | key 'dropout' is a drop probability and must be in [0, 1)",
        "learning-rate = 0            | key 'learning-rate' must be > 0",
        "l2 = -0.1                    | key 'l2' must be >= 0.0, got -0.1",
        "bidirectional = sometimes    | key 'bidirectional' must be true or false",
        "head = first                 | key 'head' must be one of [last, mean, per-step], got 'first'",
        "task = next-visit            | key 'head' must be per-step for task next-visit, got last",
        "task = next-visit, head = per-step, bidirectional = true | key 'bidirectional' must be false for task next-visit",
        "tbptt-length = 50            | key 'tbptt-length' needs head = per-step",
        "name = \"\"                  | key 'name' must not be empty",
        "hidden-size = [              | is not valid HOCON"})
    void badValuesAreRefusedWithAMessageNamingTheKey(String override, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkConfig.parse(MINIMAL + override, "test.conf"));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().contains("test.conf"), "names the file: " + e.getMessage());
    }

    @Test
    void missingTypeIsReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkConfig.parse("name = x", "x.conf"));
        assertTrue(e.getMessage().contains("key 'type' is required"), e.getMessage());
    }
}
