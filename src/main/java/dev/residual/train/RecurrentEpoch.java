package dev.residual.train;

import java.util.SplittableRandom;

/**
 * One pass over the training windows of a {@link RecurrentAutoencoder} in a fresh random order, an
 * optimiser step per minibatch. Buffers are allocated once for the whole training run.
 */
final class RecurrentEpoch {
    private final RecurrentAutoencoder net;
    private final RecurrentParameters parameters;
    private final RecurrentScorer scaling;
    private final WindowedHistory history;
    private final int[] windows;
    private final int batchSize;
    private final RecurrentAutoencoder.Workspace ws;
    private final float[] batch;

    /**
     * @param history the rows, raw, and their windows
     * @param windows the training windows' indices; shuffled in place every epoch
     * @param scaling a scorer of the network, for its scaling of raw windows
     */
    RecurrentEpoch(
            RecurrentAutoencoder net,
            RecurrentParameters parameters,
            RecurrentScorer scaling,
            WindowedHistory history,
            int[] windows,
            int batchSize) {
        this.net = net;
        this.parameters = parameters;
        this.scaling = scaling;
        this.history = history;
        this.windows = windows;
        this.batchSize = Math.min(batchSize, windows.length);
        this.ws = net.workspace(this.batchSize);
        this.batch = new float[this.batchSize * net.window() * net.features()];
    }

    /** Runs the epoch; returns the mean over windows of the training loss. */
    double run(SplittableRandom order) {
        Split.shuffle(windows, windows.length, order);
        double sum = 0.0;
        for (int from = 0; from < windows.length; from += batchSize) {
            int n = Math.min(batchSize, windows.length - from);
            history.windows()
                    .gatherInto(history.data().values(), net.features(), windows, from, n, batch);
            scaling.scaleInto(batch, 0, n, ws.steps);
            sum += n * net.lossAndGradients(ws, n, parameters.gradients());
            parameters.descend();
        }
        return sum / windows.length;
    }
}
