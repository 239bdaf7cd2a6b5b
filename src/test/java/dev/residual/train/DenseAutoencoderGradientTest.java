package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DenseAutoencoderGradientTest {
    private static final double WEIGHT_DECAY = 0.01;
    private static final double STEP = 1e-6;

    @ParameterizedTest
    @EnumSource(Activation.class)
    void everyGradientMatchesCentralFiniteDifferences(Activation activation) {
        DenseAutoencoder net = DenseAutoencoder.initialise(4, new int[] {3, 2}, activation, 7);
        Random random = new Random(3);
        for (double[] b : net.biases) {
            for (int i = 0; i < b.length; i++) {
                b[i] = 0.1 * random.nextGaussian();
            }
        }
        int n = 5;
        DenseAutoencoder.Workspace ws = net.workspace(n);
        for (int i = 0; i < 4 * n; i++) {
            ws.input()[i] = random.nextGaussian();
        }
        double[][] gw = new double[net.layers()][];
        double[][] gb = new double[net.layers()][];
        for (int l = 0; l < net.layers(); l++) {
            gw[l] = new double[net.weights[l].length];
            gb[l] = new double[net.biases[l].length];
        }
        net.lossAndGradients(ws, n, WEIGHT_DECAY, gw, gb);
        for (int l = 0; l < net.layers(); l++) {
            checkAll(net, ws, n, net.weights[l], gw[l], "W" + l);
            checkAll(net, ws, n, net.biases[l], gb[l], "b" + l);
        }
    }

    private static void checkAll(
            DenseAutoencoder net,
            DenseAutoencoder.Workspace ws,
            int n,
            double[] params,
            double[] analytic,
            String name) {
        for (int i = 0; i < params.length; i++) {
            double saved = params[i];
            params[i] = saved + STEP;
            double plus = loss(net, ws, n);
            params[i] = saved - STEP;
            double minus = loss(net, ws, n);
            params[i] = saved;
            double numeric = (plus - minus) / (2 * STEP);
            assertThat(analytic[i])
                    .as("d loss / d %s[%d]", name, i)
                    .isCloseTo(numeric, offset(1e-7 + 1e-5 * Math.abs(numeric)));
        }
    }

    private static double loss(DenseAutoencoder net, DenseAutoencoder.Workspace ws, int n) {
        int layers = net.layers();
        int[] sizes = net.sizes();
        double[][] gw = new double[layers][];
        double[][] gb = new double[layers][];
        for (int l = 0; l < layers; l++) {
            gw[l] = new double[sizes[l] * sizes[l + 1]];
            gb[l] = new double[sizes[l + 1]];
        }
        return net.lossAndGradients(ws, n, WEIGHT_DECAY, gw, gb) + net.decayPenalty(WEIGHT_DECAY);
    }
}
