package dev.residual.train;

import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecurrentAutoencoderGradientTest {
    /**
     * Every weight of both cells, through backpropagation over five steps, against central finite
     * differences of the loss; biases randomised so that no gradient is checked at a special point.
     */
    @ParameterizedTest
    @EnumSource(
            value = ModelKind.class,
            names = {"LSTM", "GRU"})
    void everyGradientThroughTimeMatchesCentralFiniteDifferences(ModelKind kind) {
        RecurrentAutoencoder net =
                RecurrentAutoencoder.initialise(RecurrentCell.of(kind), 3, 5, 4, 11);
        Random random = new Random(5);
        for (double[] b : new double[][] {net.bx, net.bh, net.bd}) {
            for (int i = 0; i < b.length; i++) {
                b[i] += 0.3 * random.nextGaussian();
            }
        }
        int n = 4;
        RecurrentAutoencoder.Workspace ws = net.workspace(n);
        for (double[] step : ws.steps) {
            for (int i = 0; i < 3 * n; i++) {
                step[i] = random.nextGaussian();
            }
        }
        double[][] grads = gradientBuffers(net);
        net.lossAndGradients(ws, n, grads);
        double[][] scratch = gradientBuffers(net);
        DoubleSupplier loss = () -> net.lossAndGradients(ws, n, scratch);
        String[] names = {"wx", "wh", "bx", "bh", "wd", "bd"};
        double[][] params = net.parameters();
        for (int i = 0; i < params.length; i++) {
            FiniteDifferences.check(params[i], grads[i], loss, names[i]);
        }
    }

    /** Zeroed arrays shaped as the network's parameters. */
    static double[][] gradientBuffers(RecurrentAutoencoder net) {
        double[][] params = net.parameters();
        double[][] g = new double[params.length][];
        for (int i = 0; i < params.length; i++) {
            g[i] = new double[params[i].length];
        }
        return g;
    }
}
