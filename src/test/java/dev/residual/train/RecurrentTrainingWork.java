package dev.residual.train;

import java.util.SplittableRandom;

/**
 * A fixed amount of recurrent training work for benchmarks: the forward and backward passes (loss
 * and gradients, no optimiser step) of a {@link RecurrentAutoencoder} over generated minibatches of
 * windows, with the products computed by the simple or the blocked kernels. Every run does the same
 * arithmetic on the same data, so runs of the two kinds of kernels can be timed against each other
 * and their gradients compared bit for bit.
 */
public final class RecurrentTrainingWork {
    private final RecurrentAutoencoder net;
    private final RecurrentAutoencoder.Workspace ws;
    private final double[][][] batches;
    private final double[][] grads;
    private final double[][] sums;
    private final int batchSize;

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
        this.net =
                RecurrentAutoencoder.initialise(
                        RecurrentCell.of(kind), features, window, hidden, seed);
        this.batchSize = batchSize;
        this.ws = net.workspace(batchSize, !blocked);
        this.batches = generate(windows / batchSize, window, features, batchSize, seed);
        double[][] parameters = net.parameters();
        this.grads = new double[parameters.length][];
        this.sums = new double[parameters.length][];
        for (int i = 0; i < parameters.length; i++) {
            grads[i] = new double[parameters[i].length];
            sums[i] = new double[parameters[i].length];
        }
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

    /** Windows one {@link #run} passes over. */
    public int windows() {
        return batches.length * batchSize;
    }

    /**
     * Forward and backward over every minibatch; the gradients are summed into {@link
     * #gradientSums()}.
     *
     * @return the sum of the minibatches' losses
     */
    public double run() {
        double loss = 0.0;
        for (double[][] batch : batches) {
            for (int t = 0; t < batch.length; t++) {
                System.arraycopy(batch[t], 0, ws.steps[t], 0, batch[t].length);
            }
            loss += net.lossAndGradients(ws, batchSize, grads);
            for (int i = 0; i < grads.length; i++) {
                for (int j = 0; j < grads[i].length; j++) {
                    sums[i][j] += grads[i][j];
                }
            }
        }
        return loss;
    }

    /** The gradients of all runs so far, summed per weight. */
    public double[][] gradientSums() {
        return sums;
    }
}
