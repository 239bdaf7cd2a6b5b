package dev.residual.train;

/**
 * A trained recurrent autoencoder: the network of the best epoch, how its score reduces the window,
 * and the summary (scaler, feature order, loss curves, provenance) that every kind's bundle needs.
 *
 * @param network the encoder-decoder of the epoch with the lowest validation loss
 * @param windowScore how score and feature_errors reduce the window
 * @param summary losses, counts (of windows) and provenance; its dense network is null
 */
public record TrainedRecurrent(
        RecurrentAutoencoder network, WindowScore windowScore, TrainedAutoencoder summary) {
    /** A scorer running this network's Java forward pass. */
    public RecurrentScorer scorer() {
        return new RecurrentScorer(network, summary.scaler(), windowScore);
    }
}
