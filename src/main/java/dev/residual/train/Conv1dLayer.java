package dev.residual.train;

/**
 * One 1-D convolution over time with kernel 3, stride 2 and padding 1, plain (halving the length,
 * rounding up) or transposed (doubling it, with an output padding of 0 or 1 to land on the exact
 * length the encoder came from). Weights are kept in ONNX's layout, so export copies them as they
 * are: Conv's {@code [out][in][k]}, ConvTranspose's {@code [in][out][k]}. Activations are
 * channel-major, {@code [channel][t]}.
 */
final class Conv1dLayer {
    static final int KERNEL = 3;
    static final int STRIDE = 2;
    static final int PAD = 1;

    final int in;
    final int out;
    final boolean transposed;
    final int outputPadding;
    final double[] weights;
    final double[] biases;

    /**
     * @param outputPadding transposed only: 1 when the length to reach is even, else 0
     */
    Conv1dLayer(int in, int out, boolean transposed, int outputPadding) {
        this.in = in;
        this.out = out;
        this.transposed = transposed;
        this.outputPadding = outputPadding;
        this.weights = new double[in * out * KERNEL];
        this.biases = new double[out];
    }

    Conv1dLayer copy() {
        Conv1dLayer c = new Conv1dLayer(in, out, transposed, outputPadding);
        System.arraycopy(weights, 0, c.weights, 0, weights.length);
        System.arraycopy(biases, 0, c.biases, 0, biases.length);
        return c;
    }

    /** Length of the output for an input of {@code length} steps. */
    int outLength(int length) {
        return transposed
                ? STRIDE * (length - 1) + outputPadding + KERNEL - 2 * PAD
                : (length + 2 * PAD - KERNEL) / STRIDE + 1;
    }

    /** The flat weight index joining input channel {@code c}, output channel {@code o}, tap k. */
    int w(int c, int o, int k) {
        return transposed ? (c * out + o) * KERNEL + k : (o * in + c) * KERNEL + k;
    }

    /**
     * The steps each tap {@code k} joins, for an input of {@code length} steps. A convolution joins
     * input step i and output step t where {@code i = t*S + k - P}, a transposed one where {@code t
     * = i*S + k - P}; forward and backward walk the same pairs.
     */
    Taps taps(int length) {
        int outLen = outLength(length);
        int small = transposed ? length : outLen;
        int large = transposed ? outLen : length;
        int[][] byTap = new int[KERNEL][];
        int[][] byTarget = new int[outLen][];
        int[][] bySource = new int[length][];
        for (int k = 0; k < KERNEL; k++) {
            int[] p = new int[2 * small];
            int n = 0;
            for (int s = 0; s < small; s++) {
                int l = s * STRIDE + k - PAD;
                if (l >= 0 && l < large) {
                    p[n++] = transposed ? s : l;
                    p[n++] = transposed ? l : s;
                }
            }
            byTap[k] = java.util.Arrays.copyOf(p, n);
        }
        for (int t = 0; t < outLen; t++) {
            byTarget[t] = joined(byTap, 1, t);
        }
        for (int i = 0; i < length; i++) {
            bySource[i] = joined(byTap, 0, i);
        }
        return new Taps(length, outLen, byTap, byTarget, bySource);
    }

    /** The taps k, ascending, that join step {@code step} at {@code side} with the other side. */
    private static int[] joined(int[][] byTap, int side, int step) {
        int[] p = new int[2 * KERNEL];
        int n = 0;
        for (int k = 0; k < KERNEL; k++) {
            for (int j = 0; j < byTap[k].length; j += 2) {
                if (byTap[k][j + side] == step) {
                    p[n++] = k;
                    p[n++] = byTap[k][j + 1 - side];
                }
            }
        }
        return java.util.Arrays.copyOf(p, n);
    }

    /**
     * A layer's pairs of steps for one input length.
     *
     * @param byTap per tap k, the pairs it joins, {@code [2j]} the input step, {@code [2j+1]} the
     *     output step, in order of the smaller side
     * @param byTarget per output step t, the taps that reach it, {@code [2j]} k ascending, {@code
     *     [2j+1]} the input step
     * @param bySource per input step i, the taps it feeds, {@code [2j]} k ascending, {@code [2j+1]}
     *     the output step
     */
    record Taps(int length, int outLength, int[][] byTap, int[][] byTarget, int[][] bySource) {}

    /**
     * {@code y = layer(x)} over a batch of n: x holds a row of n values per input channel and step
     * ({@code x[c * length + i]}), y one per output channel and step; y is overwritten. Each value
     * starts from its bias and adds its terms in order of input channel, then tap: the order of a
     * sample's plain loop over channels, taps and steps.
     */
    void forward(double[][] x, Taps taps, double[][] y, int n, ConvWorkspace scratch) {
        combine(x, taps.length(), taps.byTarget(), y, true, n, scratch);
    }

