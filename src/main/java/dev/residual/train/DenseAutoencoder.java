package dev.residual.train;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A symmetrical dense autoencoder on primitive arrays: features, the hidden layers down to the
 * latent layer, the same sizes back up, and a linear output layer.
 *
 * <p>Batches are laid out feature-major ({@code x[k * n + b]} is feature k of row b) so that every
 * inner loop runs over the batch: long, contiguous and free of floating-point reductions that the
 * JIT cannot vectorise. Layer l's weights are {@code out x in}, row-major, in one flat array. The
 * loss of a batch is the mean over rows of the score (the mean squared error over features, in
 * scaled units) plus {@code weightDecay / 2} times the sum of squared weights (not biases).
 */
public final class DenseAutoencoder {
    private final int[] sizes;
    private final Activation activation;
    final double[][] weights;
    final double[][] biases;

    private DenseAutoencoder(int[] sizes, Activation activation) {
        this.sizes = sizes.clone();
        this.activation = activation;
        this.weights = new double[sizes.length - 1][];
        this.biases = new double[sizes.length - 1][];
        for (int l = 0; l < weights.length; l++) {
            weights[l] = new double[sizes[l + 1] * sizes[l]];
            biases[l] = new double[sizes[l + 1]];
        }
    }

    /**
     * A network with Glorot-uniform weights and zero biases drawn from {@code seed}, so the same
     * seed always gives the same starting point.
     *
     * @param features input and output width
     * @param hidden encoder layer sizes, ending with the latent size; the decoder mirrors them
     */
    public static DenseAutoencoder initialise(
            int features, int[] hidden, Activation activation, long seed) {
        if (features < 1 || hidden.length == 0) {
            throw new IllegalArgumentException("need at least one feature and one hidden layer");
        }
        int[] sizes = new int[2 * hidden.length + 1];
        sizes[0] = features;
        sizes[sizes.length - 1] = features;
        for (int i = 0; i < hidden.length; i++) {
            if (hidden[i] < 1) {
                throw new IllegalArgumentException("hidden layer sizes must be positive");
            }
            sizes[i + 1] = hidden[i];
            sizes[sizes.length - 2 - i] = hidden[i];
        }
        DenseAutoencoder net = new DenseAutoencoder(sizes, activation);
        SplittableRandom random = new SplittableRandom(seed);
        for (int l = 0; l < net.weights.length; l++) {
            double limit = Math.sqrt(6.0 / (sizes[l] + sizes[l + 1]));
            double[] w = net.weights[l];
            for (int i = 0; i < w.length; i++) {
                w[i] = (2.0 * random.nextDouble() - 1.0) * limit;
            }
        }
        return net;
    }

    /** An independent copy with the same weights: the best epoch's network during training. */
    public DenseAutoencoder copy() {
        DenseAutoencoder c = new DenseAutoencoder(sizes, activation);
        for (int l = 0; l < weights.length; l++) {
            System.arraycopy(weights[l], 0, c.weights[l], 0, weights[l].length);
            System.arraycopy(biases[l], 0, c.biases[l], 0, biases[l].length);
        }
        return c;
    }

    /** Layer widths from input to output, e.g. {@code [8, 4, 2, 4, 8]}. */
    public int[] sizes() {
        return sizes.clone();
    }

    public int features() {
        return sizes[0];
    }

    public int layers() {
        return weights.length;
    }

    /** Index into {@link #sizes()} of the latent layer (the narrowest, in the middle). */
    public int latentLayer() {
        return sizes.length / 2;
    }

    public Activation activation() {
        return activation;
    }

    /** Buffers for batches of up to {@code maxBatch} rows; one per thread. */
    public Workspace workspace(int maxBatch) {
        return new Workspace(sizes, maxBatch);
    }

    /** Runs the batch in {@code ws.input()} (n rows) forward; the output is {@code ws.output()}. */
    public void forward(Workspace ws, int n) {
        for (int l = 0; l < weights.length; l++) {
            affine(l, ws.acts[l], ws.acts[l + 1], n);
            if (l < weights.length - 1) {
                activation.applyInPlace(ws.acts[l + 1], 0, sizes[l + 1] * n);
            }
        }
    }

