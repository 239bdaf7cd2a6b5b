package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.residual.model.Manifest;
import dev.residual.model.ModelBundle;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrainTest {
    private static RetrainedModel retrained;

    @BeforeAll
    static void train() throws Exception {
        DenseAutoencoderTrainer trainer =
                new DenseAutoencoderTrainer().seed(5).hidden(5, 2).epochs(15).batchSize(64);
        retrained =
                new Retrain(trainer, 5, 0.25, 0.99)
                        .train(new SyntheticHistory(800, 6, 2, 0.1, 5), (e, t, v, r) -> {});
    }

    @Test
    void onnxRuntimeMatchesJavaForwardPassOnHeldOutData() {
        assertParityOnHeldOutRows(retrained);
    }

    /**
     * model.onnx and encoder.onnx agree with the Java forward pass on rows training never saw; a
     * VAE's decoder.onnx agrees with the Java decoder on draws from the prior no check has used.
     */
    static void assertParityOnHeldOutRows(RetrainedModel model) {
        float[] heldOut =
                SyntheticHistory.toFloats(new SyntheticHistory(300, 6, 2, 0.1, 5, 99).rows());
        AutoencoderScorer scorer = model.model().scorer();
        double[] ort = ParityCheck.verifyModel(model.modelOnnx(), scorer, heldOut, 6);
        ParityCheck.verifyEncoder(model.files().get(Retrain.ENCODER_FILE), scorer, heldOut, 6);
        byte[] decoder = model.files().get(Retrain.DECODER_FILE);
        if (decoder != null) {
            int latent = ((Number) model.manifest().architecture.get("latent_dim")).intValue();
            ParityCheck.verifyDecoder(decoder, scorer, PriorSample.draw(300, latent, 99), latent);
        }
        double[] java = scorer.scores(heldOut);
        for (int r = 0; r < java.length; r++) {
            assertThat(ort[r]).isCloseTo(java[r], offset(1e-5 * Math.max(1.0, java[r])));
        }
    }

    @Test
    void rowsFarOutsideTheTrainingDataPassWhileAnotherModelsGraphFails() throws Exception {
        // Rows hundreds of standard deviations out, as ODDS shuttle has: float32 rounding grows
        // with the inputs, which the tolerance follows, row by row.
        float[] farOut =
                SyntheticHistory.toFloats(new SyntheticHistory(50, 6, 2, 0.1, 5, 98).rows());
        for (int i = 0; i < farOut.length; i++) {
            farOut[i] *= 300;
        }
        AutoencoderScorer scorer = retrained.model().scorer();
        double[] ort = ParityCheck.verifyModel(retrained.modelOnnx(), scorer, farOut, 6);
        assertThat(ort).hasSize(50);
        // The tolerance does not hide a different network: another seed's scorer disagrees.
        RetrainedModel other =
                new Retrain(
                                new DenseAutoencoderTrainer()
                                        .seed(6)
                                        .hidden(5, 2)
                                        .epochs(15)
                                        .batchSize(64),
                                6,
                                0.25,
                                0.99)
                        .train(new SyntheticHistory(800, 6, 2, 0.1, 5), (e, t, v, r) -> {});
        assertThatThrownBy(
                        () ->
                                ParityCheck.verifyModel(
                                        retrained.modelOnnx(), other.model().scorer(), farOut, 6))
                .isInstanceOf(ParityCheck.ParityException.class);
    }

    @Test
    void graphHasTheContractedInputAndOutputs() throws Exception {
        try (OrtSession session =
                OrtEnvironment.getEnvironment().createSession(retrained.modelOnnx())) {
            assertThat(session.getInputNames()).containsExactly(OnnxExport.INPUT);
            assertThat(session.getOutputNames()).containsExactlyElementsOf(OnnxExport.OUTPUTS);
            assertThat(session.getMetadata().getCustomMetadata())
                    .containsEntry("trainer.seed", "5");
        }
    }

    @Test
    void thresholdIsTheQuantileOfValidationScores() {
        Manifest.Calibration c = retrained.manifest().calibration;
        double[] sorted = retrained.validationScores().clone();
        Arrays.sort(sorted);
        assertThat(c.rows).isEqualTo(200);
        assertThat(c.thresholdQuantile).isEqualTo(0.99);
        // Linear interpolation between order statistics at (n - 1) q = 197.01.
        double expected = sorted[197] + 0.01 * (sorted[198] - sorted[197]);
        assertThat(c.threshold).isCloseTo(expected, offset(1e-12));
        assertThat(c.quantiles).containsKeys("0.5", "0.9", "0.95", "0.99", "0.995", "0.999");
        assertThat(c.quantiles.get("0.5")).isLessThan(c.threshold);
    }

    @Test
    void writtenBundleLoadsWithItsManifest(@TempDir Path models) {
        Path dir = Retrain.write(retrained, models, "dense-test", true);
        ModelBundle bundle = ModelBundle.load(models);
        assertThat(bundle.dir()).isEqualTo(dir);
        Manifest m = bundle.manifest();
        assertThat(m.modelId)
                .matches("dense-ae/\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ/[0-9a-f]{6}")
                .endsWith(m.files.get(Manifest.MODEL_FILE).substring(0, 6));
        assertThat(m.features).containsExactly("f0", "f1", "f2", "f3", "f4", "f5");
        assertThat(m.outputs).containsExactly("score", "feature_errors", "reconstruction");
        assertThat(m.scaler.location).isEqualTo("graph");
        assertThat(m.files).containsKeys(Manifest.MODEL_FILE, Retrain.ENCODER_FILE);
        assertThat(m.training)
                .containsEntry("rows", 800)
                .containsEntry("validation_rows", 200)
                .containsKeys("train_loss", "validation_loss", "seconds", "rows_per_second");
    }
}
