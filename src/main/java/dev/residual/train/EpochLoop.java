package dev.residual.train;

import java.util.SplittableRandom;

/**
 * One kind of autoencoder's training pass, as the trainer's early-stopping loop sees it: run an
 * epoch, then score the validation rows with the network that serving will run.
 */
interface EpochLoop {
    /** Runs one pass over the training rows; returns the mean training loss. */
    double run(SplittableRandom order);

    /**
     * The network model.onnx is exported from, as it stands after the last epoch. It may be the
     * trained network itself, so callers copy it to keep it.
     */
    DenseAutoencoder scoringNetwork();

    /**
     * Whether the loss being minimised is final, so that a validation improvement counts for early
     * stopping; a loop with a warm-up schedule says no until it is over.
     */
    default boolean settled() {
        return true;
    }
}
