package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.residual.model.Manifest;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code --score reconstruction+latent} on the dense kinds: the latent distance is fitted on the
 * training rows, computed in the exported graph within parity, described in the manifest, and flags
 * rows whose code moves far along a real direction of the data.
 */
class LatentScoreTest {
    private static final DenseAutoencoderTrainer.EpochListener QUIET = (e, t, v, r) -> {};

    /** Three latent factors, the third real but small: rows may move far along it. */
    private static final double[] LATENT_STD = {1, 1, 0.1};

    private static final double VALIDATION = 0.25;
    private static final long SPLIT_SEED = 5;

    private static SyntheticHistory history(double[] latentStd, int rows, long rowSeed) {
        return new SyntheticHistory(rows, 8, latentStd, 0.05, 2, rowSeed);
    }

    private static Retrain retrain(ModelKind kind, ScoreKind score, int epochs) {
        DenseAutoencoderTrainer base =
                new DenseAutoencoderTrainer().seed(11).hidden(6, 3).epochs(epochs);
        AutoencoderTrainer trainer =
                switch (kind) {
                    case DENOISING -> base.corruption(new Corruption(0.1, 0.05));
                    case VAE -> new VariationalAutoencoderTrainer(base).beta(1.0).klWarmup(5);
                    default -> base;
                };
        return new Retrain(trainer, SPLIT_SEED, VALIDATION, 0.99).score(score);
    }

    @ParameterizedTest
    @EnumSource(names = {"DENSE", "DENOISING", "VAE"})
    void t2AveragesTheCodeWidthOnTheTrainingRowsAndTheManifestSaysSo(ModelKind kind)
            throws IOException {
        SyntheticHistory history = history(LATENT_STD, 2000, 2);
        RetrainedModel model =
                retrain(kind, ScoreKind.RECONSTRUCTION_LATENT, 40).train(history, QUIET);
        LatentDistance d = model.model().network().latentDistance();
        assertThat(d.flooredDimensions()).isZero();
        // The training rows as Retrain split them: the code statistics never saw validation.
        float[] train =
                Split.gather(
                        SyntheticHistory.toFloats(history.rows()),
                        8,
                        Split.of(2000, VALIDATION, SPLIT_SEED).train());
        AutoencoderScorer.Result pass = reconstructionOnly(model).score(train);
        double sum = 0;
        for (int r = 0; r < train.length / 8; r++) {
            sum += d.t2(pass.latent, r * 3, 1);
        }
        assertThat(sum / (train.length / 8)).isCloseTo(3.0, offset(1e-3));
        assertThat(d.t2Mean()).isCloseTo(3.0, offset(1e-3));
        assertThat(d.scoreMean())
                .isCloseTo(Arrays.stream(pass.score).average().orElseThrow(), offset(1e-6));

        Manifest m = model.manifest();
        assertThat(m.score).isEqualTo("reconstruction+latent");
        assertThat(m.latentScore.latentDim).isEqualTo(3);
        assertThat(m.latentScore.rows).isEqualTo(1500);
        assertThat(m.latentScore.t2Mean).isEqualTo(d.t2Mean());
        assertThat(m.latentScore.reconstructionMean).isEqualTo(d.scoreMean());
        assertThat(m.latentScore.eigenvalueFloor).isEqualTo(LatentDistance.EIGENVALUE_FLOOR);
    }

    @ParameterizedTest
    @EnumSource(names = {"DENSE", "DENOISING", "VAE"})
    void exportedCombinedScoreMatchesTheJavaForwardPassAndSplitsIntoItsTwoTerms(ModelKind kind)
            throws IOException {
        RetrainedModel model =
                retrain(kind, ScoreKind.RECONSTRUCTION_LATENT, 15)
                        .train(history(LATENT_STD, 800, 3), QUIET);
        // Normal rows and rows far along the small factor: the T² term spans two orders.
        float[] rows =
                concat(
                        SyntheticHistory.toFloats(history(LATENT_STD, 200, 30).rows()),
                        SyntheticHistory.toFloats(
                                history(new double[] {1, 1, 0.8}, 200, 31).rows()));
        AutoencoderScorer scorer = model.model().scorer();
        double[] ort = ParityCheck.verifyModel(model.modelOnnx(), scorer, rows, 8);
        ParityCheck.verifyEncoder(model.files().get(Retrain.ENCODER_FILE), scorer, rows, 8);
        AutoencoderScorer.Result plain = reconstructionOnly(model).score(rows);
        LatentDistance d = model.model().network().latentDistance();
        for (int r = 0; r < ort.length; r++) {
            double expected =
                    plain.score[r] / d.scoreMean() + d.t2(plain.latent, r * 3, 1) / d.t2Mean();
            assertThat(ort[r]).isCloseTo(expected, offset(1e-5 * Math.max(1, expected)));
        }
        // Attribution stays per feature: the graph's feature errors are reconstruction's.
        assertThat(scorer.score(rows).featureErrors).containsExactly(plain.featureErrors);
    }

