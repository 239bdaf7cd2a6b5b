package dev.residual.train;

import org.tribuo.math.la.DenseMatrix;

/**
 * Chooses the width of an autoencoder's bottleneck from the data: the number of principal
 * components of the standardised training rows that explain a given fraction of their variance. A
 * bottleneck narrower than the data's real dimension leaves normal variation unexplained, which
 * shows up as a heavy tail of normal scores that hides incidents; one much wider lets the network
 * copy anomalies through.
 */
public final class LatentSize {
    /** The fraction of variance the bottleneck should be able to carry by default. */
    public static final double DEFAULT_FRACTION = 0.95;

    private LatentSize() {}

    /**
     * @return between 1 and features - 1 (1 for a single feature)
     */
    public static int byExplainedVariance(
            float[] values, int features, int[] rows, StandardScaler scaler, double fraction) {
        if (features < 2) {
            return 1;
        }
        return components(
                correlationEigenvalues(values, features, rows, scaler), fraction, features);
    }

    /**
     * The bottleneck width for windows: the principal components of the standardised training
     * windows, each flattened to W * F values, that explain {@code fraction} of their variance.
     *
     * @param windows raw windows, flattened time-major, {@code count x (window * features)}
     * @return between 1 and W * F - 1
     */
    public static int forWindows(
            float[] windows, int window, StandardScaler scaler, double fraction) {
        int f = scaler.features();
        int width = window * f;
        double[] mean = new double[width];
        double[] std = new double[width];
        for (int t = 0; t < window; t++) {
            System.arraycopy(scaler.mean(), 0, mean, t * f, f);
            System.arraycopy(scaler.std(), 0, std, t * f, f);
        }
        int[] all = new int[windows.length / width];
        java.util.Arrays.setAll(all, i -> i);
        return components(eigenvalues(windows, width, all, mean, std), fraction, width);
    }

    /** How many of {@code eigenvalues}, largest first, carry {@code fraction} of their sum. */
    private static int components(double[] eigenvalues, double fraction, int width) {
        double total = 0;
        for (double e : eigenvalues) {
            total += Math.max(e, 0);
        }
        double cumulative = 0;
        for (int k = 0; k < eigenvalues.length; k++) {
            cumulative += Math.max(eigenvalues[k], 0);
            if (cumulative >= fraction * total) {
                return Math.max(1, Math.min(k + 1, width - 1));
            }
        }
        return width - 1;
    }

    /** Eigenvalues of the covariance of the standardised rows, largest first. */
    static double[] correlationEigenvalues(
            float[] values, int features, int[] rows, StandardScaler scaler) {
        return eigenvalues(values, features, rows, scaler.mean(), scaler.std());
    }

    /**
     * Eigenvalues of the second moment of {@code rows} of {@code values} standardised, largest
     * first.
     */
    private static double[] eigenvalues(
            float[] values, int features, int[] rows, double[] mean, double[] std) {
        double[][] cov = new double[features][features];
        double[] z = new double[features];
        for (int row : rows) {
            int base = row * features;
            for (int f = 0; f < features; f++) {
                z[f] = (values[base + f] - mean[f]) / std[f];
            }
            for (int i = 0; i < features; i++) {
                for (int j = i; j < features; j++) {
                    cov[i][j] += z[i] * z[j];
                }
            }
        }
        for (int i = 0; i < features; i++) {
            for (int j = i; j < features; j++) {
                cov[i][j] /= rows.length;
                cov[j][i] = cov[i][j];
            }
        }
        double[] eigen =
                DenseMatrix.createDenseMatrix(cov)
                        .eigenDecomposition()
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "the covariance of the training rows has no"
                                                        + " eigendecomposition"))
                        .eigenvalues()
                        .toArray();
        java.util.Arrays.sort(eigen);
        for (int i = 0; i < eigen.length / 2; i++) {
            double t = eigen[i];
            eigen[i] = eigen[eigen.length - 1 - i];
            eigen[eigen.length - 1 - i] = t;
        }
        return eigen;
    }
}
