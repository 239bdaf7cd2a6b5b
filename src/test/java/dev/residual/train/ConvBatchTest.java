package dev.residual.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The batched convolution passes against {@link ConvReference}, the per-sample loops they replace:
 * the same bits for every output, loss and gradient.
 */
class ConvBatchTest {
    /**
     * Layers of SKAB's auto shape at W = 16 (8 features, 13 channels, batches of 64), both kinds
     * and both output paddings, odd lengths and channel counts, a single step, a single sample.
     */
    @ParameterizedTest
    @CsvSource({
        "8, 13, false, 0, 16, 64",
        "13, 13, false, 0, 8, 64",
        "13, 13, true, 1, 4, 64",
        "13, 8, true, 1, 8, 64",
        "5, 3, false, 0, 7, 13",
        "3, 5, true, 0, 4, 13",
        "3, 2, true, 1, 3, 5",
        "1, 1, false, 0, 1, 1",
        "2, 7, true, 0, 1, 3",
        "7, 6, false, 0, 2, 37"
    })
    void batchedLayerGivesThePerSampleBitsForBit(
            int in, int out, boolean transposed, int outputPadding, int length, int n) {
        Random random = new Random(31L * in + 7L * out + 3L * length + n);
        Conv1dLayer layer = new Conv1dLayer(in, out, transposed, outputPadding);
        fill(random, layer.weights);
        fill(random, layer.biases);
        Conv1dLayer.Taps taps = layer.taps(length);
        int outLen = taps.outLength();
        double[][] x = gaussian(random, n, in * length);
        double[][] dy = gaussian(random, n, out * outLen);
        double[] dwStart = gaussian(random, 1, layer.weights.length)[0];
        double[] dbStart = gaussian(random, 1, out)[0];

        double[][] ySimple = new double[n][out * outLen];
        double[][] dxSimple = new double[n][in * length];
        double[] dwSimple = dwStart.clone();
        double[] dbSimple = dbStart.clone();
        for (int b = 0; b < n; b++) {
            ConvReference.forward(layer, x[b], length, ySimple[b]);
            ConvReference.backward(layer, x[b], length, dy[b], dxSimple[b], dwSimple, dbSimple);
        }

        ConvWorkspace scratch =
                new ConvWorkspace(new int[0], Math.max(in, out), Math.max(length, outLen), 80);
        double[][] xRows = rows(x, in * length, 80);
        double[][] yRows = rows(gaussian(random, 80, out * outLen), out * outLen, 80);
        double[][] dxRows = rows(gaussian(random, 80, in * length), in * length, 80);
        double[] dw = dwStart.clone();
        double[] db = dbStart.clone();
        layer.forward(xRows, taps, yRows, n, scratch);
        layer.backward(xRows, taps, rows(dy, out * outLen, 80), dxRows, dw, db, n, scratch);

        assertArrayEquals(ySimple, samples(yRows, n), "forward");
        assertArrayEquals(dxSimple, samples(dxRows, n), "gradient at the input");
        assertArrayEquals(dwSimple, dw, "weight gradients");
        assertArrayEquals(dbSimple, db, "bias gradients");
    }

    /**
     * A whole forward and backward pass, batch after batch through one workspace (the second batch
     * smaller, so scratch left over must not leak): each sample's loss, the reconstruction, the
     * latent code and every gradient as the per-sample loops give them.
     */
    @ParameterizedTest
    @CsvSource({
        "8, 16, 13;13, tanh, 64",
        "3, 7, 4;2, tanh, 13",
        "3, 8, 3;2;2, relu, 9",
        "5, 2, 3, tanh, 1",
        "4, 9, 5;1, relu, 17"
    })
    void batchedNetworkGivesThePerSampleLossAndGradientsBitForBit(
            int features, int window, String channelList, String activation, int n) {
        int[] channels = FiniteDifferences.sizes(channelList);
        ConvAutoencoder net =
                ConvAutoencoder.initialise(
                        features, window, channels, Activation.parse(activation), 11);
        Random random = new Random(5L * features + window + n);
        for (Conv1dLayer layer : net.layers) {
            fill(random, layer.biases);
        }
        ConvWorkspace ws = net.workspace(n + 3);
        double[][] simpleGrads = net.gradientBuffers();
        double[][] batchedGrads = net.gradientBuffers();
        for (int size : new int[] {n, Math.max(1, n / 2)}) {
            double[][] inputs = gaussian(random, size, features * window);
            double scale = 1.0 / size;
            double[][] acts = ConvReference.workspace(net);
            double[][] deltas = ConvReference.workspace(net);
            double[] losses = new double[size];
            double[][] outputs = new double[size][];
            double[][] latents = new double[size][];
            for (int b = 0; b < size; b++) {
                System.arraycopy(inputs[b], 0, acts[0], 0, inputs[b].length);
                losses[b] = ConvReference.lossAndGradients(net, acts, deltas, scale, simpleGrads);
                outputs[b] = acts[net.depth()].clone();
                latents[b] = acts[channels.length].clone();
            }
            for (int b = 0; b < size; b++) {
                for (int r = 0; r < inputs[b].length; r++) {
                    ws.input()[r][b] = inputs[b][r];
                }
            }
            net.lossAndGradients(ws, size, scale, batchedGrads);

            assertArrayEquals(losses, java.util.Arrays.copyOf(ws.loss, size), "losses");
            assertArrayEquals(outputs, samples(ws.output(), size), "reconstruction");
            assertArrayEquals(latents, samples(net.latent(ws), size), "latent");
            for (int i = 0; i < simpleGrads.length; i++) {
                assertArrayEquals(simpleGrads[i], batchedGrads[i], "gradient " + i);
            }
        }
    }

    /** Sample-major values as rows of {@code capacity}: {@code rows[r][b] = values[b][r]}. */
    private static double[][] rows(double[][] values, int count, int capacity) {
        double[][] rows = new double[count][capacity];
        for (int b = 0; b < values.length; b++) {
            for (int r = 0; r < count; r++) {
                rows[r][b] = values[b][r];
            }
        }
        return rows;
    }

    /** The first n samples of {@code rows}, sample-major. */
    private static double[][] samples(double[][] rows, int n) {
        double[][] values = new double[n][rows.length];
        for (int r = 0; r < rows.length; r++) {
            for (int b = 0; b < n; b++) {
                values[b][r] = rows[r][b];
            }
        }
        return values;
    }

    private static double[][] gaussian(Random random, int samples, int length) {
        double[][] v = new double[samples][length];
        for (double[] s : v) {
            fill(random, s);
        }
        return v;
    }

    private static void fill(Random random, double[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
    }
}
