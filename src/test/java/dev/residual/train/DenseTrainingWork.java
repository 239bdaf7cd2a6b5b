package dev.residual.train;

import java.util.SplittableRandom;

/**
 * Dense {@link TrainingWork}: a {@link DenseAutoencoder} over generated minibatches of rows, with
 * the products computed by the simple or the blocked kernels.
 */
public final class DenseTrainingWork extends TrainingWork {
    private final DenseAutoencoder net;
    private final LayerWorkspace ws;
    private final double[][] batches;

    /**
     * @param hidden the encoder's layer sizes, the last the bottleneck's
     * @param blocked the blocked kernels (training's) or the simple ones (the reference)
     * @param rows rows in all, cut into minibatches of {@code batchSize}
     * @param seed of the weights and of the generated rows
     */
    public DenseTrainingWork(
            int features, int[] hidden, boolean blocked, int rows, int batchSize, long seed) {
        this(
                DenseAutoencoder.initialise(features, hidden, Activation.TANH, seed),
                blocked,
                rows,
                batchSize,
                seed);
    }

    private DenseTrainingWork(
            DenseAutoencoder net, boolean blocked, int rows, int batchSize, long seed) {
        super(gradientShapes(net), rows / batchSize, batchSize);
        this.net = net;
        this.ws = net.workspace(batchSize, !blocked);
        int features = net.weights[0].length / net.biases[0].length;
        SplittableRandom random = new SplittableRandom(seed + 1);
        this.batches = new double[rows / batchSize][features * batchSize];
        for (double[] batch : batches) {
            for (int i = 0; i < batch.length; i++) {
                batch[i] = Math.sin(0.1 * i) + 0.3 * random.nextGaussian();
            }
        }
    }

    /** The weight gradients' arrays, then the biases'. */
    private static double[][] gradientShapes(DenseAutoencoder net) {
        double[][][] g = FiniteDifferences.buffers(net);
        double[][] shapes = new double[g[0].length + g[1].length][];
        System.arraycopy(g[0], 0, shapes, 0, g[0].length);
        System.arraycopy(g[1], 0, shapes, g[0].length, g[1].length);
        return shapes;
    }

    @Override
    double pass(int batch, double[][] grads, double loss) {
        int layers = net.layers();
        System.arraycopy(batches[batch], 0, ws.input(), 0, batches[batch].length);
        return loss
                + net.lossAndGradients(
                        ws,
                        batchSize,
                        0.0,
                        java.util.Arrays.copyOfRange(grads, 0, layers),
                        java.util.Arrays.copyOfRange(grads, layers, 2 * layers));
    }
}
