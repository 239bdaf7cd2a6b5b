package dev.residual.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class BlockedKernelsTest {
    /** One instance for every shape, as a workspace reuses it: scratch left over must not leak. */
    private static final BlockedKernels BLOCKED = new BlockedKernels(300, 80);

    private static final AffineProducts SIMPLE = AffineProducts.simple();

    /**
     * Shapes of SKAB's LSTM at W = 16 (208 gate rows, 52 units, 8 features, 128 outputs, batches of
     * 64) and awkward ones: sizes that are not multiples of the blocks, odd batches, single rows.
     */
    @ParameterizedTest
    @CsvSource({
        "208, 52, 64",
        "208, 8, 64",
        "128, 52, 64",
        "156, 52, 37",
        "7, 5, 3",
        "9, 13, 17",
        "1, 1, 1",
        "6, 3, 2",
        "300, 11, 80"
    })
    void blockedProductsEqualTheSimpleOnesBitForBit(int out, int in, int n) {
        Random random = new Random(31L * out + 7L * in + n);
        double[] m = gaussian(random, out * in);
        double[] b = gaussian(random, out);
        double[] x = gaussian(random, in * n);
        double[] dy = gaussian(random, out * n);

        double[] ySimple = gaussian(random, out * n);
        double[] yBlocked = ySimple.clone();
        SIMPLE.affine(m, b, out, in, x, ySimple, n);
        BLOCKED.affine(m, b, out, in, x, yBlocked, n);
        assertArrayEquals(ySimple, yBlocked, "affine");

        double[] dxSimple = gaussian(random, in * n);
        double[] dxBlocked = dxSimple.clone();
        SIMPLE.affineBackInto(m, out, in, dy, dxSimple, n);
        BLOCKED.affineBackInto(m, out, in, dy, dxBlocked, n);
        assertArrayEquals(dxSimple, dxBlocked, "affineBackInto");

        for (boolean into : new boolean[] {false, true}) {
            String name = into ? "affineGradientsInto" : "affineGradients";
            double[] gmSimple = gaussian(random, out * in);
            double[] gbSimple = gaussian(random, out);
            double[] gmBlocked = gmSimple.clone();
            double[] gbBlocked = gbSimple.clone();
            if (into) {
                SIMPLE.affineGradientsInto(dy, x, out, in, gmSimple, gbSimple, n);
                BLOCKED.affineGradientsInto(dy, x, out, in, gmBlocked, gbBlocked, n);
            } else {
                SIMPLE.affineGradients(dy, x, out, in, gmSimple, gbSimple, n);
                BLOCKED.affineGradients(dy, x, out, in, gmBlocked, gbBlocked, n);
            }
            assertArrayEquals(gmSimple, gmBlocked, name + ", weights");
            assertArrayEquals(gbSimple, gbBlocked, name + ", biases");
        }
    }

    /**
     * A whole forward and backward pass through time, on a batch smaller than the workspace's: the
     * training workspace's blocked products give the simple ones' loss, output and every gradient.
     */
    @ParameterizedTest
    @EnumSource(
            value = ModelKind.class,
            names = {"LSTM", "GRU"})
    void blockedNetworkGivesTheSimpleLossAndGradientsBitForBit(ModelKind kind) {
        RecurrentAutoencoder net =
                RecurrentAutoencoder.initialise(RecurrentCell.of(kind), 5, 7, 9, 3);
        RecurrentAutoencoder.Workspace simple = net.workspace(16, true);
        RecurrentAutoencoder.Workspace blocked = net.workspace(16);
        int n = 13;
        Random random = new Random(17);
        for (int t = 0; t < net.window(); t++) {
            for (int i = 0; i < 5 * n; i++) {
                simple.steps[t][i] = random.nextGaussian();
            }
            System.arraycopy(simple.steps[t], 0, blocked.steps[t], 0, 5 * n);
        }
        double[][] simpleGrads = RecurrentAutoencoderGradientTest.gradientBuffers(net);
        double[][] blockedGrads = RecurrentAutoencoderGradientTest.gradientBuffers(net);
        double simpleLoss = net.lossAndGradients(simple, n, simpleGrads);
        double blockedLoss = net.lossAndGradients(blocked, n, blockedGrads);
        assertEquals(simpleLoss, blockedLoss, 0.0);
        assertArrayEquals(simple.output, blocked.output);
        assertArrayEquals(simple.latent(), blocked.latent());
        for (int i = 0; i < simpleGrads.length; i++) {
            assertArrayEquals(simpleGrads[i], blockedGrads[i], "gradient " + i);
        }
    }

    /**
     * A dense network's whole forward and backward pass (with weight decay, and on to the input as
     * the variational kind's decoder does) on a batch smaller than the workspace's, relu and tanh,
     * SKAB's auto shape and odd ones: the blocked products give the simple ones' loss, output,
     * input deltas and every gradient.
     */
    @ParameterizedTest
    @CsvSource({
        "8, 8;6, tanh, 64, 0.0",
        "8, 8;6, relu, 61, 0.01",
        "5, 7;3, tanh, 13, 0.001",
        "3, 2, relu, 1, 0.0",
        "11, 9;5;2, tanh, 33, 0.0"
    })
    void blockedDenseNetworkGivesTheSimpleLossAndGradientsBitForBit(
            int features, String hidden, String activation, int n, double weightDecay) {
        int[] sizes =
                java.util.Arrays.stream(hidden.split(";")).mapToInt(Integer::parseInt).toArray();
        DenseAutoencoder net =
                DenseAutoencoder.initialise(features, sizes, Activation.parse(activation), 3);
        Random random = new Random(19);
        FiniteDifferences.randomiseBiases(net, random);
        LayerWorkspace simple = net.workspace(n + 5, true);
        LayerWorkspace blocked = net.workspace(n + 5);
        double[] target = gaussian(random, features * n);
        System.arraycopy(gaussian(random, features * n), 0, simple.input(), 0, features * n);
        System.arraycopy(simple.input(), 0, blocked.input(), 0, features * n);
        double[][][] simpleGrads = FiniteDifferences.buffers(net);
        double[][][] blockedGrads = FiniteDifferences.buffers(net);
        double simpleLoss =
                net.lossAndGradients(
                        simple, target, n, weightDecay, simpleGrads[0], simpleGrads[1], true);
        double blockedLoss =
                net.lossAndGradients(
                        blocked, target, n, weightDecay, blockedGrads[0], blockedGrads[1], true);
        assertEquals(simpleLoss, blockedLoss, 0.0);
        assertArrayEquals(simple.output(), blocked.output());
        assertArrayEquals(simple.inputDelta(), blocked.inputDelta());
        for (int l = 0; l < net.layers(); l++) {
            assertArrayEquals(simpleGrads[0][l], blockedGrads[0][l], "weight gradient " + l);
            assertArrayEquals(simpleGrads[1][l], blockedGrads[1][l], "bias gradient " + l);
        }
    }

    private static double[] gaussian(Random random, int length) {
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }
}
