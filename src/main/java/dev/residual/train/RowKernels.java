package dev.residual.train;

/**
 * Sums over rows that are arrays of their own, indexed from 0: the loop form HotSpot 17's C2
 * vectorises (it does not vectorise the same loop at offsets into one flat array). Each value is
 * summed in a fixed order, the order of the terms as given, so callers get the same bits as a plain
 * loop that adds the terms one by one. Four terms are added per pass, {@code y + t0 + t1 + t2 + t3}
 * left to right as Java evaluates it: the order of four separate passes, in a quarter of the loads
 * and stores of {@code y}.
 */
final class RowKernels {
    private static final int TERMS = 4;

    private RowKernels() {}

    /** {@code y[b] += a[r] * x[r][b]} for r from 0 to count in order, b from 0 to n. */
    static void addTerms(double[] y, double[] a, double[][] x, int count, int n) {
        int r = 0;
        for (; r + TERMS <= count; r += TERMS) {
            addFour(y, a[r], x[r], a[r + 1], x[r + 1], a[r + 2], x[r + 2], a[r + 3], x[r + 3], n);
        }
        for (; r < count; r++) {
            double a0 = a[r];
            double[] x0 = x[r];
            for (int b = 0; b < n; b++) {
                y[b] += a0 * x0[b];
            }
        }
    }

    private static void addFour(
            double[] y,
            double a0,
            double[] x0,
            double a1,
            double[] x1,
            double a2,
            double[] x2,
            double a3,
            double[] x3,
            int n) {
        for (int b = 0; b < n; b++) {
            y[b] = y[b] + a0 * x0[b] + a1 * x1[b] + a2 * x2[b] + a3 * x3[b];
        }
    }

    /**
     * {@code y[b] += u[r][b] * v[r][b]} for r from 0 to count in order, b from 0 to n; two terms a
     * pass, as C2 vectorises the loop with two (with four it ran it scalar).
     */
    static void addProducts(double[] y, double[][] u, double[][] v, int count, int n) {
        int r = 0;
        for (; r + 2 <= count; r += 2) {
            double[] u0 = u[r];
            double[] u1 = u[r + 1];
            double[] v0 = v[r];
            double[] v1 = v[r + 1];
            for (int b = 0; b < n; b++) {
                y[b] = y[b] + u0[b] * v0[b] + u1[b] * v1[b];
            }
        }
        if (r < count) {
            double[] u0 = u[r];
            double[] v0 = v[r];
            for (int b = 0; b < n; b++) {
                y[b] += u0[b] * v0[b];
            }
        }
    }

    /**
     * {@code y[base + q] +=} every value of {@code rows[q]} in order from 0 to n, for q from 0 to
     * count: each a chain of dependent additions, four rows side by side so that the chains
     * overlap.
     */
    static void addRowSums(double[] y, int base, double[][] rows, int count, int n) {
        int q = 0;
        for (; q + TERMS <= count; q += TERMS) {
            double[] r0 = rows[q];
            double[] r1 = rows[q + 1];
            double[] r2 = rows[q + 2];
            double[] r3 = rows[q + 3];
            double s0 = y[base + q];
            double s1 = y[base + q + 1];
            double s2 = y[base + q + 2];
            double s3 = y[base + q + 3];
            for (int b = 0; b < n; b++) {
                s0 += r0[b];
                s1 += r1[b];
                s2 += r2[b];
                s3 += r3[b];
            }
            y[base + q] = s0;
            y[base + q + 1] = s1;
            y[base + q + 2] = s2;
            y[base + q + 3] = s3;
        }
        for (; q < count; q++) {
            double[] r0 = rows[q];
            double s0 = y[base + q];
            for (int b = 0; b < n; b++) {
                s0 += r0[b];
            }
            y[base + q] = s0;
        }
    }

    /** {@code sum[j] += rows[r][j]} for r from 0 to count in order, every j below width at once. */
    static void addRows(double[] sum, double[][] rows, int count, int width) {
        for (int r = 0; r < count; r++) {
            double[] row = rows[r];
            for (int j = 0; j < width; j++) {
                sum[j] += row[j];
            }
        }
    }
}
