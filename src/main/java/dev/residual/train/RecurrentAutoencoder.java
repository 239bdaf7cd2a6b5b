package dev.residual.train;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A recurrent autoencoder over windows of W consecutive rows of F features: a recurrent encoder (an
 * LSTM or GRU {@link RecurrentCell} of H units) reads the W steps from a zero state, its final
 * hidden state is the latent code, and a linear layer decodes the code to all W * F values.
 *
 * <p>Batches are feature-major, as in {@link DenseAutoencoder}: step t's input is {@code x[t][f * n
 * + b]}, the output {@code y[(t * F + f) * n + b]}. The encoder's weights are ONNX's: {@code wx}
 * ({@code G*H x F}) and {@code wh} ({@code G*H x H}) row-major with the gates in ONNX's order, and
 * the input and recurrent biases {@code bx}, {@code bh}. The loss of a batch is the mean over rows
 * and the W * F values of the squared reconstruction error, in scaled units; gradients are exact,
 * by backpropagation through time.
 */
public final class RecurrentAutoencoder {
    private final RecurrentCell cell;
    private final int features;
    private final int window;
    private final int hidden;
    final double[] wx;
    final double[] wh;
    final double[] bx;
    final double[] bh;
    final double[] wd;
    final double[] bd;

    private RecurrentAutoencoder(RecurrentCell cell, int features, int window, int hidden) {
        this.cell = cell;
        this.features = features;
        this.window = window;
        this.hidden = hidden;
        int rows = cell.gates() * hidden;
        this.wx = new double[rows * features];
        this.wh = new double[rows * hidden];
        this.bx = new double[rows];
        this.bh = new double[rows];
        this.wd = new double[window * features * hidden];
        this.bd = new double[window * features];
    }

    /** Glorot-uniform weights drawn from {@code seed}; zero biases but the cell's own. */
    static RecurrentAutoencoder initialise(
            RecurrentCell cell, int features, int window, int hidden, long seed) {
        if (features < 1 || window < 1 || hidden < 1) {
            throw new IllegalArgumentException(
                    "features, window and hidden size must be positive, got "
                            + features
                            + ", "
                            + window
                            + ", "
                            + hidden);
        }
        RecurrentAutoencoder net = new RecurrentAutoencoder(cell, features, window, hidden);
        SplittableRandom random = new SplittableRandom(seed);
        glorot(net.wx, features, hidden, random);
        glorot(net.wh, hidden, hidden, random);
        glorot(net.wd, hidden, window * features, random);
        cell.initialiseBias(net.bx, hidden);
        return net;
    }

    private static void glorot(double[] w, int in, int out, SplittableRandom random) {
        double limit = Math.sqrt(6.0 / (in + out));
        for (int i = 0; i < w.length; i++) {
            w[i] = (2.0 * random.nextDouble() - 1.0) * limit;
        }
    }

    /** An independent copy: the best epoch's network during training. */
    RecurrentAutoencoder copy() {
        RecurrentAutoencoder c = new RecurrentAutoencoder(cell, features, window, hidden);
        double[][] from = parameters();
        double[][] to = c.parameters();
        for (int i = 0; i < from.length; i++) {
            System.arraycopy(from[i], 0, to[i], 0, from[i].length);
        }
        return c;
    }

    /** The weight arrays, in the order {@code wx, wh, bx, bh, wd, bd}; not copies. */
    double[][] parameters() {
        return new double[][] {wx, wh, bx, bh, wd, bd};
    }

    RecurrentCell cell() {
        return cell;
    }

    public ModelKind kind() {
        return cell.kind();
    }

    public int features() {
        return features;
    }

    public int window() {
        return window;
    }

    /** Hidden units of the encoder: the width of the latent code. */
    public int hidden() {
        return hidden;
    }

    /** Buffers for batches of up to {@code maxBatch} windows; one per thread. */
    Workspace workspace(int maxBatch) {
        return new Workspace(maxBatch, false);
    }

    /**
     * As {@link #workspace(int)}; with {@code simple}, computing its products with {@link
     * AffineProducts#simple()}, the reference the blocked ones are checked against.
     */
    Workspace workspace(int maxBatch, boolean simple) {
        return new Workspace(maxBatch, simple);
    }

