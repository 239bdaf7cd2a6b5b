package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConvAutoencoderGradientTest {
    /**
     * Odd and even windows: the transposed convolutions need output padding 0 and 1; and the auto
     * shape, two equal levels wider than the input.
     */
    @ParameterizedTest
    @CsvSource({"7, 4;2", "8, 3;2;2", "2, 3", "16, 5;5"})
    void gradientsMatchCentralFiniteDifferences(int window, String channelList) {
        int features = 3;
        int[] channels = FiniteDifferences.sizes(channelList);
        ConvAutoencoder net =
                ConvAutoencoder.initialise(features, window, channels, Activation.TANH, 5);
        Random random = new Random(9);
        for (Conv1dLayer layer : net.layers) {
            for (int i = 0; i < layer.biases.length; i++) {
                layer.biases[i] = 0.1 * random.nextGaussian();
            }
        }
        double[][] samples = new double[3][features * window];
        for (double[] s : samples) {
            for (int i = 0; i < s.length; i++) {
                s[i] = random.nextGaussian();
            }
        }
        double[][] grads = net.gradientBuffers();
        net.lossAndGradients(batch(net, samples), samples.length, 1.0 / samples.length, grads);
        assertThat(net.length(net.depth())).isEqualTo(window);
        for (int l = 0; l < net.depth(); l++) {
            Conv1dLayer layer = net.layers[l];
            FiniteDifferences.check(
                    layer.weights, grads[2 * l], () -> loss(net, samples), "weights" + l);
            FiniteDifferences.check(
                    layer.biases, grads[2 * l + 1], () -> loss(net, samples), "biases" + l);
        }
    }

    /** The mean over samples of the mean squared error over the window. */
    private static double loss(ConvAutoencoder net, double[][] samples) {
        ConvWorkspace ws = batch(net, samples);
        net.lossAndGradients(ws, samples.length, 0.0, net.gradientBuffers());
        double sum = 0.0;
        for (int b = 0; b < samples.length; b++) {
            sum += ws.loss[b];
        }
        return sum / samples.length;
    }

    /** A workspace holding {@code samples} (channel-major each) as its input batch. */
    private static ConvWorkspace batch(ConvAutoencoder net, double[][] samples) {
        ConvWorkspace ws = net.workspace(samples.length);
        for (int b = 0; b < samples.length; b++) {
            for (int r = 0; r < samples[b].length; r++) {
                ws.input()[r][b] = samples[b][r];
            }
        }
        return ws;
    }
}