    /**
     * Forward and backward over the batch in {@code ws.input()}. Fills {@code grads} (same shapes
     * as {@link #weights} then {@link #biases}) with the gradient of the loss.
     *
     * @return the batch's mean score, without the weight decay term
     */
    public double lossAndGradients(
            Workspace ws, int n, double weightDecay, double[][] weightGrads, double[][] biasGrads) {
        forward(ws, n);
        int last = weights.length;
        double[] x = ws.acts[0];
        double[] y = ws.acts[last];
        double[] delta = ws.deltas[last];
        double scale = 2.0 / ((double) n * sizes[0]);
        double sum = 0.0;
        for (int i = 0, m = sizes[0] * n; i < m; i++) {
            double d = y[i] - x[i];
            sum += d * d;
            delta[i] = scale * d;
        }
        for (int l = last - 1; l >= 0; l--) {
            layerGradients(l, ws, n, weightDecay, weightGrads[l], biasGrads[l]);
            if (l > 0) {
                propagate(l, ws, n);
            }
        }
        return sum / ((double) n * sizes[0]);
    }

    /** The decay term of the loss: {@code weightDecay / 2 * sum of squared weights}. */
    double decayPenalty(double weightDecay) {
        double sum = 0.0;
        for (double[] w : weights) {
            for (double v : w) {
                sum += v * v;
            }
        }
        return 0.5 * weightDecay * sum;
    }

    private void affine(int l, double[] in, double[] out, int n) {
        int inDim = sizes[l];
        int outDim = sizes[l + 1];
        double[] w = weights[l];
        for (int j = 0; j < outDim; j++) {
            int o = j * n;
            Arrays.fill(out, o, o + n, biases[l][j]);
            for (int k = 0; k < inDim; k++) {
                axpy(w[j * inDim + k], in, k * n, out, o, n);
            }
        }
    }

    private void layerGradients(
            int l, Workspace ws, int n, double weightDecay, double[] gw, double[] gb) {
        int inDim = sizes[l];
        int outDim = sizes[l + 1];
        double[] in = ws.acts[l];
        double[] delta = ws.deltas[l + 1];
        double[] w = weights[l];
        for (int j = 0; j < outDim; j++) {
            gb[j] = sum(delta, j * n, n);
            for (int k = 0; k < inDim; k++) {
                int i = j * inDim + k;
                gw[i] = dot(delta, j * n, in, k * n, n) + weightDecay * w[i];
            }
        }
    }

    /** Pushes layer l's output deltas back through its weights and the activation below it. */
    private void propagate(int l, Workspace ws, int n) {
        int inDim = sizes[l];
        int outDim = sizes[l + 1];
        double[] below = ws.deltas[l];
        double[] delta = ws.deltas[l + 1];
        double[] w = weights[l];
        Arrays.fill(below, 0, inDim * n, 0.0);
        for (int j = 0; j < outDim; j++) {
            for (int k = 0; k < inDim; k++) {
                axpy(w[j * inDim + k], delta, j * n, below, k * n, n);
            }
        }
        activation.multiplyByDerivative(below, ws.acts[l], 0, inDim * n);
    }

    private static void axpy(double a, double[] x, int xOff, double[] y, int yOff, int n) {
        for (int b = 0; b < n; b++) {
            y[yOff + b] += a * x[xOff + b];
        }
    }

    /**
     * Two interleaved partial sums: a fixed order (deterministic) with some instruction overlap.
     */
    private static double dot(double[] a, int aOff, double[] b, int bOff, int n) {
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

    private static double sum(double[] a, int off, int n) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += a[off + i];
        }
        return s;
    }

    /** Per-thread batch buffers: each layer's activations and the loss's deltas. */
    public static final class Workspace {
        final double[][] acts;
        final double[][] deltas;
        final int maxBatch;

        Workspace(int[] sizes, int maxBatch) {
            this.maxBatch = maxBatch;
            acts = new double[sizes.length][];
            deltas = new double[sizes.length][];
            for (int l = 0; l < sizes.length; l++) {
                acts[l] = new double[sizes[l] * maxBatch];
                deltas[l] = new double[sizes[l] * maxBatch];
            }
        }

        /** The input batch, feature-major: {@code input()[k * n + b]}. */
        public double[] input() {
            return acts[0];
        }

        /** The reconstruction of the last forward pass, feature-major, in scaled units. */
        public double[] output() {
            return acts[acts.length - 1];
        }

        /** The activations of layer {@code layer} of {@link DenseAutoencoder#sizes()}. */
        public double[] activations(int layer) {
            return acts[layer];
        }

        public int maxBatch() {
            return maxBatch;
        }
    }
}