    @ParameterizedTest
    @EnumSource(names = {"DENSE", "DENOISING", "VAE"})
    void latentTermFlagsRowsFarAlongASmallButRealDirection(ModelKind kind) throws IOException {
        RetrainedModel model =
                retrain(kind, ScoreKind.RECONSTRUCTION_LATENT, 40)
                        .train(history(LATENT_STD, 2000, 2), QUIET);
        LatentDistance d = model.model().network().latentDistance();
        AutoencoderScorer plain = reconstructionOnly(model);
        double normal = medianLatentTerm(d, plain, history(LATENT_STD, 200, 8));
        // Eight of its own standard deviations along the third factor.
        double far = medianLatentTerm(d, plain, history(new double[] {1, 1, 0.8}, 200, 8));
        // The term averages 1 on normal rows; far along the factor, most rows score over twice
        // that, and three times the normal rows' median.
        assertThat(normal).isBetween(0.3, 1.5);
        assertThat(far).isGreaterThan(2).isGreaterThan(3 * normal);
    }

    @ParameterizedTest
    @EnumSource(names = {"DENSE", "DENOISING", "VAE"})
    void sameSeedGivesTheSameBytesAndTheDefaultScoreKeepsTodaysBytes(ModelKind kind)
            throws IOException {
        SyntheticHistory history = history(LATENT_STD, 600, 4);
        byte[] combined =
                retrain(kind, ScoreKind.RECONSTRUCTION_LATENT, 5).train(history, QUIET).modelOnnx();
        assertThat(
                        retrain(kind, ScoreKind.RECONSTRUCTION_LATENT, 5)
                                .train(history, QUIET)
                                .modelOnnx())
                .isEqualTo(combined);
        DenseAutoencoderTrainer base =
                new DenseAutoencoderTrainer().seed(11).hidden(6, 3).epochs(5);
        byte[] untouched =
                retrain(kind, ScoreKind.RECONSTRUCTION, 5).train(history, QUIET).modelOnnx();
        assertThat(untouched).isNotEqualTo(combined);
        // A Retrain never told about scores writes the bytes it wrote before the option.
        Retrain unset =
                new Retrain(
                        kind == ModelKind.DENSE
                                ? base
                                : kind == ModelKind.DENOISING
                                        ? base.corruption(new Corruption(0.1, 0.05))
                                        : new VariationalAutoencoderTrainer(base)
                                                .beta(1.0)
                                                .klWarmup(5),
                        SPLIT_SEED,
                        VALIDATION,
                        0.99);
        RetrainedModel old = unset.train(history, QUIET);
        assertThat(old.modelOnnx()).isEqualTo(untouched);
        assertThat(old.manifest().score).isEqualTo("reconstruction");
        assertThat(old.manifest().latentScore).isNull();
    }

    /** The model's network without the latent distance: the reconstruction score alone. */
    private static AutoencoderScorer reconstructionOnly(RetrainedModel model) {
        return new AutoencoderScorer(
                model.model().network().withLatentDistance(null), model.model().scaler());
    }

    private static double medianLatentTerm(
            LatentDistance d, AutoencoderScorer scorer, SyntheticHistory rows) {
        double[] latent = scorer.score(SyntheticHistory.toFloats(rows.rows())).latent;
        double[] terms = new double[latent.length / d.latent()];
        for (int r = 0; r < terms.length; r++) {
            terms[r] = d.t2(latent, r * d.latent(), 1) / d.t2Mean();
        }
        Arrays.sort(terms);
        return terms[terms.length / 2];
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
