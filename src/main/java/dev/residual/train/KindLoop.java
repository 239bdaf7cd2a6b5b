package dev.residual.train;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.tribuo.math.StochasticGradientOptimiser;

/**
 * What one kind brings to the early-stopping loop that {@link DenseAutoencoderTrainer#fit} runs for
 * every kind: its name, the class that trains it, its own hyperparameters and how to build its
 * epoch loop from the shared settings.
 *
 * @param kind the manifest's kind
 * @param trainerClass the trainer named in the provenance
 * @param hyperparameters the kind's own settings, for provenance and architecture
 * @param factory builds the kind's network and epoch loop
 */
record KindLoop(
        ModelKind kind,
        String trainerClass,
        Map<String, String> hyperparameters,
        Function<Setup, EpochLoop> factory) {

    /**
     * The shared settings an epoch loop is built from.
     *
     * @param features input width
     * @param layers encoder sizes down to the latent size
     * @param activation hidden activation
     * @param seed seed of the weight initialisation
     * @param weightDecay L2 penalty on the weights
     * @param optimiser the optimiser, not yet initialised
     * @param batches the training rows in minibatches
     * @param noise the seeded stream for the kind's own random draws (corruption, sampling)
     */
    record Setup(
            int features,
            int[] layers,
            Activation activation,
            long seed,
            double weightDecay,
            StochasticGradientOptimiser optimiser,
            RowBatches batches,
            SplittableRandom noise) {}
}
