package dev.residual.train;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A variational autoencoder (Kingma and Welling, 2014) of dense layers: an encoder from the
 * features to a Gaussian posterior over the latent code (a mean head and a log-variance head), a
 * sample {@code z = mu + exp(logvar / 2) * eps} (the reparameterisation trick, {@code eps} drawn by
 * the caller so that training stays seeded), and a decoder back to the features.
 *
 * <p>The encoder is one {@link DenseAutoencoder#stack} whose last, linear layer is {@code 2L} wide:
 * rows {@code 0..L-1} are the mean head, rows {@code L..2L-1} the log-variance head; in a
 * feature-major batch the means are the first {@code L * n} values and the log-variances the next.
 * The loss of a batch is the mean over rows of the reconstruction score (mean squared error over
 * features, as the dense kind) plus {@code klWeight} times the KL divergence from the standard
 * normal prior divided by the number of features, so that both terms are per feature like the score
 * (with {@code klWeight = 1} this is the negative ELBO of a Gaussian decoder of variance 1/2, up to
 * a constant and a factor F).
 */
public final class VariationalAutoencoder {
    final DenseAutoencoder encoder;
    final DenseAutoencoder decoder;
    private final int[] sizes;
    private final int latent;

    private VariationalAutoencoder(
            DenseAutoencoder encoder, DenseAutoencoder decoder, int[] sizes) {
        this.encoder = encoder;
        this.decoder = decoder;
        this.sizes = sizes;
        this.latent = sizes[sizes.length / 2];
    }

    /**
     * Glorot-uniform weights and zero biases drawn from {@code seed}.
     *
     * @param hidden encoder layer sizes ending with the latent size; the decoder mirrors them
     */
    public static VariationalAutoencoder initialise(
            int features, int[] hidden, Activation activation, long seed) {
        int[] sizes = DenseAutoencoder.mirrored(features, hidden);
        int middle = sizes.length / 2;
        int[] encoderSizes = Arrays.copyOf(sizes, middle + 1);
        encoderSizes[middle] = 2 * sizes[middle];
        int[] decoderSizes = Arrays.copyOfRange(sizes, middle, sizes.length);
        SplittableRandom random = new SplittableRandom(seed);
        return new VariationalAutoencoder(
                DenseAutoencoder.stack(encoderSizes, activation, random.nextLong()),
                DenseAutoencoder.stack(decoderSizes, activation, random.nextLong()),
                sizes);
    }

    public int features() {
        return sizes[0];
    }

    public int latent() {
        return latent;
    }

    /** Buffers for batches of up to {@code maxBatch} rows; one per thread. */
    public Workspace workspace(int maxBatch) {
        return new Workspace(this, maxBatch);
    }

    /**
     * The deterministic network that serving runs: encoder to the mean head, decoder from the mean
     * ({@code z = mu}), with a linear latent layer. A copy: later training does not change it.
     */
    public DenseAutoencoder meanNetwork() {
        DenseAutoencoder net = DenseAutoencoder.withLinearLatent(sizes, encoder.activation());
        int heads = encoder.layers() - 1;
        for (int l = 0; l < heads; l++) {
            copyLayer(encoder, l, net, l, encoder.biases[l].length);
        }
        copyLayer(encoder, heads, net, heads, latent);
        for (int l = 0; l < decoder.layers(); l++) {
            copyLayer(decoder, l, net, heads + 1 + l, decoder.biases[l].length);
        }
        return net;
    }

    /**
     * The KL term of the negative-ELBO score: the log-variance head (rows {@code L..2L-1} of the
     * encoder's last layer), weighted by {@code beta / F} as in the training loss.
     */
    public PosteriorKl posteriorKl(double beta) {
        int heads = encoder.layers() - 1;
        int in = encoder.sizes()[heads];
        double[] w = Arrays.copyOfRange(encoder.weights[heads], latent * in, 2 * latent * in);
        double[] b = Arrays.copyOfRange(encoder.biases[heads], latent, 2 * latent);
        return new PosteriorKl(w, b, beta / features());
    }

    /** Copies the first {@code rows} output rows of layer {@code l} of {@code from}. */
    private static void copyLayer(
            DenseAutoencoder from, int l, DenseAutoencoder to, int target, int rows) {
        int in = from.sizes()[l];
        System.arraycopy(from.weights[l], 0, to.weights[target], 0, rows * in);
        System.arraycopy(from.biases[l], 0, to.biases[target], 0, rows);
    }

    /**
     * Forward and backward over the batch in {@code ws.input()} with the noise in {@code
     * ws.noise()}. Fills the gradients, encoder layers first, then decoder layers (the order of
     * {@code new AutoencoderParameters(encoder, decoder)}).
     *
     * @return the batch's mean loss (reconstruction plus weighted KL), without weight decay
     */
    double lossAndGradients(
            Workspace ws,
            int n,
            double klWeight,
            double weightDecay,
            double[][] wg,
            double[][] bg) {
        encoder.forward(ws.encoder, n);
        double[] heads = ws.encoder.output();
        double[] z = ws.decoder.input();
        int m = latent * n;
        for (int i = 0; i < m; i++) {
            z[i] = heads[i] + Math.exp(0.5 * heads[m + i]) * ws.noise[i];
        }
        int e = encoder.layers();
        int d = decoder.layers();
        double reconstruction =
                decoder.lossAndGradients(
                        ws.decoder,
                        ws.encoder.input(),
                        n,
                        weightDecay,
                        Arrays.copyOfRange(wg, e, e + d),
                        Arrays.copyOfRange(bg, e, e + d),
                        true);
        double kl = klGradients(ws, n, klWeight);
        encoder.backward(
                ws.encoder, n, weightDecay, Arrays.copyOf(wg, e), Arrays.copyOf(bg, e), false);
        return reconstruction + klWeight * kl / ((double) n * features());
    }

    /**
     * Fills the heads' deltas: the decoder's delta through the sample plus the KL term's own.
     *
     * @return the KL divergence summed over the batch
     */
    private double klGradients(Workspace ws, int n, double klWeight) {
        double[] heads = ws.encoder.output();
        double[] dz = ws.decoder.inputDelta();
        double[] delta = ws.encoder.outputDelta();
        double scale = klWeight / ((double) n * features());
        double kl = 0.0;
        for (int i = 0, m = latent * n; i < m; i++) {
            double mu = heads[i];
            double logVar = heads[m + i];
            double variance = Math.exp(logVar);
            kl += 0.5 * (mu * mu + variance - 1.0 - logVar);
            delta[i] = dz[i] + scale * mu;
            delta[m + i] =
                    0.5 * (dz[i] * ws.noise[i] * Math.sqrt(variance) + scale * (variance - 1.0));
        }
        return kl;
    }

    /** The decay term of the loss over both networks. */
    double decayPenalty(double weightDecay) {
        return encoder.decayPenalty(weightDecay) + decoder.decayPenalty(weightDecay);
    }

    /** Per-thread batch buffers: the encoder's, the decoder's and the sampling noise. */
    public static final class Workspace {
        final LayerWorkspace encoder;
        final LayerWorkspace decoder;
        final double[] noise;

        Workspace(VariationalAutoencoder vae, int maxBatch) {
            this.encoder = vae.encoder.workspace(maxBatch);
            this.decoder = vae.decoder.workspace(maxBatch);
            this.noise = new double[vae.latent * maxBatch];
        }

        /** The input batch, feature-major. */
        public double[] input() {
            return encoder.input();
        }

        /** The standard normal draws of the sample, latent-major: {@code noise()[k * n + b]}. */
        public double[] noise() {
            return noise;
        }

        public int maxBatch() {
            return encoder.maxBatch();
        }
    }
}
