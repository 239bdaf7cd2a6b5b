package dev.residual.train;

import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DenseAutoencoderGradientTest {
    private static final double WEIGHT_DECAY = 0.01;

    @ParameterizedTest
    @EnumSource(Activation.class)
    void everyGradientMatchesCentralFiniteDifferences(Activation activation) {
        checkGradients(activation, Corruption.NONE);
    }

    /** The denoising kind: the input is a corrupted copy, the target the clean batch. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void denoisingGradientsAgainstTheCleanTargetMatchToo(Activation activation) {
        checkGradients(activation, new Corruption(0.3, 0.25));
    }

    private static void checkGradients(Activation activation, Corruption corruption) {
        DenseAutoencoder net = DenseAutoencoder.initialise(4, new int[] {3, 2}, activation, 7);
        Random random = new Random(3);
        FiniteDifferences.randomiseBiases(net, random);
        int n = 5;
        LayerWorkspace ws = net.workspace(n);
        double[] target = new double[4 * n];
        for (int i = 0; i < target.length; i++) {
            target[i] = random.nextGaussian();
        }
        System.arraycopy(target, 0, ws.input(), 0, target.length);
        corruption.apply(ws.input(), target.length, new SplittableRandom(5));
        double[][][] g = FiniteDifferences.buffers(net);
        net.lossAndGradients(ws, target, n, WEIGHT_DECAY, g[0], g[1], false);
        double[][][] scratch = FiniteDifferences.buffers(net);
        DoubleSupplier loss =
                () ->
                        net.lossAndGradients(
                                        ws, target, n, WEIGHT_DECAY, scratch[0], scratch[1], false)
                                + net.decayPenalty(WEIGHT_DECAY);
        for (int l = 0; l < net.layers(); l++) {
            FiniteDifferences.check(net.weights[l], g[0][l], loss, "W" + l);
            FiniteDifferences.check(net.biases[l], g[1][l], loss, "b" + l);
        }
    }
}
