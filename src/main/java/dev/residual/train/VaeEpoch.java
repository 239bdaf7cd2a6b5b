package dev.residual.train;

import java.util.SplittableRandom;
import org.tribuo.math.StochasticGradientOptimiser;

/**
 * One pass of variational training: the minibatches of {@link RowBatches}, a fresh standard normal
 * draw for every sample from the seeded {@code noise} stream, and a KL weight that rises linearly
 * from {@code beta / warmup} to {@code beta} over the first {@code warmup} epochs (so that the
 * decoder learns to use the code before the prior pulls the posterior towards it).
 */
final class VaeEpoch implements EpochLoop {
    private final VariationalAutoencoder vae;
    private final GradientStep gradients;
    private final RowBatches batches;
    private final double weightDecay;
    private final double beta;
    private final int warmup;
    private final boolean elboScore;
    private final SplittableRandom noise;
    private final VariationalAutoencoder.Workspace ws;
    private int epoch;
    private double klWeight;

    VaeEpoch(
            VariationalAutoencoder vae,
            StochasticGradientOptimiser optimiser,
            RowBatches batches,
            double weightDecay,
            double beta,
            int warmup,
            boolean elboScore,
            SplittableRandom noise) {
        this.vae = vae;
        this.gradients = new GradientStep(optimiser, vae.encoder, vae.decoder);
        this.batches = batches;
        this.weightDecay = weightDecay;
        this.beta = beta;
        this.warmup = warmup;
        this.elboScore = elboScore;
        this.noise = noise;
        this.ws = vae.workspace(batches.batchSize());
    }

    @Override
    public double run(SplittableRandom order) {
        epoch++;
        klWeight = warmup > 0 ? beta * Math.min(1.0, (double) epoch / warmup) : beta;
        return batches.epoch(order, ws.input(), this::step);
    }

    private double step(int n) {
        for (int i = 0, m = n * vae.latent(); i < m; i++) {
            ws.noise[i] = noise.nextGaussian();
        }
        double loss =
                vae.lossAndGradients(
                        ws, n, klWeight, weightDecay, gradients.weightGrads, gradients.biasGrads);
        gradients.descend();
        return loss;
    }

    /**
     * A fresh mean network after every epoch, with the KL term if the score is the negative ELBO:
     * what serving would run now.
     */
    @Override
    public DenseAutoencoder scoringNetwork() {
        DenseAutoencoder net = vae.meanNetwork();
        if (elboScore) {
            net.scoreWith(vae.posteriorKl(beta));
        }
        return net;
    }

    /** Early stopping waits for the full KL weight: before it the model is not yet the VAE. */
    @Override
    public boolean settled() {
        return epoch >= warmup;
    }
}
