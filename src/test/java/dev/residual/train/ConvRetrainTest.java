package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.residual.model.Manifest;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConvRetrainTest {
    private static final int WINDOW = 8;
    private static final DenseAutoencoderTrainer.EpochListener QUIET = (e, t, v, r) -> {};

    private static ConvAutoencoderTrainer trainer(WindowScore score, int epochs) {
        return new ConvAutoencoderTrainer()
                .seed(3)
                .window(WINDOW)
                .windowScore(score)
                .channels(6, 4)
                .epochs(epochs)
                .batchSize(32);
    }

    private static RetrainedModel retrain(WindowScore score) throws Exception {
        return new WindowedRetrain(trainer(score, 5), 7, 0.2, 0.99)
                .train(new SineHistory(120, 3, 1), QUIET);
    }

    /** Retrain itself fails on a parity mismatch; here ONNX Runtime is fed what the job feeds. */
    @ParameterizedTest
    @EnumSource(WindowScore.class)
    void writesAWindowedBundleWhoseGraphScoresFlattenedWindows(WindowScore score) throws Exception {
        RetrainedModel model = retrain(score);
        Manifest m = model.manifest();

        assertThat(m.kind).isEqualTo("conv");
        assertThat(m.window).isEqualTo(WINDOW);
        assertThat(m.windowScore).isEqualTo(score.label());
        assertThat(m.inputWidth()).isEqualTo(WINDOW * 3);
        assertThat(model.files()).containsKeys(Manifest.MODEL_FILE, Retrain.ENCODER_FILE);
        // 3 entities x (120 - 7) windows, none across entities: 11 blocks of 33, 2 held out.
        assertThat(model.validationScores()).hasSize(66);
        assertThat(m.calibration.rows).isEqualTo(66);
        float[][] outputs = run(model.modelOnnx(), new float[2 * WINDOW * 3]);
        assertThat(outputs[0]).hasSize(2);
        assertThat(outputs[1]).hasSize(2 * 3);
        assertThat(outputs[2]).hasSize(2 * 3);
    }

    @Test
    void theSameSeedGivesTheSameModelBytes() throws Exception {
        byte[] first = retrain(WindowScore.LAST).modelOnnx();
        byte[] second = retrain(WindowScore.LAST).modelOnnx();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void reconstructsNormalWindowsBetterThanShuffledOrStuckOnes() {
        TrainingData train = read(new SineHistory(400, 2, 11));
        Windows windows = Windows.of(train, WINDOW);
        int[] all = new int[windows.count()];
        Arrays.setAll(all, i -> i);
        int[] rows = new int[train.rows()];
        Arrays.setAll(rows, i -> i);
        StandardScaler scaler = StandardScaler.fit(train.values(), train.featureNames(), rows);
        float[] trainWindows = windows.gather(train.values(), 3, all);
        TrainingData fresh = read(new SineHistory(100, 2, 12));
        Windows freshWindows = Windows.of(fresh, WINDOW);
        int[] picked = new int[freshWindows.count()];
        Arrays.setAll(picked, i -> i);
        float[] normal = freshWindows.gather(fresh.values(), 3, picked);

        ConvAutoencoder net =
                trainer(WindowScore.WINDOW, 40)
                        .train(trainWindows, normal, scaler, QUIET)
                        .network();

        ConvScorer scorer = new ConvScorer(net, scaler, WindowScore.WINDOW);
        double normalScore = mean(scorer.score(normal).score);
        double shuffledScore = mean(scorer.score(shuffled(normal, new Random(5))).score);
        double stuckScore = mean(scorer.score(stuck(normal)).score);
        assertThat(normalScore).isLessThan(0.1);
        assertThat(shuffledScore).isGreaterThan(5 * normalScore);
        assertThat(stuckScore).isGreaterThan(5 * normalScore);
    }

    @Test
    void aGraphThatDisagreesWithTheJavaPassIsRefusedNamingOutputAndRow() {
        ConvAutoencoder net =
                ConvAutoencoder.initialise(3, WINDOW, new int[] {4, 2}, Activation.TANH, 1);
        StandardScaler scaler =
                StandardScaler.fit(
                        new float[] {0, 1, 2, 3, 4, 5},
                        java.util.List.of("a", "b", "c"),
                        new int[] {0, 1});
        float[] windows = new float[3 * WINDOW * 3];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = (float) Math.sin(i);
        }
        byte[] onnx = ConvOnnxExport.scoringModel(net, scaler, WindowScore.LAST, Map.of());
        double[] scores = new ConvScorer(net, scaler, WindowScore.LAST).score(windows).score;
        assertThat(
                        ParityCheck.verifyOutputs(
                                        onnx, windows, WINDOW * 3, Map.of(OnnxExport.SCORE, scores))
                                .get(OnnxExport.SCORE))
                .hasSize(3);

        scores[1] += 1e-3;

        assertThatThrownBy(
                        () ->
                                ParityCheck.verifyOutputs(
                                        onnx,
                                        windows,
                                        WINDOW * 3,
                                        Map.of(OnnxExport.SCORE, scores)))
                .isInstanceOf(ParityCheck.ParityException.class)
                .hasMessageContaining("score of validation row 1");
    }

    @Test
    void tooFewWindowsAreRefusedNamingTheWindow() {
        WindowedRetrain retrain = new WindowedRetrain(trainer(WindowScore.LAST, 1), 7, 0.2, 0.99);

        assertThatThrownBy(() -> retrain.train(new SineHistory(10, 3, 1), QUIET))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("9 windows of --window 8")
                .hasMessageContaining("shorter --window");
    }

    private static TrainingData read(HistorySource source) {
        try {
            return TrainingData.read(source);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Each window's rows in a random order: every row normal, their sequence not. */
    private static float[] shuffled(float[] windows, Random random) {
        float[] out = windows.clone();
        int width = WINDOW * 3;
        int[] order = new int[WINDOW];
        for (int w = 0; w < windows.length / width; w++) {
            Arrays.setAll(order, i -> i);
            Split.shuffle(order, WINDOW, new java.util.SplittableRandom(random.nextLong()));
            for (int t = 0; t < WINDOW; t++) {
                System.arraycopy(windows, w * width + order[t] * 3, out, w * width + t * 3, 3);
            }
        }
        return out;
    }

    /** Each window's first row repeated: a sensor that stopped updating. */
    private static float[] stuck(float[] windows) {
        float[] out = windows.clone();
        int width = WINDOW * 3;
        for (int w = 0; w < windows.length / width; w++) {
            for (int t = 1; t < WINDOW; t++) {
                System.arraycopy(windows, w * width, out, w * width + t * 3, 3);
            }
        }
        return out;
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }

    /** score, feature_errors and reconstruction of model.onnx, flattened. */
    private static float[][] run(byte[] onnx, float[] windows) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int n = windows.length / (WINDOW * 3);
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
                OnnxTensor input =
                        OnnxTensor.createTensor(
                                env, FloatBuffer.wrap(windows), new long[] {n, WINDOW * 3});
                OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
            float[] score = (float[]) result.get(OnnxExport.SCORE).orElseThrow().getValue();
            return new float[][] {
                score,
                flat((float[][]) result.get(OnnxExport.FEATURE_ERRORS).orElseThrow().getValue()),
                flat((float[][]) result.get(OnnxExport.RECONSTRUCTION).orElseThrow().getValue())
            };
        }
    }

    private static float[] flat(float[][] m) {
        float[] out = new float[m.length * m[0].length];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(m[r], 0, out, r * m[r].length, m[r].length);
        }
        return out;
    }
}
