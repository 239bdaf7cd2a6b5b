package dev.residual.train;

import java.util.SplittableRandom;

/**
 * Recurrent {@link TrainingWork}: a {@link RecurrentAutoencoder} over generated minibatches of
 * windows, with the products computed by the simple or the blocked kernels.
 */
public final class RecurrentTrainingWork extends TrainingWork {
    private final RecurrentAutoencoder net;
    private final RecurrentAutoencoder.Workspace ws;
    private final double[][][] batches;

    /**
     * @param kind lstm or gru
     * @param blocked the blocked kernels (training's) or the simple ones (the reference)
     * @param windows windows in all, cut into minibatches of {@code batchSize}
     * @param seed of the weights and of the generated windows
     */
    public RecurrentTrainingWork(
            ModelKind kind,
            boolean blocked,
            int features,
            int window,
            int hidden,
            int windows,
            int batchSize,
            long seed) {
        this(
                RecurrentAutoencoder.initialise(
                        RecurrentCell.of(kind), features, window, hidden, seed),
                blocked,
                windows / batchSize,
                batchSize,
                seed);
    }

    private RecurrentTrainingWork(
            RecurrentAutoencoder net, boolean blocked, int batches, int batchSize, long seed) {
        super(net.parameters(), batches, batchSize);
        this.net = net;
        this.ws = net.workspace(batchSize, !blocked);
        this.batches = generate(batches, net.window(), net.features(), batchSize, seed);
    }

    /** Standard-normal-scaled windows of drifting sines with noise, feature-major per step. */
    private static double[][][] generate(
            int count, int window, int features, int batchSize, long seed) {
        SplittableRandom random = new SplittableRandom(seed + 1);
        double[][][] out = new double[count][window][features * batchSize];
        for (double[][] batch : out) {
            for (int b = 0; b < batchSize; b++) {
                double phase = random.nextDouble() * 2 * Math.PI;
                for (int t = 0; t < window; t++) {
                    for (int f = 0; f < features; f++) {
                        batch[t][f * batchSize + b] =
                                Math.sin(phase + 0.3 * t * (f + 1)) + 0.1 * random.nextGaussian();
                    }
                }
            }
        }
        return out;
    }

    @Override
    double pass(int batch, double[][] grads, double loss) {
        double[][] steps = batches[batch];
        for (int t = 0; t < steps.length; t++) {
            System.arraycopy(steps[t], 0, ws.steps[t], 0, steps[t].length);
        }
        return loss + net.lossAndGradients(ws, batchSize, grads);
    }
}
