package dev.residual.train;

/**
 * A trainer of a windowed kind (conv, lstm, gru): what {@link WindowedRetrain} needs to cut the
 * history and train on it.
 */
public interface WindowedTrainer {
    /** Rows per window, W. */
    int window();

    /** How score and feature_errors reduce the window. */
    WindowScore windowScore();

    /** Trains on the training windows of {@code history}, validating on its validation windows. */
    WindowedNetwork train(WindowedHistory history, DenseAutoencoderTrainer.EpochListener listener);
}
