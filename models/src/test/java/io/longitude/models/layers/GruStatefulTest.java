package io.longitude.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Stored state: {@code rnnTimeStep} step by step, and truncated BPTT training on long sequences. */
class GruStatefulTest {

    @Test
    void rnnTimeStepEqualsFullSequenceOutput() {
        MultiLayerNetwork net = twoGruNet(DataType.DOUBLE, 4, BackpropType.Standard, 0);
        INDArray x = Sequences.features(31, 4, 12, 12, 12);
        INDArray full = net.output(x);

        net.rnnClearPreviousState();
        for (int t = 0; t < 12; t += 3) {
            INDArray chunk = x.get(all(), all(), interval(t, t + 3));
            INDArray out = net.rnnTimeStep(chunk);
            double diff = out.sub(full.get(all(), all(), interval(t, t + 3))).amaxNumber().doubleValue();
            assertEquals(0.0, diff, 1e-12, "steps " + t + ".." + (t + 2));
        }

        INDArray lastStep = net.rnnTimeStep(x.get(all(), all(), point(0)));
        assertEquals(2, lastStep.rank(), "a single step given as 2-D comes back 2-D");

        INDArray state = net.rnnGetPreviousState(0).get(GruLayer.STATE_KEY_PREV_ACTIVATION);
        assertEquals(2, state.rank());
        net.rnnClearPreviousState();
        INDArray fromScratch = net.rnnTimeStep(x.get(all(), all(), interval(0, 1)));
        double diff = fromScratch.sub(full.get(all(), all(), interval(0, 1))).amaxNumber().doubleValue();
        assertEquals(0.0, diff, 1e-12, "after rnnClearPreviousState the state starts from zero again");
    }

    @Test
    void truncatedBpttTrainsOnLongSequences() {
        int steps = 240;
        MultiLayerNetwork net = twoGruNet(DataType.FLOAT, 1, BackpropType.TruncatedBPTT, 40);
        DataSet data = delayedEcho(16, steps, 5);

        double before = net.score(data);
        for (int epoch = 0; epoch < 30; epoch++) {
            net.fit(data);
        }
        double after = net.score(data);
        assertTrue(after < 0.6 * before, "loss should fall under TBPTT: before " + before + ", after " + after);
    }

    /** Input: a random +-1 signal; target: the signal {@code delay} steps earlier (a memory task). */
    private static DataSet delayedEcho(int batch, int steps, int delay) {
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 1, steps).gt(0.5).castTo(DataType.FLOAT).muli(2).subi(1);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 1, steps);
        y.get(all(), all(), interval(delay, steps)).assign(x.get(all(), all(), interval(0, steps - delay)));
        return new DataSet(x, y);
    }

    private static MultiLayerNetwork twoGruNet(DataType type, int nIn, BackpropType backprop, int tbptt) {
        MultiLayerConfiguration.Builder list = new NeuralNetConfiguration.Builder()
                .seed(17).dataType(type).updater(new Adam(0.01))
                .list()
                .layer(new GRU.Builder().nIn(nIn).nOut(16).build())
                .layer(new GRU.Builder().nIn(16).nOut(8).build())
                .layer(new RnnOutputLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).nIn(8).nOut(1)
                        .build())
                .setInputType(InputType.recurrent(nIn))
                .backpropType(backprop);
        if (backprop == BackpropType.TruncatedBPTT) {
            list.tBPTTForwardLength(tbptt).tBPTTBackwardLength(tbptt);
        }
        MultiLayerConfiguration conf = list.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
