package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.residual.model.Manifest;
import java.nio.FloatBuffer;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The windowed model contract every windowed kind serves alike: manifest window and windowScore,
 * model.onnx taking [N, W*F] windows flattened time-major (oldest row first) and giving the score,
 * the feature errors and the reconstruction of the last row, the record the job scores.
 */
class WindowedKindsTest {
    private static final int WINDOW = 6;
    private static final int FEATURES = 3;

    private static WindowedTrainer trainer(ModelKind kind) {
        return kind == ModelKind.CONV
                ? new ConvAutoencoderTrainer()
                        .seed(3)
                        .window(WINDOW)
                        .windowScore(WindowScore.LAST)
                        .channels(6, 4)
                        .epochs(100)
                        .batchSize(32)
                : new RecurrentAutoencoderTrainer(kind)
                        .seed(3)
                        .window(WINDOW)
                        .windowScore(WindowScore.LAST)
                        .hiddenSize(8)
                        .epochs(30)
                        .learningRate(0.01)
                        .batchSize(32);
    }

    @ParameterizedTest
    @EnumSource(
            value = ModelKind.class,
            names = {"CONV", "LSTM", "GRU"})
    void servesTheWindowedContractAndReconstructsTheLastRow(ModelKind kind) throws Exception {
        RetrainedModel model =
                new WindowedRetrain(trainer(kind), 3, 0.2, 0.99)
                        .train(new TemporalHistory(2, 300, FEATURES, false, 8), (e, t, v, r) -> {});
        Manifest m = model.manifest();
        assertThat(m.kind).isEqualTo(kind.label());
        assertThat(m.window).isEqualTo(WINDOW);
        assertThat(m.windowScore).isEqualTo("last");
        assertThat(m.inputWidth()).isEqualTo(WINDOW * FEATURES);
        // One row a second: windows cut at ten steps, recorded for the job to cut at too.
        assertThat(m.windowGapMillis()).isEqualTo(10_000L);
        assertThat(m.outputs).containsExactlyElementsOf(OnnxExport.OUTPUTS);
        assertThat(m.training)
                .containsEntry("rows", 600)
                .containsEntry("entities", 2)
                .containsKeys("train_windows", "validation_windows");

        float[] windows = new TemporalHistory(1, 60, FEATURES, false, 8, 77).windows(0, WINDOW);
        int n = windows.length / (WINDOW * FEATURES);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model.modelOnnx());
                OnnxTensor input =
                        OnnxTensor.createTensor(
                                env, FloatBuffer.wrap(windows), new long[] {n, WINDOW * FEATURES});
                OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
            TensorInfo info = (TensorInfo) session.getInputInfo().get(OnnxExport.INPUT).getInfo();
            assertThat(info.getShape()).containsExactly(-1, WINDOW * FEATURES);
            float[] score = (float[]) result.get(OnnxExport.SCORE).orElseThrow().getValue();
            float[][] errors =
                    (float[][]) result.get(OnnxExport.FEATURE_ERRORS).orElseThrow().getValue();
            float[][] recon =
                    (float[][]) result.get(OnnxExport.RECONSTRUCTION).orElseThrow().getValue();
            assertThat(score).hasSize(n);
            assertThat(errors).hasNumberOfRows(n);
            assertThat(errors[0]).hasSize(FEATURES);
            // Time-major, oldest first: the reconstruction is of the row at t = W-1, not t = 0.
            double toLast = 0;
            double toFirst = 0;
            for (int w = 0; w < n; w++) {
                for (int f = 0; f < FEATURES; f++) {
                    int base = w * WINDOW * FEATURES;
                    toLast += Math.abs(recon[w][f] - windows[base + (WINDOW - 1) * FEATURES + f]);
                    toFirst += Math.abs(recon[w][f] - windows[base + f]);
                }
            }
            assertThat(toLast).isLessThan(toFirst / 2);
        }
    }
}
