package dev.residual.train;

/**
 * The affine products of a {@link RecurrentAutoencoder}'s or a {@link DenseAutoencoder}'s batch,
 * over feature-major batches of n (row r of a matrix operand holds n values from {@code r * n}):
 * {@link BlockedKernels} for training and scoring, {@link #simple()} ({@link BatchKernels}' loops,
 * as the dense kinds compute) as the reference they are checked and benchmarked against. Both give
 * the same bits.
 */
interface AffineProducts {
    /** {@code y = b + M x}; M is {@code out x in}, row-major. */
    void affine(double[] m, double[] b, int out, int in, double[] x, double[] y, int n);

    /** {@code dx += M^T dy}: the backward pass of {@link #affine} into its input. */
    void affineBackInto(double[] m, int out, int in, double[] dy, double[] dx, int n);

    /** {@code gm += dy x^T} and {@code gb += sum of dy over the batch}: the affine's gradients. */
    void affineGradients(double[] dy, double[] x, int out, int in, double[] gm, double[] gb, int n);

    /** {@code gm = dy x^T} and {@code gb = sum of dy}: as {@link #affineGradients}, overwriting. */
    void affineGradientsInto(
            double[] dy, double[] x, int out, int in, double[] gm, double[] gb, int n);

    /** {@link BatchKernels}: one weight per pass over the batch. */
    static AffineProducts simple() {
        return Simple.INSTANCE;
    }

    /** {@link BatchKernels}' loops. */
    final class Simple implements AffineProducts {
        private static final Simple INSTANCE = new Simple();

        private Simple() {}

        @Override
        public void affine(double[] m, double[] b, int out, int in, double[] x, double[] y, int n) {
            BatchKernels.affine(m, b, out, in, x, y, n);
        }

        @Override
        public void affineBackInto(double[] m, int out, int in, double[] dy, double[] dx, int n) {
            BatchKernels.affineBackInto(m, out, in, dy, dx, n);
        }

        @Override
        public void affineGradients(
                double[] dy, double[] x, int out, int in, double[] gm, double[] gb, int n) {
            BatchKernels.affineGradients(dy, x, out, in, gm, gb, n);
        }

        @Override
        public void affineGradientsInto(
                double[] dy, double[] x, int out, int in, double[] gm, double[] gb, int n) {
            for (int j = 0; j < out; j++) {
                gb[j] = BatchKernels.sum(dy, j * n, n);
                for (int k = 0; k < in; k++) {
                    gm[j * in + k] = BatchKernels.dot(dy, j * n, x, k * n, n);
                }
            }
        }
    }
}
