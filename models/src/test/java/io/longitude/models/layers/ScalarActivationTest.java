package io.longitude.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The GRU kernels' scalar activations agree with DL4J's own (which works in float here), values and derivatives. */
class ScalarActivationTest {

    @ParameterizedTest
    @EnumSource(value = Activation.class,
            names = {"SIGMOID", "TANH", "HARDSIGMOID", "HARDTANH", "SOFTSIGN", "RELU", "IDENTITY"})
    void matchesDl4jActivation(Activation activation) {
        IActivation dl4j = activation.getActivationFunction();
        ScalarActivation mine = ScalarActivation.of(dl4j);
        INDArray z = Nd4j.linspace(DataType.DOUBLE, -6.03, 6.01, 301);
        INDArray values = dl4j.getActivation(z.dup(), false);
        INDArray derivatives = dl4j.backprop(z.dup(), Nd4j.onesLike(z)).getFirst();
        for (int i = 0; i < z.length(); i++) {
            double y = mine.apply(z.getDouble(i));
            assertEquals(values.getDouble(i), y, 1e-7, activation + " at " + z.getDouble(i));
            assertEquals(derivatives.getDouble(i), mine.derivativeAt(y), 1e-7,
                    activation + "' at " + z.getDouble(i));
        }
    }

    @Test
    void rejectsActivationsTheKernelsDoNotImplement() {
        assertThrows(IllegalArgumentException.class, () -> ScalarActivation.of(Activation.ELU.getActivationFunction()));
        assertThrows(IllegalArgumentException.class,
                () -> new GRU.Builder().nIn(2).nOut(2).gateActivationFunction(Activation.SWISH).build());
    }
}