    /**
     * Adds the batch's gradients to {@code dw} and {@code db} given {@code dy}, the loss gradient
     * at the output, sample after sample as a loop over the samples would; writes the gradient at
     * the input into {@code dx} unless it is null. Rows as in {@link #forward}.
     */
    void backward(
            double[][] x,
            Taps taps,
            double[][] dy,
            double[][] dx,
            double[] dw,
            double[] db,
            int n,
            ConvWorkspace scratch) {
        biasGradients(dy, taps.outLength(), db, n);
        weightGradients(x, taps, dy, dw, n, scratch);
        if (dx != null) {
            // Each value from 0 adding its terms in order of output channel, then tap: the order
            // in which a sample's loop over output channels, input channels and taps reaches it.
            combine(dy, taps.outLength(), taps.bySource(), dx, false, n, scratch);
        }
    }

    /**
     * The rows of one side of the layer from those of the other: for every step s of the side
     * computed and each of its channels q, the row starts from q's bias (output side) or 0 (input
     * side) and adds, in order of the other side's channel p, then tap, {@code weight(p, q, k) *
     * from[p * fromLength + step]}, the steps that {@code lists[s]} pairs with s.
     */
    private void combine(
            double[][] from,
            int fromLength,
            int[][] lists,
            double[][] to,
            boolean toOutput,
            int n,
            ConvWorkspace scratch) {
        double[] coefficients = scratch.coefficients;
        double[][] terms = scratch.terms;
        int fromChannels = toOutput ? in : out;
        int toChannels = toOutput ? out : in;
        for (int step = 0; step < lists.length; step++) {
            int[] p = lists[step];
            int count = 0;
            for (int c = 0; c < fromChannels; c++) {
                for (int j = 0; j < p.length; j += 2) {
                    terms[count++] = from[c * fromLength + p[j + 1]];
                }
            }
            for (int q = 0; q < toChannels; q++) {
                int m = 0;
                for (int c = 0; c < fromChannels; c++) {
                    for (int j = 0; j < p.length; j += 2) {
                        coefficients[m++] = weights[toOutput ? w(c, q, p[j]) : w(q, c, p[j])];
                    }
                }
                double[] row = to[q * lists.length + step];
                java.util.Arrays.fill(row, 0, n, toOutput ? biases[q] : 0.0);
                RowKernels.addTerms(row, coefficients, terms, count, n);
            }
        }
    }

    /** {@code db[o] +=} each sample's sum over its steps, in order of sample, then step. */
    private void biasGradients(double[][] dy, int outLen, double[] db, int n) {
        for (int b = 0; b < n; b++) {
            for (int t = 0; t < outLen; t++) {
                for (int o = 0; o < out; o++) {
                    db[o] += dy[o * outLen + t][b];
                }
            }
        }
    }

    /**
     * Each weight's gradient: per sample, its tap's products summed from 0 in the tap's order,
     * computed for the whole batch at once into a row; then the row's values added to the weight in
     * order of sample. Weights go a contiguous block at a time (one output channel's, or a
     * transposed layer's input channel's), their rows summed together.
     */
    private void weightGradients(
            double[][] x, Taps taps, double[][] dy, double[] dw, int n, ConvWorkspace scratch) {
        double[][][] deltas = scratch.deltaLists;
        double[][][] inputs = scratch.inputLists;
        for (int k = 0; k < KERNEL; k++) {
            int[] p = taps.byTap()[k];
            for (int j = 0; j < p.length; j += 2) {
                for (int o = 0; o < out; o++) {
                    deltas[o * KERNEL + k][j / 2] = dy[o * taps.outLength() + p[j + 1]];
                }
                for (int c = 0; c < in; c++) {
                    inputs[c * KERNEL + k][j / 2] = x[c * taps.length() + p[j]];
                }
            }
        }
        int blocks = transposed ? in : out;
        int width = KERNEL * (transposed ? out : in);
        double[][] rows = scratch.blockRows;
        for (int block = 0; block < blocks; block++) {
            for (int q = 0; q < width; q++) {
                int inner = q / KERNEL;
                int k = q % KERNEL;
                int o = transposed ? inner : block;
                int c = transposed ? block : inner;
                java.util.Arrays.fill(rows[q], 0, n, 0.0);
                RowKernels.addProducts(
                        rows[q],
                        deltas[o * KERNEL + k],
                        inputs[c * KERNEL + k],
                        taps.byTap()[k].length / 2,
                        n);
            }
            RowKernels.addRowSums(dw, block * width, rows, width, n);
        }
    }
}