    /** Runs the n windows in {@code ws.steps} forward; the output is {@code ws.output}. */
    void forward(Workspace ws, int n) {
        int units = cell.gates() * hidden;
        Arrays.fill(ws.hs[0], 0, hidden * n, 0.0);
        Arrays.fill(ws.cs[0], 0, hidden * n, 0.0);
        for (int t = 0; t < window; t++) {
            ws.products.affine(wx, bx, units, features, ws.steps[t], ws.px, n);
            ws.products.affine(wh, bh, units, hidden, ws.hs[t], ws.ph, n);
            cell.forward(ws, t, n);
        }
        ws.products.affine(wd, bd, window * features, hidden, ws.hs[window], ws.output, n);
    }

    /**
     * Forward and backward over the n windows in {@code ws.steps}: fills {@code grads} (shaped as
     * {@link #parameters()}) with the gradient of the batch's loss.
     *
     * @return the batch's loss
     */
    double lossAndGradients(Workspace ws, int n, double[][] grads) {
        forward(ws, n);
        for (double[] g : grads) {
            Arrays.fill(g, 0.0);
        }
        int outputs = window * features;
        double scale = 2.0 / ((double) n * outputs);
        double sum = 0.0;
        for (int t = 0; t < window; t++) {
            for (int i = 0, m = features * n; i < m; i++) {
                int o = t * m + i;
                double d = ws.output[o] - ws.steps[t][i];
                sum += d * d;
                ws.outputDelta[o] = scale * d;
            }
        }
        ws.products.affineGradients(
                ws.outputDelta, ws.hs[window], outputs, hidden, grads[4], grads[5], n);
        Arrays.fill(ws.dh, 0, hidden * n, 0.0);
        Arrays.fill(ws.dc, 0, hidden * n, 0.0);
        ws.products.affineBackInto(wd, outputs, hidden, ws.outputDelta, ws.dh, n);
        throughTime(ws, n, grads);
        return sum / ((double) n * outputs);
    }

    /** Backpropagation through time, from the last step's derivatives in {@code ws.dh}. */
    private void throughTime(Workspace ws, int n, double[][] grads) {
        int units = cell.gates() * hidden;
        for (int t = window - 1; t >= 0; t--) {
            cell.backward(ws, t, n);
            ws.products.affineGradients(
                    ws.dpx, ws.steps[t], units, features, grads[0], grads[2], n);
            ws.products.affineGradients(ws.dph, ws.hs[t], units, hidden, grads[1], grads[3], n);
            ws.products.affineBackInto(wh, units, hidden, ws.dph, ws.dhPrev, n);
            ws.swapDeltas();
        }
    }

    /** Per-thread buffers of a batch: every step's input, states and gates, and the deltas. */
    final class Workspace {
        /** Step t's scaled input, feature-major; filled by the caller. */
        final double[][] steps;

        /** The reconstruction of all W * F values, in scaled units. */
        final double[] output;

        final double[][] hs;
        final double[][] cs;
        final double[][] gates;
        final double[][] aux;
        final double[] px;
        final double[] ph;
        final double[] outputDelta;
        final double[] dpx;
        final double[] dph;
        final int maxBatch;
        final AffineProducts products;
        double[] dh;
        double[] dc;
        double[] dhPrev;
        double[] dcPrev;

        private Workspace(int maxBatch, boolean simple) {
            this.maxBatch = maxBatch;
            int rows = Math.max(cell.gates() * hidden, window * features);
            this.products = simple ? AffineProducts.simple() : new BlockedKernels(rows, maxBatch);
            int units = cell.gates() * hidden * maxBatch;
            int state = hidden * maxBatch;
            steps = new double[window][features * maxBatch];
            output = new double[window * features * maxBatch];
            outputDelta = new double[output.length];
            hs = new double[window + 1][state];
            cs = new double[window + 1][state];
            gates = new double[window][units];
            aux = new double[window][state];
            px = new double[units];
            ph = new double[units];
            dpx = new double[units];
            dph = new double[units];
            dh = new double[state];
            dc = new double[state];
            dhPrev = new double[state];
            dcPrev = new double[state];
        }

        /** Values of one state (hidden or cell) over a batch of n. */
        int stateSize(int n) {
            return hidden * n;
        }

        /** The latent code of the last forward pass: the final hidden state, feature-major. */
        double[] latent() {
            return hs[window];
        }

        private void swapDeltas() {
            double[] h = dh;
            dh = dhPrev;
            dhPrev = h;
            double[] c = dc;
            dc = dcPrev;
            dcPrev = c;
        }
    }
}
