package dev.residual.train;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.tribuo.math.la.DenseMatrix;

/**
 * The validation rows' latent codes in two dimensions, for the report's scatter: the codes
 * themselves when the latent is 2-D, else their projection onto the first two principal components
 * of the codes. Normal data that the model has learned well tends to form compact clusters there,
 * and high-scoring rows show whether they sit apart from them or among them.
 *
 * @param x first coordinate per shown row
 * @param y second coordinate per shown row (0 for a 1-D latent)
 * @param scores the shown rows' scores
 * @param latentWidth width of the latent code
 * @param explained share of the codes' variance the two coordinates carry (1 without projection)
 */
public record LatentProjection(
        double[] x, double[] y, double[] scores, int latentWidth, double explained) {
    /** Points shown at most; more would only overplot and bloat the report. */
    public static final int MAX_POINTS = 5_000;

    /** Whether the coordinates are principal components rather than the codes themselves. */
    public boolean projected() {
        return latentWidth > 2;
    }

    /**
     * @param codes row-major latent codes, {@code width} values per row
     * @param scores one score per row
     * @param seed seed of the subsample taken when there are more than {@link #MAX_POINTS} rows
     */
    public static LatentProjection of(double[] codes, int width, double[] scores, long seed) {
        int rows = scores.length;
        int[] shown = subsample(rows, seed);
        double[][] axes = width > 2 ? principalAxes(codes, width, rows) : null;
        double[] mean = width > 2 ? columnMeans(codes, width, rows) : new double[width];
        double[] x = new double[shown.length];
        double[] y = new double[shown.length];
        double[] s = new double[shown.length];
        for (int i = 0; i < shown.length; i++) {
            int base = shown[i] * width;
            x[i] = axes == null ? codes[base] : dot(codes, base, mean, axes[0]);
            y[i] =
                    axes == null
                            ? (width > 1 ? codes[base + 1] : 0)
                            : dot(codes, base, mean, axes[1]);
            s[i] = scores[shown[i]];
        }
        double explained = axes == null ? 1.0 : axes[2][0];
        return new LatentProjection(x, y, s, width, explained);
    }

    private static int[] subsample(int rows, long seed) {
        if (rows <= MAX_POINTS) {
            return IntStream.range(0, rows).toArray();
        }
        return Split.sample(rows, MAX_POINTS, new SplittableRandom(seed));
    }

    private static double dot(double[] codes, int base, double[] mean, double[] axis) {
        double sum = 0;
        for (int k = 0; k < axis.length; k++) {
            sum += (codes[base + k] - mean[k]) * axis[k];
        }
        return sum;
    }

    /**
     * The covariance (over {@code rows}, not rows - 1) of the row-major {@code codes} around {@code
     * mean}; {@link LatentDistance} whitens with it.
     */
    static double[][] covariance(double[] codes, int width, int rows, double[] mean) {
        double[][] cov = new double[width][width];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < width; i++) {
                double di = codes[r * width + i] - mean[i];
                for (int j = i; j < width; j++) {
                    cov[i][j] += di * (codes[r * width + j] - mean[j]);
                }
            }
        }
        for (int i = 0; i < width; i++) {
            for (int j = i; j < width; j++) {
                cov[i][j] /= Math.max(rows, 1);
                cov[j][i] = cov[i][j];
            }
        }
        return cov;
    }

    static double[] columnMeans(double[] codes, int width, int rows) {
        double[] mean = new double[width];
        for (int i = 0; i < rows * width; i++) {
            mean[i % width] += codes[i];
        }
        for (int k = 0; k < width; k++) {
            mean[k] /= Math.max(rows, 1);
        }
        return mean;
    }

    /**
     * The top two eigenvectors of the codes' covariance (over all rows, not just the shown ones),
     * then, as a one-element third row, the share of the variance they explain.
     */
    static double[][] principalAxes(double[] codes, int width, int rows) {
        double[][] cov = covariance(codes, width, rows, columnMeans(codes, width, rows));
        DenseMatrix.EigenDecomposition eigen =
                DenseMatrix.createDenseMatrix(cov)
                        .eigenDecomposition()
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "the covariance of the latent codes has no"
                                                        + " eigendecomposition"));
        double[] values = eigen.eigenvalues().toArray();
        // Tribuo does not promise an order, so the components are ranked here.
        Integer[] order = IntStream.range(0, width).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> -values[i]));
        double total = Arrays.stream(values).map(v -> Math.max(v, 0)).sum();
        double top = Math.max(values[order[0]], 0) + Math.max(values[order[1]], 0);
        return new double[][] {
            eigen.getEigenVector(order[0]).toArray(),
            eigen.getEigenVector(order[1]).toArray(),
            {total > 0 ? top / total : 0}
        };
    }
}
