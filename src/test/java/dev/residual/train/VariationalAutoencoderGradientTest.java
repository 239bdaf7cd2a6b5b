package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VariationalAutoencoderGradientTest {
    private static final double WEIGHT_DECAY = 0.01;
    private static final double KL_WEIGHT = 0.7;

    /** Without noise, training's loss is what serving computes through the mean path. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void withoutNoiseTheLossIsTheMeanNetworksScore(Activation activation) {
        VariationalAutoencoder vae =
                VariationalAutoencoder.initialise(5, new int[] {4, 2}, activation, 9);
        FiniteDifferences.randomiseBiases(vae.encoder, new Random(1));
        int n = 6;
        VariationalAutoencoder.Workspace ws = vae.workspace(n);
        float[] rows = new float[5 * n];
        Random random = new Random(2);
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) random.nextGaussian();
        }
        for (int r = 0; r < n; r++) {
            for (int f = 0; f < 5; f++) {
                ws.input()[f * n + r] = rows[r * 5 + f];
            }
        }
        double[][][] g = FiniteDifferences.buffers(vae.encoder, vae.decoder);
        double loss = vae.lossAndGradients(ws, n, 0.0, 0.0, g[0], g[1]);
        StandardScaler identity =
                StandardScaler.fit(
                        new float[] {-1, -1, -1, -1, -1, 1, 1, 1, 1, 1},
                        names(5),
                        new int[] {0, 1});
        double served = new AutoencoderScorer(vae.meanNetwork(), identity).meanScore(rows);
        assertThat(served).isCloseTo(loss, offset(1e-12));
        // Scored by the negative ELBO, the served score is the loss with its KL term.
        double elboLoss = vae.lossAndGradients(ws, n, KL_WEIGHT, 0.0, g[0], g[1]);
        DenseAutoencoder elbo = vae.meanNetwork();
        elbo.scoreWith(vae.posteriorKl(KL_WEIGHT));
        double elboServed = new AutoencoderScorer(elbo, identity).meanScore(rows);
        assertThat(elboServed).isCloseTo(elboLoss, offset(1e-12));
    }

    private static List<String> names(int count) {
        return IntStream.range(0, count).mapToObj(i -> "f" + i).toList();
    }

    /**
     * The noise of the sample is drawn once and kept, so the loss is a deterministic function of
     * the weights: the gradient flows through the mean, the log-variance and both networks.
     */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void everyGradientMatchesCentralFiniteDifferencesForAFixedNoiseDraw(Activation activation) {
        VariationalAutoencoder vae =
                VariationalAutoencoder.initialise(4, new int[] {3, 2}, activation, 7);
        Random random = new Random(3);
        FiniteDifferences.randomiseBiases(vae.encoder, random);
        FiniteDifferences.randomiseBiases(vae.decoder, random);
        int n = 5;
        VariationalAutoencoder.Workspace ws = vae.workspace(n);
        for (int i = 0; i < 4 * n; i++) {
            ws.input()[i] = random.nextGaussian();
        }
        for (int i = 0; i < vae.latent() * n; i++) {
            ws.noise()[i] = random.nextGaussian();
        }
        double[][][] g = FiniteDifferences.buffers(vae.encoder, vae.decoder);
        vae.lossAndGradients(ws, n, KL_WEIGHT, WEIGHT_DECAY, g[0], g[1]);
        double[][][] scratch = FiniteDifferences.buffers(vae.encoder, vae.decoder);
        DoubleSupplier loss =
                () ->
                        vae.lossAndGradients(ws, n, KL_WEIGHT, WEIGHT_DECAY, scratch[0], scratch[1])
                                + vae.decayPenalty(WEIGHT_DECAY);
        int e = vae.encoder.layers();
        for (int l = 0; l < e; l++) {
            FiniteDifferences.check(vae.encoder.weights[l], g[0][l], loss, "encoder W" + l);
            FiniteDifferences.check(vae.encoder.biases[l], g[1][l], loss, "encoder b" + l);
        }
        for (int l = 0; l < vae.decoder.layers(); l++) {
            FiniteDifferences.check(vae.decoder.weights[l], g[0][e + l], loss, "decoder W" + l);
            FiniteDifferences.check(vae.decoder.biases[l], g[1][e + l], loss, "decoder b" + l);
        }
    }
}
