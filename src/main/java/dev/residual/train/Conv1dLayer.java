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
    private int tapsLength = -1;
    private int[][] taps;

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
    private int w(int c, int o, int k) {
        return transposed ? (c * out + o) * KERNEL + k : (o * in + c) * KERNEL + k;
    }

    /**
     * The pairs an input step {@code i} and an output step {@code t} joined by each tap {@code k},
     * for an input of {@code length} steps: {@code [k][2j]} is i, {@code [k][2j+1]} is t. A
     * convolution pairs them where {@code i = t*S + k - P}, a transposed one where {@code t = i*S +
     * k - P}; both forward and backward walk the same pairs.
     */
    private int[][] taps(int length) {
        // A network feeds each layer one length: computed once, not per sample.
        if (length != tapsLength) {
            taps = pairs(length);
            tapsLength = length;
        }
        return taps;
    }

    private int[][] pairs(int length) {
        int outLen = outLength(length);
        int small = transposed ? length : outLen;
        int large = transposed ? outLen : length;
        int[][] pairs = new int[KERNEL][];
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
            pairs[k] = java.util.Arrays.copyOf(p, n);
        }
        return pairs;
    }

    /** {@code y = layer(x)} for {@code x} of {@code length} steps; {@code y} is overwritten. */
    void forward(double[] x, int length, double[] y) {
        int outLen = outLength(length);
        int[][] pairs = taps(length);
        for (int o = 0; o < out; o++) {
            java.util.Arrays.fill(y, o * outLen, (o + 1) * outLen, biases[o]);
            for (int c = 0; c < in; c++) {
                for (int k = 0; k < KERNEL; k++) {
                    double weight = weights[w(c, o, k)];
                    int[] p = pairs[k];
                    for (int j = 0; j < p.length; j += 2) {
                        y[o * outLen + p[j + 1]] += weight * x[c * length + p[j]];
                    }
                }
            }
        }
    }

    /**
     * Adds this sample's gradients to {@code dw} and {@code db} given {@code dy}, the loss gradient
     * at the output; writes the gradient at the input into {@code dx} unless it is null.
     */
    void backward(double[] x, int length, double[] dy, double[] dx, double[] dw, double[] db) {
        int outLen = outLength(length);
        int[][] pairs = taps(length);
        if (dx != null) {
            java.util.Arrays.fill(dx, 0, in * length, 0.0);
        }
        for (int o = 0; o < out; o++) {
            for (int t = 0; t < outLen; t++) {
                db[o] += dy[o * outLen + t];
            }
            for (int c = 0; c < in; c++) {
                for (int k = 0; k < KERNEL; k++) {
                    int wi = w(c, o, k);
                    double weight = weights[wi];
                    double grad = 0.0;
                    int[] p = pairs[k];
                    for (int j = 0; j < p.length; j += 2) {
                        double g = dy[o * outLen + p[j + 1]];
                        grad += g * x[c * length + p[j]];
                        if (dx != null) {
                            dx[c * length + p[j]] += g * weight;
                        }
                    }
                    dw[wi] += grad;
                }
            }
        }
    }
}
