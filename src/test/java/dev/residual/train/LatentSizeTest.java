package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LatentSizeTest {

    /**
     * Rows of {@code features} values driven by {@code factors} hidden factors plus small noise.
     */
    private static float[] lowRank(int rows, int features, int factors, long seed) {
        Random r = new Random(seed);
        double[][] loadings = new double[features][factors];
        for (double[] l : loadings) {
            for (int k = 0; k < factors; k++) {
                l[k] = r.nextGaussian();
            }
        }
        float[] values = new float[rows * features];
        double[] z = new double[factors];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < factors; k++) {
                z[k] = r.nextGaussian();
            }
            for (int f = 0; f < features; f++) {
                double v = 0.02 * r.nextGaussian();
                for (int k = 0; k < factors; k++) {
                    v += loadings[f][k] * z[k];
                }
                values[i * features + f] = (float) v;
            }
        }
        return values;
    }

    private static int latent(float[] values, int features) {
        int[] rows = IntStream.range(0, values.length / features).toArray();
        List<String> names = IntStream.range(0, features).mapToObj(i -> "f" + i).toList();
        StandardScaler scaler = StandardScaler.fit(values, names, rows);
        return LatentSize.byExplainedVariance(values, features, rows, scaler, 0.99);
    }

    @Test
    void findsTheNumberOfHiddenFactors() {
        assertThat(latent(lowRank(2000, 10, 3, 1), 10)).isEqualTo(3);
        assertThat(latent(lowRank(2000, 12, 5, 2), 12)).isEqualTo(5);
    }

    @Test
    void independentFeaturesNeedAllButOne() {
        Random r = new Random(3);
        float[] values = new float[2000 * 6];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) r.nextGaussian();
        }
        assertThat(latent(values, 6)).isEqualTo(5);
    }

    @Test
    void eigenvaluesOfStandardisedRowsSumToTheFeatureCount() {
        float[] values = lowRank(500, 7, 2, 4);
        int[] rows = IntStream.range(0, 500).toArray();
        StandardScaler scaler =
                StandardScaler.fit(
                        values, IntStream.range(0, 7).mapToObj(i -> "f" + i).toList(), rows);
        double[] e = LatentSize.correlationEigenvalues(values, 7, rows, scaler);
        assertThat(java.util.Arrays.stream(e).sum())
                .isCloseTo(7.0, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(e[0]).isGreaterThanOrEqualTo(e[1]);
    }

    /** Overlapping windows of W rows cut from {@code rows}, flattened time-major. */
    private static int windowsLatent(float[] rows, int features, int window, double fraction) {
        int n = rows.length / features - window + 1;
        float[] windows = new float[n * window * features];
        for (int w = 0; w < n; w++) {
            System.arraycopy(rows, w * features, windows, w * window * features, window * features);
        }
        int[] all = IntStream.range(0, rows.length / features).toArray();
        List<String> names = IntStream.range(0, features).mapToObj(i -> "f" + i).toList();
        StandardScaler scaler = StandardScaler.fit(rows, names, all);
        return LatentSize.forWindows(windows, window, scaler, fraction);
    }

    @Test
    void windowsOfOneOscillationNeedTwoComponentsAndWindowsOfNoiseNeedNearlyAll() {
        Random r = new Random(5);
        float[] sine = new float[3000 * 2];
        float[] noise = new float[3000 * 2];
        for (int t = 0; t < 3000; t++) {
            double s = Math.sin(t / 5.0);
            sine[2 * t] = (float) (s + 0.001 * r.nextGaussian());
            sine[2 * t + 1] = (float) (3 * s + 10 + 0.001 * r.nextGaussian());
            noise[2 * t] = (float) r.nextGaussian();
            noise[2 * t + 1] = (float) r.nextGaussian();
        }
        // A phase and an amplitude: any window of the sine is a mix of two fixed shapes.
        assertThat(windowsLatent(sine, 2, 8, 0.99)).isEqualTo(2);
        assertThat(windowsLatent(noise, 2, 8, 0.95)).isGreaterThanOrEqualTo(14).isLessThan(16);
    }
}
