package dev.residual.train;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains a {@link VariationalAutoencoder}: the shared settings (seed, layers, activation, epochs,
 * batch size, learning rate, weight decay, patience) and the early stopping come from a {@link
 * DenseAutoencoderTrainer}; this class adds the KL weight {@code beta} and its linear warm-up.
 *
 * <p>The model is served deterministically through its posterior mean ({@code z = mu}), so its
 * score is the mean squared reconstruction error of the decoded mean, comparable with the dense
 * kinds' scores and with no sampling noise in the alerts. With {@link #ELBO} the score adds the KL
 * term of the posterior, {@code beta / F * KL(q(z|x) || N(0, I))}: the negative ELBO without
 * sampling. Validation and early stopping use the chosen score.
 */
public final class VariationalAutoencoderTrainer implements AutoencoderTrainer, Configurable {
    /** Score by the decoded mean's reconstruction error alone (the default). */
    public static final String RECONSTRUCTION = "reconstruction";

    /** Score by the negative ELBO: reconstruction error plus {@code beta / F} times the KL. */
    public static final String ELBO = "elbo";

    @Config(description = "The shared training settings.")
    private DenseAutoencoderTrainer base = new DenseAutoencoderTrainer();

    @Config(description = "Weight of the KL term (per feature) against the reconstruction error.")
    private double beta = 1.0;

    @Config(description = "Epochs over which the KL weight rises linearly to beta (0: none).")
    private int klWarmup = 0;

    @Config(description = "Score: reconstruction (of the posterior mean) or elbo (plus beta KL).")
    private String score = RECONSTRUCTION;

    /** A trainer with the default hyperparameters. */
    public VariationalAutoencoderTrainer() {}

    /** Shared settings from {@code base}, which this trainer does not copy: later changes count. */
    public VariationalAutoencoderTrainer(DenseAutoencoderTrainer base) {
        this.base = base;
    }

    public VariationalAutoencoderTrainer beta(double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException("--beta must be >= 0, got " + value);
        }
        this.beta = value;
        return this;
    }

    public VariationalAutoencoderTrainer klWarmup(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("--kl-warmup must be >= 0 epochs, got " + epochs);
        }
        this.klWarmup = epochs;
        return this;
    }

    /** {@link #RECONSTRUCTION} or {@link #ELBO}. */
    public VariationalAutoencoderTrainer score(String value) {
        if (!RECONSTRUCTION.equals(value) && !ELBO.equals(value)) {
            throw new IllegalArgumentException(
                    "--vae-score must be " + RECONSTRUCTION + " or " + ELBO + ", got " + value);
        }
        this.score = value;
        return this;
    }

    @Override
    public TrainedAutoencoder train(
            TrainingData data,
            Split split,
            StandardScaler scaler,
            DenseAutoencoderTrainer.EpochListener listener) {
        return base.fit(
                data,
                split,
                scaler,
                listener,
                new KindLoop(
                        ModelKind.VAE,
                        getClass().getName(),
                        hyperparameters(),
                        s ->
                                new VaeEpoch(
                                        VariationalAutoencoder.initialise(
                                                s.features(), s.layers(), s.activation(), s.seed()),
                                        s.optimiser(),
                                        s.batches(),
                                        s.weightDecay(),
                                        beta,
                                        klWarmup,
                                        ELBO.equals(score),
                                        s.noise())));
    }

    private Map<String, String> hyperparameters() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("beta", Double.toString(beta));
        h.put("klWarmup", Integer.toString(klWarmup));
        h.put("latent", "mean");
        h.put("score", score);
        return h;
    }

    @Override
    public String toString() {
        return "VariationalAutoencoderTrainer(beta="
                + beta
                + ",klWarmup="
                + klWarmup
                + ",score="
                + score
                + ","
                + base.toString().substring(base.toString().indexOf('(') + 1);
    }
}
