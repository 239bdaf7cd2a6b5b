package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.residual.model.Manifest;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every pointwise kind must do: learn, separate anomalies, reproduce, and serve the same
 * contract. The windowed kinds (conv, lstm, gru) serve the windowed contract and have their own
 * tests.
 */
class AutoencoderKindsTest {
    private static final DenseAutoencoderTrainer.EpochListener QUIET = (e, t, v, r) -> {};

    private static DenseAutoencoderTrainer base() {
        return new DenseAutoencoderTrainer().seed(11).hidden(6, 3).epochs(40).batchSize(64);
    }

    private static Retrain retrain(ModelKind kind) {
        return new Retrain(trainer(kind, base()), 11, 0.2, 0.995);
    }

    @ParameterizedTest
    @EnumSource(names = {"DENSE", "DENOISING", "VAE"})
    void sameSeedAndDataGiveIdenticalModelBytes(ModelKind kind) throws IOException {
        SyntheticHistory history = new SyntheticHistory(600, 8, 3, 0.05, 1);
        Retrain small = new Retrain(trainer(kind, base().epochs(5)), 11, 0.2, 0.995);
        byte[] first = small.train(history, QUIET).modelOnnx();
        byte[] second = small.train(history, QUIET).modelOnnx();
        assertThat(second).isEqualTo(first);
        AutoencoderTrainer otherSeed = trainer(kind, base().epochs(5).seed(12));
        assertThat(new Retrain(otherSeed, 11, 0.2, 0.995).train(history, QUIET).modelOnnx())
                .isNotEqualTo(first);
    }

    @ParameterizedTest
    @EnumSource(names = {"DENSE", "DENOISING", "VAE"})
    void learnsCorrelatedStructureFarBelowTheDataVariance(ModelKind kind) throws IOException {
        TrainedAutoencoder model =
                retrain(kind).train(new SyntheticHistory(2000, 8, 3, 0.05, 2), QUIET).model();
        // Predicting the training mean scores 1.0 in scaled units; a rank-3 latent code recovers
        // almost everything of rank-3 data.
        double last = model.validationLoss().get(model.epochsRun() - 1);
        assertThat(last).isLessThan(0.1);
        assertThat(model.validationLoss().get(0)).isGreaterThan(last);
    }

    @ParameterizedTest
    @EnumSource(names = {"DENSE", "DENOISING", "VAE"})
    void anomalousRowsScoreHigherThanNormalOnes(ModelKind kind) throws IOException {
        SyntheticHistory history = new SyntheticHistory(2000, 8, 3, 0.05, 3);
        RetrainedModel retrained = retrain(kind).train(history, QUIET);
        double[][] normal = new SyntheticHistory(200, 8, 3, 0.05, 3, 33).rows();
        double[][] broken = new double[normal.length][];
        for (int r = 0; r < normal.length; r++) {
            broken[r] = normal[r].clone();
            // Break the correlation: one feature moves by a few of its own standard deviations.
            int f = r % 8;
            broken[r][f] += 4 * retrained.model().scaler().std()[f];
        }
        AutoencoderScorer scorer = retrained.model().scorer();
        double[] normalScores = scorer.scores(SyntheticHistory.toFloats(normal));
        double[] brokenScores = scorer.scores(SyntheticHistory.toFloats(broken));
        double threshold = retrained.manifest().calibration.threshold;
        int caught = 0;
        for (int r = 0; r < normal.length; r++) {
            assertThat(brokenScores[r]).isGreaterThan(normalScores[r]);
            caught += brokenScores[r] > threshold ? 1 : 0;
        }
        assertThat(caught).isGreaterThan(normal.length * 9 / 10);
    }

