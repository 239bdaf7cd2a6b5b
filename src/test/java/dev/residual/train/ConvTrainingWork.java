package dev.residual.train;

import java.util.SplittableRandom;

/**
 * Convolutional {@link TrainingWork}: a {@link ConvAutoencoder} over generated minibatches of
 * windows, either one sample at a time by {@link ConvReference}'s loops (before) or a minibatch at
 * a time by the batched passes (after).
 */
public final class ConvTrainingWork extends TrainingWork {
    private final ConvAutoencoder net;
    private final boolean batched;
    private final double[][][] batches;
    private final double[][] acts;
    private final double[][] deltas;
    private final ConvWorkspace ws;

    /**
     * @param net the network, whose weights are used as they are
     * @param batched the batched passes (training's) or the per-sample loops (the reference)
     * @param windows windows in all, cut into minibatches of {@code batchSize}
     * @param seed of the generated windows
     */
    public ConvTrainingWork(
            ConvAutoencoder net, boolean batched, int windows, int batchSize, long seed) {
        super(net.gradientBuffers(), windows / batchSize, batchSize);
        this.net = net;
        this.batched = batched;
        this.batches = generate(windows / batchSize, net.features(), net.window(), batchSize, seed);
        this.acts = ConvReference.workspace(net);
        this.deltas = ConvReference.workspace(net);
        this.ws = net.workspace(batchSize);
    }

    /** Windows of drifting sines with noise, {@code [batch][sample][c * W + t]}. */
    private static double[][][] generate(
            int count, int features, int window, int batchSize, long seed) {
        SplittableRandom random = new SplittableRandom(seed + 1);
        double[][][] out = new double[count][batchSize][features * window];
        for (double[][] batch : out) {
            for (double[] sample : batch) {
                double phase = random.nextDouble() * 2 * Math.PI;
                for (int c = 0; c < features; c++) {
                    for (int t = 0; t < window; t++) {
                        sample[c * window + t] =
                                Math.sin(phase + 0.3 * t * (c + 1)) + 0.1 * random.nextGaussian();
                    }
                }
            }
        }
        return out;
    }

    @Override
    double pass(int batch, double[][] grads, double loss) {
        return batched
                ? batchedPass(batches[batch], grads, loss)
                : perSamplePass(batches[batch], grads, loss);
    }

    private double perSamplePass(double[][] batch, double[][] grads, double loss) {
        for (double[] sample : batch) {
            System.arraycopy(sample, 0, acts[0], 0, sample.length);
            loss += ConvReference.lossAndGradients(net, acts, deltas, 1.0 / batchSize, grads);
        }
        return loss;
    }

    private double batchedPass(double[][] batch, double[][] grads, double loss) {
        double[][] input = ws.input();
        for (int b = 0; b < batchSize; b++) {
            for (int r = 0; r < input.length; r++) {
                input[r][b] = batch[b][r];
            }
        }
        net.lossAndGradients(ws, batchSize, 1.0 / batchSize, grads);
        for (int b = 0; b < batchSize; b++) {
            loss += ws.loss[b];
        }
        return loss;
    }
}
