package dev.residual.train;

import org.tribuo.math.StochasticGradientOptimiser;

/**
 * The gradient buffers of one or more networks and the Tribuo optimiser that steps their weights:
 * an epoch loop fills {@link #weightGrads} and {@link #biasGrads} with a batch's loss gradient,
 * then calls {@link #descend()}. Buffers are allocated once, for the whole training run.
 */
final class GradientStep {
    final double[][] weightGrads;
    final double[][] biasGrads;
    private final AutoencoderParameters parameters;
    private final StochasticGradientOptimiser optimiser;

    /** Initialises {@code optimiser} on the weights of {@code nets}, in that order. */
    GradientStep(StochasticGradientOptimiser optimiser, DenseAutoencoder... nets) {
        this.parameters = new AutoencoderParameters(nets);
        this.optimiser = optimiser;
        double[][][] grads = parameters.gradientBuffers();
        this.weightGrads = grads[0];
        this.biasGrads = grads[1];
        optimiser.initialise(parameters);
    }

    /** One optimiser step down the loss gradient in the buffers, added to the weights. */
    void descend() {
        parameters.update(optimiser.step(parameters.ascentDirection(weightGrads, biasGrads), 1.0));
    }
}
