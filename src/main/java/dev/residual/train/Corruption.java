package dev.residual.train;

import java.util.SplittableRandom;

/**
 * How the denoising kind corrupts a training batch before the network sees it: Gaussian noise of
 * standard deviation {@code noiseStd} and/or masking of a {@code maskFraction} share of the values,
 * both in scaled units. A masked value becomes 0, the training mean of its feature, so it carries
 * no information. The network is asked to reconstruct the clean batch, which makes it learn the
 * structure between features rather than the identity; scoring sees clean rows.
 *
 * @param noiseStd standard deviation of the added noise, 0 for none
 * @param maskFraction probability that a value is masked, in [0, 1)
 */
public record Corruption(double noiseStd, double maskFraction) {
    /** No corruption: the dense kind. */
    public static final Corruption NONE = new Corruption(0.0, 0.0);

    /** Checks the ranges. */
    public Corruption {
        if (!(noiseStd >= 0.0 && Double.isFinite(noiseStd))) {
            throw new IllegalArgumentException("--noise-std must be >= 0, got " + noiseStd);
        }
        if (!(maskFraction >= 0.0 && maskFraction < 1.0)) {
            throw new IllegalArgumentException(
                    "--mask-fraction must be in [0, 1), got " + maskFraction);
        }
    }

    /** Whether batches go to the network unchanged. */
    public boolean isNone() {
        return noiseStd == 0.0 && maskFraction == 0.0;
    }

    /**
     * Corrupts the first {@code count} values of {@code batch} in place, with draws from {@code
     * random} in a fixed order so that the same seed gives the same corruption.
     */
    void apply(double[] batch, int count, SplittableRandom random) {
        for (int i = 0; i < count; i++) {
            if (maskFraction > 0.0 && random.nextDouble() < maskFraction) {
                batch[i] = 0.0;
            } else if (noiseStd > 0.0) {
                batch[i] += noiseStd * random.nextGaussian();
            }
        }
    }
}
