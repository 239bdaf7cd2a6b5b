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
}
