package dev.residual.train;

/**
 * {@link BatchKernels}' affine products, rearranged so that the JIT vectorises them and one pass
 * over a row does the work of several: bit for bit the same results, in the same summation order
 * per value. Holds scratch buffers: one instance per thread.
 *
 * <p>C2 (HotSpot 17) vectorises {@code y[b] += a * x[b]} but not the same loop at offsets into flat
 * arrays ({@code y[o + b] += a * x[xo + b]}), which is how {@link BatchKernels} reaches a batch's
 * rows: its loops run scalar. Here the rows an operation reads are first copied into arrays of
 * their own ({@code rows}), the output row is built in {@code acc} and copied back, and {@link
 * RowKernels} adds the terms, four per pass, every inner loop indexed from 0. The weight gradients
 * transpose the deltas so that one vectorised pass runs over a whole column of weights, each weight
 * summing its even and odd terms apart, in order, as {@link BatchKernels#dot} does.
 */
final class BlockedKernels implements AffineProducts {
    private final double[][] rows;
    private final double[][] transposed;
    private final double[] acc;
    private final double[] coefficients;
    private final double[] even;
    private final double[] odd;

    /** Buffers for products of up to {@code maxRows} rows (in or out) over batches of up to n. */
    BlockedKernels(int maxRows, int maxBatch) {
        this.rows = new double[maxRows][maxBatch];
        this.transposed = new double[maxBatch][maxRows];
        this.acc = new double[maxBatch];
        this.coefficients = new double[maxRows];
        this.even = new double[maxRows];
        this.odd = new double[maxRows];
    }

    /** {@code y = b + M x}, as {@link BatchKernels#affine}: terms in order of k. */
    @Override
    public void affine(double[] m, double[] b, int out, int in, double[] x, double[] y, int n) {
        split(x, in, n);
        for (int j = 0; j < out; j++) {
            java.util.Arrays.fill(acc, 0, n, b[j]);
            System.arraycopy(m, j * in, coefficients, 0, in);
            RowKernels.addTerms(acc, coefficients, rows, in, n);
            System.arraycopy(acc, 0, y, j * n, n);
        }
    }

    /** {@code dx += M^T dy}, as {@link BatchKernels#affineBackInto}: terms in order of j. */
    @Override
    public void affineBackInto(double[] m, int out, int in, double[] dy, double[] dx, int n) {
        split(dy, out, n);
        for (int k = 0; k < in; k++) {
            System.arraycopy(dx, k * n, acc, 0, n);
            for (int j = 0; j < out; j++) {
                coefficients[j] = m[j * in + k];
            }
            RowKernels.addTerms(acc, coefficients, rows, out, n);
            System.arraycopy(acc, 0, dx, k * n, n);
        }
    }

    /** Copies the first {@code count} rows of n values of {@code flat} into {@link #rows}. */
    private void split(double[] flat, int count, int n) {
        for (int r = 0; r < count; r++) {
            System.arraycopy(flat, r * n, rows[r], 0, n);
        }
    }

    /** {@code gm += dy x^T}, {@code gb += sum of dy}, as {@link BatchKernels#affineGradients}. */
    @Override
    public void affineGradients(
            double[] dy, double[] x, int out, int in, double[] gm, double[] gb, int n) {
        gradients(dy, x, out, in, gm, gb, n, true);
    }

    /**
     * {@code gm = dy x^T}, {@code gb = sum of dy}, each the same sum as in {@link
     * #affineGradients}.
     */
    @Override
    public void affineGradientsInto(
            double[] dy, double[] x, int out, int in, double[] gm, double[] gb, int n) {
        gradients(dy, x, out, in, gm, gb, n, false);
    }

    /** The gradients, added to {@code gm} and {@code gb} or, without {@code add}, written there. */
    private void gradients(
            double[] dy,
            double[] x,
            int out,
            int in,
            double[] gm,
            double[] gb,
            int n,
            boolean add) {
        for (int j = 0; j < out; j++) {
            int row = j * n;
            for (int b = 0; b < n; b++) {
                transposed[b][j] = dy[row + b];
            }
        }
        biasGradients(gb, out, n, add);
        for (int k = 0; k < in; k++) {
            column(x, k * n, out, n);
            for (int j = 0; j < out; j++) {
                gm[j * in + k] = add ? gm[j * in + k] + (even[j] + odd[j]) : even[j] + odd[j];
            }
        }
    }

    /**
     * {@code gb[j] += } (or, without {@code add}, {@code =}) the sum of row j of the deltas, summed
     * from 0 in order of b as {@link BatchKernels#sum} does, every row at once.
     */
    private void biasGradients(double[] gb, int out, int n, boolean add) {
        double[] s = even;
        java.util.Arrays.fill(s, 0, out, 0.0);
        RowKernels.addRows(s, transposed, n, out);
        for (int j = 0; j < out; j++) {
            gb[j] = add ? gb[j] + s[j] : s[j];
        }
    }

    /**
     * Sums {@code dy[j][b] * x[xk + b]} over the batch for every row j into {@link #even} (even b)
     * and {@link #odd} (odd b), each in order of b, four rows of the batch per pass.
     */
    private void column(double[] x, int xk, int out, int n) {
        double[] e = even;
        double[] o = odd;
        java.util.Arrays.fill(e, 0, out, 0.0);
        java.util.Arrays.fill(o, 0, out, 0.0);
        int b = 0;
        for (; b + 3 < n; b += 4) {
            double p0 = x[xk + b];
            double p1 = x[xk + b + 1];
            double p2 = x[xk + b + 2];
            double p3 = x[xk + b + 3];
            double[] d0 = transposed[b];
            double[] d1 = transposed[b + 1];
            double[] d2 = transposed[b + 2];
            double[] d3 = transposed[b + 3];
            for (int j = 0; j < out; j++) {
                e[j] = e[j] + d0[j] * p0 + d2[j] * p2;
                o[j] = o[j] + d1[j] * p1 + d3[j] * p3;
            }
        }
        for (; b < n; b++) {
            double p = x[xk + b];
            double[] d = transposed[b];
            double[] sums = b % 2 == 0 ? e : o;
            for (int j = 0; j < out; j++) {
                sums[j] += d[j] * p;
            }
        }
    }
}
