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
        double[] eigenvalues = correlationEigenvalues(values, features, rows, scaler);
        double total = 0;
        for (double e : eigenvalues) {
            total += Math.max(e, 0);
        }
        double cumulative = 0;
        for (int k = 0; k < eigenvalues.length; k++) {
            cumulative += Math.max(eigenvalues[k], 0);
            if (cumulative >= fraction * total) {
                return Math.max(1, Math.min(k + 1, features - 1));
            }
        }
        return features - 1;
    }

    /** Eigenvalues of the covariance of the standardised rows, largest first. */
    static double[] correlationEigenvalues(
            float[] values, int features, int[] rows, StandardScaler scaler) {
        double[] mean = scaler.mean();
        double[] std = scaler.std();
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
