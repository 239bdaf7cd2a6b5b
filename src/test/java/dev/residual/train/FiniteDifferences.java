package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Random;
import java.util.function.DoubleSupplier;

/** Central finite differences of a loss, compared with analytic gradients in double precision. */
final class FiniteDifferences {
    private static final double STEP = 1e-6;

    private FiniteDifferences() {}

    /** Checks d loss / d params[i] against {@code analytic[i]} for every i. */
    static void check(double[] params, double[] analytic, DoubleSupplier loss, String name) {
        for (int i = 0; i < params.length; i++) {
            double saved = params[i];
            params[i] = saved + STEP;
            double plus = loss.getAsDouble();
            params[i] = saved - STEP;
            double minus = loss.getAsDouble();
            params[i] = saved;
            double numeric = (plus - minus) / (2 * STEP);
            assertThat(analytic[i])
                    .as("d loss / d %s[%d]", name, i)
                    .isCloseTo(numeric, offset(1e-7 + 1e-5 * Math.abs(numeric)));
        }
    }

    /** Non-zero biases, so that their gradients are exercised away from the initial point. */
    static void randomiseBiases(DenseAutoencoder net, Random random) {
        for (double[] b : net.biases) {
            for (int i = 0; i < b.length; i++) {
                b[i] = 0.1 * random.nextGaussian();
            }
        }
    }

    /**
     * Gradient buffers shaped like the networks' weights ({@code [0]}) and biases ({@code [1]}).
     */
    static double[][][] buffers(DenseAutoencoder... nets) {
        return new AutoencoderParameters(nets).gradientBuffers();
    }

    /** Layer sizes written {@code 8;6} (a list inside a CSV source's cell). */
    static int[] sizes(String list) {
        return java.util.Arrays.stream(list.split(";")).mapToInt(Integer::parseInt).toArray();
    }
}
