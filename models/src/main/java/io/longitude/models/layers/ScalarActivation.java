package io.longitude.models.layers;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationHardSigmoid;
import org.nd4j.linalg.activations.impl.ActivationHardTanH;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftSign;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/**
 * The activations the GRU kernels evaluate element by element. Each one's derivative is written in terms of
 * its output, which is all the backward pass keeps.
 */
enum ScalarActivation {
    SIGMOID {
        @Override
        double apply(double x) {
            return 1.0 / (1.0 + Math.exp(-x));
        }

        @Override
        double derivativeAt(double y) {
            return y * (1.0 - y);
        }
    },
    TANH {
        // Math.tanh is not an intrinsic on Java 17; exp is, and this form is exact to rounding.
        @Override
        double apply(double x) {
            if (x > 20.0) {
                return 1.0;
            }
            if (x < -20.0) {
                return -1.0;
            }
            double e = Math.exp(2.0 * x);
            return (e - 1.0) / (e + 1.0);
        }

        @Override
        double derivativeAt(double y) {
            return 1.0 - y * y;
        }
    },
    HARD_SIGMOID {
        @Override
        double apply(double x) {
            return Math.min(1.0, Math.max(0.0, 0.2 * x + 0.5));
        }

        @Override
        double derivativeAt(double y) {
            return y > 0.0 && y < 1.0 ? 0.2 : 0.0;
        }
    },
    HARD_TANH {
        @Override
        double apply(double x) {
            return Math.min(1.0, Math.max(-1.0, x));
        }

        @Override
        double derivativeAt(double y) {
            return y > -1.0 && y < 1.0 ? 1.0 : 0.0;
        }
    },
    SOFTSIGN {
        @Override
        double apply(double x) {
            return x / (1.0 + Math.abs(x));
        }

        @Override
        double derivativeAt(double y) {
            double d = 1.0 - Math.abs(y);
            return d * d;
        }
    },
    RELU {
        @Override
        double apply(double x) {
            return Math.max(0.0, x);
        }

        @Override
        double derivativeAt(double y) {
            return y > 0.0 ? 1.0 : 0.0;
        }
    },
    IDENTITY {
        @Override
        double apply(double x) {
            return x;
        }

        @Override
        double derivativeAt(double y) {
            return 1.0;
        }
    };

    abstract double apply(double x);

    /** The derivative of this function at the input that produced output {@code y}. */
    abstract double derivativeAt(double y);

    static ScalarActivation of(IActivation activation) {
        if (activation instanceof ActivationSigmoid) {
            return SIGMOID;
        }
        if (activation instanceof ActivationTanH) {
            return TANH;
        }
        if (activation instanceof ActivationHardSigmoid) {
            return HARD_SIGMOID;
        }
        if (activation instanceof ActivationHardTanH) {
            return HARD_TANH;
        }
        if (activation instanceof ActivationSoftSign) {
            return SOFTSIGN;
        }
        if (activation instanceof ActivationIdentity) {
            return IDENTITY;
        }
        if (activation instanceof ActivationReLU && isPlainRelu((ActivationReLU) activation)) {
            return RELU;
        }
        throw new IllegalArgumentException("GRU supports sigmoid, tanh, hardsigmoid, hardtanh, softsign, relu and"
                + " identity activations, not " + activation);
    }

    private static boolean isPlainRelu(ActivationReLU relu) {
        return relu.equals(new ActivationReLU());
    }
}
