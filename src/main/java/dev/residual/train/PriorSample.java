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
        return draw(rows, latent, new SplittableRandom(seed));
    }

    /**
     * The next {@code rows} codes of {@code random}'s draws: codes drawn a batch at a time from one
     * generator are those {@link #draw(int, int, long)} gives at once for its seed.
     */
    public static float[] draw(int rows, int latent, SplittableRandom random) {
        float[] codes = new float[Math.multiplyExact(rows, latent)];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (float) random.nextGaussian();
        }
        return codes;
    }
}
