package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.residual.model.Manifest;
import dev.residual.model.ModelBundle;
import dev.residual.score.OnnxScorer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecurrentRetrainTest {
    private static final int FEATURES = 3;
    private static final int WINDOW = 6;

    @TempDir Path models;

    /** A few epochs of {@code kind} on three machines' temporal history. */
    private static Trained train(ModelKind kind, WindowScore score, long seed) throws Exception {
        RecurrentAutoencoderTrainer trainer =
                new RecurrentAutoencoderTrainer(kind)
                        .seed(seed)
                        .window(WINDOW)
                        .hiddenSize(5)
                        .windowScore(score)
                        .epochs(3)
                        .batchSize(32);
        WindowedRetrain retrain = new WindowedRetrain(trainer, seed, 0.2, 0.99);
        TrainingData data = TrainingData.read(new TemporalHistory(3, 300, FEATURES, true, 4));
        WindowedHistory windowed = retrain.windowed(data);
        TrainedRecurrent model = trainer.train(windowed, (e, t, v, r) -> {});
        return new Trained(model, retrain.checked(model, windowed));
    }

    private record Trained(TrainedRecurrent model, RetrainedModel retrained) {}

    /**
     * ONNX Runtime's score, feature errors and last-step reconstruction equal the Java forward
     * pass's on windows of another draw of the process, which neither training nor the check before
     * writing saw.
     */
    @ParameterizedTest
    @CsvSource({"LSTM, WINDOW", "LSTM, LAST", "GRU, WINDOW", "GRU, LAST"})
    void onnxRuntimeMatchesTheJavaForwardPassOnHeldOutWindows(ModelKind kind, WindowScore score)
            throws Exception {
        Trained t = train(kind, score, 5);
        float[] heldOut = new TemporalHistory(2, 120, FEATURES, false, 4, 77).windows(1, WINDOW);
        int n = heldOut.length / (WINDOW * FEATURES);
        AutoencoderScorer.Result java = t.model().scorer().score(heldOut);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(t.retrained().modelOnnx());
                OnnxTensor input =
                        OnnxTensor.createTensor(
                                env, FloatBuffer.wrap(heldOut), new long[] {n, WINDOW * FEATURES});
                OrtSession.Result out = session.run(Map.of(OnnxExport.INPUT, input))) {
            float[] scores = (float[]) out.get(OnnxExport.SCORE).orElseThrow().getValue();
            float[][] errors =
                    (float[][]) out.get(OnnxExport.FEATURE_ERRORS).orElseThrow().getValue();
            float[][] recon =
                    (float[][]) out.get(OnnxExport.RECONSTRUCTION).orElseThrow().getValue();
            assertThat(scores).hasSize(n);
            for (int r = 0; r < n; r++) {
                assertThat(scores[r]).isCloseTo((float) java.score[r], offset(1e-5f));
                for (int f = 0; f < FEATURES; f++) {
                    int i = r * FEATURES + f;
                    assertThat(errors[r][f])
                            .isCloseTo((float) java.featureErrors[i], offset(1e-5f));
                    assertThat(recon[r][f])
                            .isCloseTo(
                                    (float) java.reconstruction[i],
                                    offset((float) (1e-5 * Math.abs(java.reconstruction[i]))));
                }
            }
        }
        ParityCheck.verifyOutputs(
                t.retrained().files().get(Retrain.ENCODER_FILE),
                heldOut,
                WINDOW * FEATURES,
                Map.of(OnnxExport.LATENT, java.latent));
    }

    @ParameterizedTest
    @CsvSource({"LSTM, lstm-ae", "GRU, gru-ae"})
    void theBundleRecordsTheWindowAndLoads(ModelKind kind, String prefix) throws Exception {
        RetrainedModel retrained = train(kind, WindowScore.LAST, 5).retrained();
        Manifest m = retrained.manifest();
        assertThat(m.kind).isEqualTo(kind.label());
        assertThat(m.modelId).startsWith(prefix + "/");
        assertThat(m.window).isEqualTo(WINDOW);
        assertThat(m.windowScore).isEqualTo("last");
        assertThat(m.inputWidth()).isEqualTo(WINDOW * FEATURES);
        assertThat(m.outputs).containsExactlyElementsOf(OnnxExport.OUTPUTS);
        assertThat(m.architecture).containsEntry("cell", kind.label());
        assertThat(m.training).containsEntry("entities", 3).containsEntry("segments", 4);
        try (OrtSession session =
                OrtEnvironment.getEnvironment().createSession(retrained.modelOnnx())) {
            TensorInfo input = (TensorInfo) session.getInputInfo().get("features").getInfo();
            assertThat(input.getShape()).containsExactly(-1, WINDOW * FEATURES);
        }
        Path dir = Retrain.write(retrained, models, "rnn", true);
        ModelBundle bundle = ModelBundle.load(models);
        assertThat(bundle.dir()).isEqualTo(dir);
        assertThat(bundle.manifest().window).isEqualTo(WINDOW);
        assertThat(bundle.manifest().windowScore).isEqualTo("last");
    }

    /**
     * The scoring job's own scorer opens the bundle by its manifest (input W*F wide, F feature
     * errors) and scores flattened windows as the Java forward pass does.
     */
    @ParameterizedTest
    @CsvSource({"LSTM, WINDOW", "GRU, LAST"})
    void theJobsScorerTakesTheWindowedBundleAsItIs(ModelKind kind, WindowScore score)
            throws Exception {
        Trained t = train(kind, score, 6);
        Manifest m = t.retrained().manifest();
        float[] heldOut = new TemporalHistory(2, 80, FEATURES, false, 4, 78).windows(0, WINDOW);
        int width = WINDOW * FEATURES;
        int n = heldOut.length / width;
        float[][] rows = new float[n][];
        for (int r = 0; r < n; r++) {
            rows[r] = java.util.Arrays.copyOfRange(heldOut, r * width, (r + 1) * width);
        }
        AutoencoderScorer.Result java = t.model().scorer().score(heldOut);
        try (OnnxScorer scorer =
                OnnxScorer.open(
                        t.retrained().modelOnnx(),
                        m.modelId,
                        m.inputWidth(),
                        m.features.size(),
                        1)) {
            OnnxScorer.Scores scores = scorer.score(rows, n);
            for (int r = 0; r < n; r++) {
                assertThat(scores.score()[r]).isCloseTo((float) java.score[r], offset(1e-5f));
            }
            assertThat(scores.featureErrors()).hasSize(n * FEATURES);
        }
    }

    @ParameterizedTest
    @CsvSource({"LSTM", "GRU"})
    void theSameSeedGivesTheSameModelBytes(ModelKind kind) throws Exception {
        byte[] first = train(kind, WindowScore.WINDOW, 9).retrained().modelOnnx();
        byte[] second = train(kind, WindowScore.WINDOW, 9).retrained().modelOnnx();
        byte[] other = train(kind, WindowScore.WINDOW, 10).retrained().modelOnnx();
        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }
}
