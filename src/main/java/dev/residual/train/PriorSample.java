package dev.residual.train;

import java.util.SplittableRandom;

/**
 * Draws from a variational autoencoder's prior, the standard normal N(0, I) over the latent code.
 * Seeded, so that the same seed gives the same codes: the parity check of decoder.onnx and {@code
 * residual generate} both draw here.
 */
public final class PriorSample {
    private PriorSample() {}

    /** {@code rows} codes of {@code latent} values each, row-major. */
    public static float[] draw(int rows, int latent, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] codes = new float[rows * latent];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (float) random.nextGaussian();
        }
        return codes;
    }
}
