package dev.residual.train;

/**
 * The inner loops of the dense layers, over one feature's values across a feature-major batch:
 * long, contiguous runs that the JIT vectorises, in a fixed order so that results are
 * deterministic.
 */
final class BatchKernels {
    private BatchKernels() {}

    /** {@code y[yOff..yOff+n) += a * x[xOff..xOff+n)}. */
    static void axpy(double a, double[] x, int xOff, double[] y, int yOff, int n) {
        for (int b = 0; b < n; b++) {
            y[yOff + b] += a * x[xOff + b];
        }
    }

    /**
     * Two interleaved partial sums: a fixed order (deterministic) with some instruction overlap.
     */
    static double dot(double[] a, int aOff, double[] b, int bOff, int n) {
        double s0 = 0.0;
        double s1 = 0.0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            s0 += a[aOff + i] * b[bOff + i];
            s1 += a[aOff + i + 1] * b[bOff + i + 1];
        }
        for (; i < n; i++) {
            s0 += a[aOff + i] * b[bOff + i];
        }
        return s0 + s1;
    }

    static double sum(double[] a, int off, int n) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += a[off + i];
        }
        return s;
    }

    /**
     * {@code y = b + M x} over a feature-major batch of n: M is {@code out x in}, row-major, x
     * holds {@code in} runs of n values and y {@code out} runs.
     */
    static void affine(double[] m, double[] b, int out, int in, double[] x, double[] y, int n) {
        for (int j = 0; j < out; j++) {
            int o = j * n;
            java.util.Arrays.fill(y, o, o + n, b[j]);
            for (int k = 0; k < in; k++) {
                axpy(m[j * in + k], x, k * n, y, o, n);
            }
        }
    }

    /** {@code dx += M^T dy}: the backward pass of {@link #affine} into its input. */
    static void affineBackInto(double[] m, int out, int in, double[] dy, double[] dx, int n) {
        for (int j = 0; j < out; j++) {
            for (int k = 0; k < in; k++) {
                axpy(m[j * in + k], dy, j * n, dx, k * n, n);
            }
        }
    }

    /** {@code gm += dy x^T} and {@code gb += sum of dy over the batch}: the affine's gradients. */
    static void affineGradients(
            double[] dy, double[] x, int out, int in, double[] gm, double[] gb, int n) {
        for (int j = 0; j < out; j++) {
            gb[j] += sum(dy, j * n, n);
            for (int k = 0; k < in; k++) {
                gm[j * in + k] += dot(dy, j * n, x, k * n, n);
            }
        }
    }
}
