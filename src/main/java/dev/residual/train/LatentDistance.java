package dev.residual.train;

import org.tribuo.math.la.DenseMatrix;

/**
 * The latent half of the {@code reconstruction+latent} score: a Hotelling T² of the latent code,
 * {@code T²(x) = ||W (h(x) - m)||²} with m and the whitening {@code W = S^(-1/2)} the mean and
 * covariance of the training rows' codes, added to the reconstruction score as {@code score(x) /
 * scoreMean + T²(x) / t2Mean}. Both means are taken on the training rows, so each term is 1 on
 * average on normal data and the two weigh the same. A row whose code lies far from where normal
 * codes lie scores high even when the decoder rebuilds it well: the residual (SPE, Q statistic)
 * sees rows that leave the learned manifold, T² sees rows that move far along it.
 *
 * <p>Every parameter is rounded to float when fitted, as {@link StandardScaler} is: the ONNX graph
 * holds them as float and the Java forward pass must compute with the same numbers.
 */
final class LatentDistance {
    /**
     * Eigenvalues of the code covariance are floored at this fraction of the largest one, so that a
     * code dimension the network leaves (nearly) constant cannot turn round-off into a huge T².
     */
    static final double EIGENVALUE_FLOOR = 1e-3;

    private final double[] mean;
    private final double[] whitening;
    private final double scoreMean;
    private final double t2Mean;
    private final int floored;

    private LatentDistance(
            double[] mean, double[] whitening, double scoreMean, double t2Mean, int floored) {
        this.mean = mean;
        this.whitening = whitening;
        this.scoreMean = scoreMean;
        this.t2Mean = t2Mean;
        this.floored = floored;
    }

    /**
     * Fits on the training rows' codes ({@code k} values a row, row-major) and their reconstruction
     * scores.
     *
     * @throws IllegalStateException if the codes' covariance has no eigendecomposition or the rows
     *     reconstruct perfectly (no scale to normalise by)
     */
    static LatentDistance fit(double[] codes, int k, double[] scores) {
        int rows = scores.length;
        double[] mean = LatentProjection.columnMeans(codes, k, rows);
        for (int i = 0; i < k; i++) {
            mean[i] = (float) mean[i];
        }
        double[][] cov = LatentProjection.covariance(codes, k, rows, mean);
        int[] floored = new int[1];
        double[] whitening = inverseSquareRoot(cov, floored);
        double scoreMean = (float) mean(scores);
        if (!(scoreMean > 0)) {
            throw new IllegalStateException(
                    "the training rows reconstruct perfectly (mean score "
                            + scoreMean
                            + "): there is no reconstruction scale to add the latent distance to");
        }
        LatentDistance unscaled = new LatentDistance(mean, whitening, scoreMean, 1.0, floored[0]);
        double[] t2 = new double[rows];
        for (int r = 0; r < rows; r++) {
            t2[r] = unscaled.t2(codes, r * k, 1);
        }
        return new LatentDistance(mean, whitening, scoreMean, (float) mean(t2), floored[0]);
    }

    /**
     * {@code V diag(1 / sqrt(max(lambda, floor))) V^T} of the symmetric {@code cov}, row-major and
     * rounded to float; {@code floored[0]} counts the eigenvalues raised to the floor.
     */
    private static double[] inverseSquareRoot(double[][] cov, int[] floored) {
        int k = cov.length;
        DenseMatrix.EigenDecomposition eig =
                DenseMatrix.createDenseMatrix(cov)
                        .eigenDecomposition()
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "the covariance of the training rows' latent codes"
                                                        + " has no eigendecomposition"));
        double[] lambda = eig.eigenvalues().toArray();
        DenseMatrix vectors = eig.eigenvectors();
        double largest = 0;
        for (double l : lambda) {
            largest = Math.max(largest, l);
        }
        if (!(largest > 0)) {
            throw new IllegalStateException(
                    "the training rows' latent codes do not vary: there is no latent distance");
        }
        double floor = EIGENVALUE_FLOOR * largest;
        double[] w = new double[k * k];
        for (int e = 0; e < k; e++) {
            if (lambda[e] < floor) {
                floored[0]++;
            }
            double inv = 1.0 / Math.sqrt(Math.max(lambda[e], floor));
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    w[i * k + j] += vectors.get(i, e) * inv * vectors.get(j, e);
                }
            }
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) w[i];
        }
        return w;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** The code width k. */
    int latent() {
        return mean.length;
    }

    /** The training rows' mean code m. */
    double[] mean() {
        return mean.clone();
    }

    /** W, row-major k x k: the whitened code is {@code W (h - m)}. */
    double[] whitening() {
        return whitening.clone();
    }

    /** The training rows' mean reconstruction score, which the first term is divided by. */
    double scoreMean() {
        return scoreMean;
    }

    /** The training rows' mean T², which the second term is divided by: k unless floored. */
    double t2Mean() {
        return t2Mean;
    }

    /** Eigenvalues of the code covariance that were raised to the floor. */
    int flooredDimensions() {
        return floored;
    }

    /**
     * T² of the code at {@code codes[at + i * stride]}, i < k: with stride 1 a row-major code, with
     * stride n row b of a feature-major batch of n rows (at = b).
     */
    double t2(double[] codes, int at, int stride) {
        int k = mean.length;
        double sum = 0;
        for (int i = 0; i < k; i++) {
            double z = 0;
            for (int j = 0; j < k; j++) {
                z += whitening[i * k + j] * (codes[at + j * stride] - mean[j]);
            }
            sum += z * z;
        }
        return sum;
    }

    /** The combined score of a row with reconstruction score {@code score} and T² {@code t2}. */
    double combine(double score, double t2) {
        return score / scoreMean + t2 / t2Mean;
    }
}
