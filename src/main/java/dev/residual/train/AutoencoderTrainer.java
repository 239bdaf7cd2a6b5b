package dev.residual.train;

/** Trains one kind of autoencoder on the training rows of a split, validating every epoch. */
public interface AutoencoderTrainer {
    /**
     * Trains on {@code split.train()} rows of {@code data}, validating on {@code
     * split.validation()} after every epoch.
     */
    TrainedAutoencoder train(
            TrainingData data,
            Split split,
            StandardScaler scaler,
            DenseAutoencoderTrainer.EpochListener listener);
}