    @ParameterizedTest
    @EnumSource(names = {"DENSE", "DENOISING", "VAE"})
    void servesTheDenseContractWithinParityAndDescribesItsKind(ModelKind kind) throws Exception {
        DenseAutoencoderTrainer base =
                new DenseAutoencoderTrainer().seed(5).hidden(5, 2).epochs(15).batchSize(64);
        RetrainedModel retrained =
                new Retrain(trainer(kind, base), 5, 0.25, 0.99)
                        .train(new SyntheticHistory(800, 6, 2, 0.1, 5), QUIET);
        RetrainTest.assertParityOnHeldOutRows(retrained);
        try (OrtSession session =
                OrtEnvironment.getEnvironment().createSession(retrained.modelOnnx())) {
            assertThat(session.getInputNames()).containsExactly(OnnxExport.INPUT);
            assertThat(session.getOutputNames()).containsExactlyElementsOf(OnnxExport.OUTPUTS);
        }
        Manifest m = retrained.manifest();
        assertThat(m.kind).isEqualTo(kind.label());
        assertThat(m.modelId).startsWith(kind.modelIdPrefix() + "/");
        assertThat(m.architecture).containsKeys(architectureKeys(kind));
        if (kind == ModelKind.VAE) {
            assertThat(m.architecture).containsEntry("kl_warmup", 5L).containsEntry("beta", 1.0);
            assertThat(m.architecture).containsEntry("decoder", Retrain.DECODER_FILE);
            assertThat(retrained.files()).containsKey(Retrain.DECODER_FILE);
        } else {
            // Only the variational kind has a prior to decode from.
            assertThat(m.architecture).doesNotContainKey("decoder");
            assertThat(retrained.files()).doesNotContainKey(Retrain.DECODER_FILE);
        }
        assertThat(m.provenance).containsEntry("trainer.seed", "5");
        retrained
                .model()
                .kindHyperparameters()
                .forEach((k, v) -> assertThat(m.provenance).containsEntry("trainer." + k, v));
    }

    @Test
    void vaeScoredByTheNegativeElboAddsItsKlTermWithinParity() throws Exception {
        DenseAutoencoderTrainer base =
                new DenseAutoencoderTrainer().seed(5).hidden(5, 2).epochs(15).batchSize(64);
        RetrainedModel retrained =
                new Retrain(
                                new VariationalAutoencoderTrainer(base).beta(1.0).score("elbo"),
                                5,
                                0.25,
                                0.99)
                        .train(new SyntheticHistory(800, 6, 2, 0.1, 5), QUIET);
        RetrainTest.assertParityOnHeldOutRows(retrained);
        assertThat(retrained.manifest().architecture).containsEntry("score", "elbo");
        DenseAutoencoder elbo = retrained.model().network();
        DenseAutoencoder reconstructionOnly = elbo.copy();
        reconstructionOnly.scoreWith(null);
        float[] rows = SyntheticHistory.toFloats(new SyntheticHistory(100, 6, 2, 0.1, 5, 7).rows());
        StandardScaler scaler = retrained.model().scaler();
        double[] withKl = new AutoencoderScorer(elbo, scaler).scores(rows);
        double[] without = new AutoencoderScorer(reconstructionOnly, scaler).scores(rows);
        for (int r = 0; r < withKl.length; r++) {
            assertThat(withKl[r]).isGreaterThan(without[r]);
        }
    }

    private static String[] architectureKeys(ModelKind kind) {
        switch (kind) {
            case DENOISING:
                return new String[] {"noise_std", "mask_fraction"};
            case VAE:
                return new String[] {"beta", "kl_warmup", "latent", "score"};
            default:
                return new String[] {"layers", "latent_dim"};
        }
    }

    /** The kind's trainer around the shared settings of {@code base}. */
    private static AutoencoderTrainer trainer(ModelKind kind, DenseAutoencoderTrainer base) {
        switch (kind) {
            case DENOISING:
                return base.corruption(new Corruption(0.1, 0.05));
            case VAE:
                return new VariationalAutoencoderTrainer(base).beta(1.0).klWarmup(5);
            default:
                return base;
        }
    }
}
