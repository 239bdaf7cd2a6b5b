package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The recurrent kinds learn the time structure, not just the rows: on held-out windows of the
 * process they trained on, normal windows reconstruct far better than the same rows in a shuffled
 * order, or with one sensor stuck at its first value, which no pointwise model can tell apart.
 */
class RecurrentLearningTest {
    private static final int FEATURES = 4;
    private static final int WINDOW = 10;

    @ParameterizedTest
    @CsvSource({"LSTM", "GRU"})
    void normalWindowsReconstructBetterThanShuffledOrStuckOnes(ModelKind kind) throws Exception {
        RecurrentAutoencoderTrainer trainer =
                new RecurrentAutoencoderTrainer(kind)
                        .seed(3)
                        .window(WINDOW)
                        .hiddenSize(8)
                        .epochs(25)
                        .learningRate(0.01)
                        .batchSize(32);
        WindowedRetrain retrain = new WindowedRetrain(trainer, 3, 0.2, 0.99);
        TrainingData data = TrainingData.read(new TemporalHistory(4, 500, FEATURES, false, 8));
        RecurrentScorer scorer = trainer.train(retrain.windowed(data), (e, t, v, r) -> {}).scorer();

        float[] normal = new TemporalHistory(2, 300, FEATURES, false, 8, 41).windows(0, WINDOW);
        double normalScore = scorer.meanScore(normal);
        double shuffledScore = scorer.meanScore(shuffled(normal, new Random(1)));
        double stuckScore = scorer.meanScore(stuck(normal, 0));

        assertThat(shuffledScore).isGreaterThan(20 * normalScore);
        assertThat(stuckScore).isGreaterThan(3 * normalScore);
    }

    /** Each window's rows in a random order: every row is normal, their sequence is not. */
    private static float[] shuffled(float[] windows, Random random) {
        float[] out = windows.clone();
        int width = WINDOW * FEATURES;
        int[] order = new int[WINDOW];
        for (int start = 0; start < out.length; start += width) {
            for (int t = 0; t < WINDOW; t++) {
                order[t] = t;
            }
            Split.shuffle(order, WINDOW, new java.util.SplittableRandom(random.nextLong()));
            for (int t = 0; t < WINDOW; t++) {
                System.arraycopy(
                        windows, start + order[t] * FEATURES, out, start + t * FEATURES, FEATURES);
            }
        }
        return out;
    }

    /** Feature {@code f} held at its value in each window's first row: a stuck sensor. */
    private static float[] stuck(float[] windows, int f) {
        float[] out = windows.clone();
        int width = WINDOW * FEATURES;
        for (int start = 0; start < out.length; start += width) {
            for (int t = 1; t < WINDOW; t++) {
                out[start + t * FEATURES + f] = out[start + f];
            }
        }
        return out;
    }
}
