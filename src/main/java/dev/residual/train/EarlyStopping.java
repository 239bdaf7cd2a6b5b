package dev.residual.train;

import java.util.SplittableRandom;

/**
 * Runs a kind's epochs until the validation score has not improved for {@code patience} epochs or
 * the epoch limit is reached, and keeps the best epoch's network. Epochs of a loop that has not
 * {@link EpochLoop#settled() settled} (a warm-up) always become the best so far and never count
 * against patience: their loss is not yet the one being minimised.
 */
final class EarlyStopping {
    /** A relative improvement below this does not reset the patience counter. */
    private static final double MIN_IMPROVEMENT = 1e-4;

    private final int epochs;
    private final int patience;

    EarlyStopping(int epochs, int patience) {
        this.epochs = epochs;
        this.patience = patience;
    }

    /**
     * Trains with {@code loop}, validating on the raw rows {@code validation}; records every
     * epoch's losses in {@code result}.
     *
     * @return the best epoch's scoring network
     */
    DenseAutoencoder run(
            EpochLoop loop,
            SplittableRandom order,
            StandardScaler scaler,
            float[] validation,
            int trainRows,
            DenseAutoencoderTrainer.EpochListener listener,
            TrainedAutoencoder.Builder result) {
        DenseAutoencoder best = loop.scoringNetwork().copy();
        double bestLoss = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        for (int epoch = 1; epoch <= epochs && sinceBest < patience; epoch++) {
            long epochStart = System.nanoTime();
            double trainLoss = loop.run(order);
            DenseAutoencoder current = loop.scoringNetwork();
            double valLoss = new AutoencoderScorer(current, scaler).meanScore(validation);
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            result.epoch(trainLoss, valLoss);
            listener.epochEnded(epoch, trainLoss, valLoss, trainRows / seconds);
            if (!loop.settled() || valLoss < bestLoss * (1.0 - MIN_IMPROVEMENT)) {
                bestLoss = loop.settled() ? valLoss : Double.POSITIVE_INFINITY;
                best = current.copy();
                sinceBest = 0;
            } else {
                sinceBest++;
            }
        }
        return best;
    }
}
