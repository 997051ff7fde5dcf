package io.longitude.models.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longitude.models.config.NetworkConfig;
import io.longitude.models.config.NetworkFactory;
import io.longitude.models.data.FeatureLayout;
import io.longitude.models.data.SequenceFeaturiser;
import io.longitude.models.data.VisitSequenceExample;
import io.longitude.models.train.LocalTrainer;
import io.longitude.models.train.TrainingResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Integrated gradients on a planted task: a small GRU learns that code 0 in one of the first three visits makes a
 * sequence positive (the later visits are drawn alike in both classes), and the attributions must name that code,
 * sum to f(x) − f(baseline), be faithful (ERASER comprehensiveness above random) and leave absent codes out.
 */
class IntegratedGradientsTest {

    static final int SIGNAL = 0;
    static final int VOCAB = 16;
    static final int STEPS = 64;
    /**
     * The trained network is nearly a step function of the planted code's input: on one sample the sum missed
     * f(x) − f(baseline) by 16% with 64 steps, 18% with 128, 5% with 256, 0.01% with 512 and 2048.
     */
    static final int CONVERGED_STEPS = 512;

    private static FeatureLayout layout;
    private static List<VisitSequenceExample> validation;
    private static MultiLayerNetwork gru;
    private static IntegratedGradients gradients;

    @BeforeAll
    static void trainPlantedTask() {
        layout = FeatureLayout.forSequenceLabels(IntStream.range(0, VOCAB).mapToObj(i -> "code-" + i).toList(),
                List.of("days_since_previous"));
        List<VisitSequenceExample> training = plantedTask(800, 1);
        validation = plantedTask(200, 2);
        NetworkConfig config = config("gru", "last", 0, 5);
        TrainingResult result = new LocalTrainer(config, layout, null).train(training, validation);
        assertTrue(result.bestMetric() >= 0.95, "the planted task was not learnt: validation AUROC "
                + result.bestMetric() + ", history " + result.history());
        gru = result.bestNetwork();
        gradients = new IntegratedGradients(LocalTrainer.featuriser(config, layout, training), STEPS);
    }

    @Test
    void thePlantedCodeIsTheTopAttributionOfConfidentPositives() {
        List<VisitSequenceExample> positives = validation.stream().filter(e -> e.label() == 1).toList();
        List<SampleAttribution> attributions = gradients.attribute(gru, positives);
        int confident = 0;
        int recovered = 0;
        for (int i = 0; i < positives.size(); i++) {
            SampleAttribution a = attributions.get(i);
            if (a.score() > 0.5) {
                confident++;
                CodeAttribution top = a.top(1).get(0);
                if (top.code() == SIGNAL && top.visit() < 3) {
                    recovered++;
                }
            }
        }
        assertTrue(confident >= positives.size() * 0.9, confident + " of " + positives.size() + " positives scored > 0.5");
        assertEquals(confident, recovered, "the planted code at its visit is the top attribution");
    }

    @Test
    void attributionsSumToTheOutputMinusTheBaselineOutput() {
        List<SampleAttribution> attributions = new IntegratedGradients(gradients.featuriser(), CONVERGED_STEPS)
                .attribute(gru, validation.subList(0, 30));
        double[] direct = gradients.scores(gru, validation.subList(0, 30));
        for (int i = 0; i < attributions.size(); i++) {
            SampleAttribution a = attributions.get(i);
            assertEquals(direct[i], a.score(), 1e-5, "the explained score is the network's output");
            double difference = a.score() - a.baselineScore();
            assertEquals(difference, a.attributionSum(), 0.005 + 0.02 * Math.abs(difference),
                    "completeness of " + a.id() + " (f(x) " + a.score() + ", f(baseline) " + a.baselineScore() + ")");
        }
    }

    @Test
    void completenessHoldsForAnUntrainedPerStepLstmWithAVisitCap() {
        NetworkConfig config = config("lstm", "per-step", 4, 1);
        MultiLayerNetwork lstm = NetworkFactory.create(config, layout);
        List<VisitSequenceExample> examples = validation.subList(0, 20);
        SequenceFeaturiser featuriser = LocalTrainer.featuriser(config, layout, examples);
        List<SampleAttribution> attributions = new IntegratedGradients(featuriser, STEPS).attribute(lstm, examples);
        for (int i = 0; i < examples.size(); i++) {
            SampleAttribution a = attributions.get(i);
            int firstKept = examples.get(i).length() - 4;
            assertTrue(a.codes().stream().allMatch(c -> c.visit() >= firstKept),
                    "only the 4 visits the cap keeps are explained");
            double difference = a.score() - a.baselineScore();
            assertEquals(difference, a.attributionSum(), 1e-3 + 0.02 * Math.abs(difference), "completeness of " + a.id());
        }
    }

    @Test
    void everyPresentCodeOccurrenceIsAttributedAndNothingElse() {
        List<VisitSequenceExample> examples = validation.subList(0, 30);
        List<SampleAttribution> attributions = gradients.attribute(gru, examples);
        for (int i = 0; i < examples.size(); i++) {
            Set<String> present = new HashSet<>();
            for (int t = 0; t < examples.get(i).length(); t++) {
                for (int code : examples.get(i).codes(t)) {
                    present.add(t + ":" + code);
                }
            }
            Set<String> attributed = new HashSet<>();
            for (CodeAttribution c : attributions.get(i).codes()) {
                attributed.add(c.visit() + ":" + c.code());
            }
            assertEquals(present, attributed);
            assertEquals(present.size(), attributions.get(i).codes().size());
        }
    }

    @Test
    void removingTheTopCodesLowersTheScoreMoreThanRemovingRandomOnes() {
        List<SampleAttribution> attributions = gradients.attribute(gru, validation);
        Comprehensiveness result = Comprehensiveness.of(2,
                Comprehensiveness.drops(gradients, gru, validation, attributions, 2, 7));
        assertEquals(validation.size(), result.samples());
        assertTrue(result.margin() > 0.2, "top-2 removal lowers the score by " + result.topDrop()
                + ", random-2 removal by " + result.randomDrop());
    }

    /**
     * {@code count} sequences of 6–10 visits of 1–3 distractor codes and a random gap; in positive ones (half) code
     * {@value #SIGNAL} is added to one of the first three visits.
     */
    static List<VisitSequenceExample> plantedTask(int count, long seed) {
        Random random = new Random(seed);
        List<VisitSequenceExample> out = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            int length = 6 + random.nextInt(5);
            boolean positive = random.nextBoolean();
            int signalAt = random.nextInt(3);
            int[][] codes = new int[length][];
            float[][] numeric = new float[length][];
            for (int t = 0; t < length; t++) {
                int[] visit = random.ints(1 + random.nextInt(3), 1, VOCAB).distinct().toArray();
                if (positive && t == signalAt) {
                    visit = IntStream.concat(IntStream.of(SIGNAL), IntStream.of(visit)).toArray();
                }
                codes[t] = visit;
                numeric[t] = new float[] {(float) random.nextInt(60)};
            }
            out.add(VisitSequenceExample.binary("p" + seed + "-" + n, codes, numeric, positive));
        }
        return out;
    }

    private static NetworkConfig config(String type, String head, int maxVisits, int epochs) {
        return NetworkConfig.parse("""
                name = planted-%s
                type = %s
                hidden-size = 16
                embedding-size = 8
                head = %s
                learning-rate = 0.02
                batch-size = 32
                epochs = %d
                early-stopping-patience = 2
                max-visits = %d
                seed = 3
                """.formatted(type, type, head, epochs, maxVisits), "planted-task");
    }
}
