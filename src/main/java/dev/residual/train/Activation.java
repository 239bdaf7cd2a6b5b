package dev.residual.train;

import java.util.Locale;

/**
 * The non-linearity of the hidden layers. Each knows its value, its derivative expressed through
 * its own output (so backward needs no stored pre-activations) and its ONNX operator.
 */
public enum Activation {
    /** Hyperbolic tangent: smooth and bounded, the default. */
    TANH(OnnxOps.TANH) {
        @Override
        void applyInPlace(double[] values, int from, int to) {
            // Through exp, a JIT intrinsic: several times faster than Math.tanh, and its absolute
            // error (about 1e-16) is far below the float precision the model is served at.
            for (int i = from; i < to; i++) {
                values[i] = 1.0 - 2.0 / (Math.exp(2.0 * values[i]) + 1.0);
            }
        }

        @Override
        void multiplyByDerivative(double[] delta, double[] output, int from, int to) {
            for (int i = from; i < to; i++) {
                double y = output[i];
                delta[i] *= 1.0 - y * y;
            }
        }
    },
    /** Rectified linear unit. */
    RELU(OnnxOps.RELU) {
        @Override
        void applyInPlace(double[] values, int from, int to) {
            for (int i = from; i < to; i++) {
                values[i] = Math.max(values[i], 0.0);
            }
        }

        @Override
        void multiplyByDerivative(double[] delta, double[] output, int from, int to) {
            for (int i = from; i < to; i++) {
                if (output[i] <= 0.0) {
                    delta[i] = 0.0;
                }
            }
        }
    };

    private final OnnxOps operator;

    Activation(OnnxOps operator) {
        this.operator = operator;
    }

    abstract void applyInPlace(double[] values, int from, int to);

    /** Scales {@code delta} by the derivative, given the activation's own {@code output}. */
    abstract void multiplyByDerivative(double[] delta, double[] output, int from, int to);

    OnnxOps operator() {
        return operator;
    }

    /** Parses {@code tanh} or {@code relu}, case-insensitively. */
    public static Activation parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown activation '" + name + "'; expected tanh or relu", e);
        }
    }

    /** The lower-case name used on the command line and in the manifest. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
