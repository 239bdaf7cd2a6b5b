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
    private final boolean linearLatent;
    private PosteriorKl posteriorKl;
    private LatentDistance latentDistance;
    final double[][] weights;
    final double[][] biases;

    private DenseAutoencoder(int[] sizes, Activation activation, boolean linearLatent) {
        this.sizes = sizes.clone();
        this.activation = activation;
        this.linearLatent = linearLatent;
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
        return glorot(mirrored(features, hidden), activation, seed);
    }

    /**
     * A stack of dense layers of any widths, activated after every layer but the last. The
     * variational autoencoder trains two of these (encoder with its mean and log-variance heads,
     * decoder) and serves them as one network with {@link #withLinearLatent}.
     */
    static DenseAutoencoder stack(int[] sizes, Activation activation, long seed) {
        return glorot(sizes, activation, seed);
    }

    /**
     * A zero network of the {@code sizes} (input, encoder, latent, decoder, output) without
     * activation after the latent layer, for weights copied in: the variational kind's mean path,
     * whose latent code is the linear mean head.
     */
    static DenseAutoencoder withLinearLatent(int[] sizes, Activation activation) {
        return new DenseAutoencoder(sizes, activation, true);
    }

    /** Input, encoder sizes, then the encoder sizes but the latent one in reverse, output. */
    static int[] mirrored(int features, int[] hidden) {
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
        return sizes;
    }

    private static DenseAutoencoder glorot(int[] sizes, Activation activation, long seed) {
        DenseAutoencoder net = new DenseAutoencoder(sizes, activation, false);
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
        DenseAutoencoder c = new DenseAutoencoder(sizes, activation, linearLatent);
        c.posteriorKl = posteriorKl;
        c.latentDistance = latentDistance;
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
    public LayerWorkspace workspace(int maxBatch) {
        return workspace(maxBatch, false);
    }

    /**
     * As {@link #workspace(int)}; with {@code simple}, the products are {@link
     * AffineProducts#simple()}'s, the reference the blocked ones are checked against.
     */
    LayerWorkspace workspace(int maxBatch, boolean simple) {
        return new LayerWorkspace(sizes, maxBatch, simple);
    }

    /** Runs the batch in {@code ws.input()} (n rows) forward; the output is {@code ws.output()}. */
    public void forward(LayerWorkspace ws, int n) {
        forwardFrom(ws, 0, n);
    }

    /**
     * Runs the layers from {@code from} on over the n rows already in {@code ws.activations(from)}:
     * from the latent layer, the decoder alone.
     */
    void forwardFrom(LayerWorkspace ws, int from, int n) {
        for (int l = from; l < weights.length; l++) {
            ws.products.affine(
                    weights[l], biases[l], sizes[l + 1], sizes[l], ws.acts[l], ws.acts[l + 1], n);
            if (activated(l)) {
                activation.applyInPlace(ws.acts[l + 1], 0, sizes[l + 1] * n);
            }
        }
    }

    /**
     * The KL term the score adds (the variational kind scored by the negative ELBO), or null: the
     * score is the reconstruction error alone.
     */
    PosteriorKl posteriorKl() {
        return posteriorKl;
    }

    /** Adds {@code term} to the score; the term is immutable, so copies share it. */
    void scoreWith(PosteriorKl term) {
        this.posteriorKl = term;
    }

    /**
     * The latent distance the score is combined with ({@code --score reconstruction+latent}), or
     * null: the score is the reconstruction score alone.
     */
    LatentDistance latentDistance() {
        return latentDistance;
    }

    /** A copy whose score is combined with {@code term}, which is immutable and shared. */
    DenseAutoencoder withLatentDistance(LatentDistance term) {
        DenseAutoencoder c = copy();
        c.latentDistance = term;
        return c;
    }

    /** Whether layer {@code l}'s output goes through the activation. */
    boolean activated(int l) {
        return l < weights.length - 1 && !(linearLatent && l + 1 == latentLayer());
    }

    /**
     * Forward and backward over the batch in {@code ws.input()}. Fills {@code grads} (same shapes
     * as {@link #weights} then {@link #biases}) with the gradient of the loss.
     *
     * @return the batch's mean score, without the weight decay term
     */
    public double lossAndGradients(
            LayerWorkspace ws,
            int n,
            double weightDecay,
            double[][] weightGrads,
            double[][] biasGrads) {
        return lossAndGradients(ws, ws.input(), n, weightDecay, weightGrads, biasGrads, false);
    }

    /**
     * As {@link #lossAndGradients(LayerWorkspace, int, double, double[][], double[][])}, but the
     * reconstruction is compared with {@code target} (feature-major, like the input) rather than
     * with the input itself: the denoising kind feeds a corrupted copy and targets the clean rows.
     * With {@code toInput}, the loss's derivative by the input is left in {@link
     * LayerWorkspace#inputDelta()}: the variational kind's decoder passes it on to the encoder.
     */
    double lossAndGradients(
            LayerWorkspace ws,
            double[] target,
            int n,
            double weightDecay,
            double[][] weightGrads,
            double[][] biasGrads,
            boolean toInput) {
        forward(ws, n);
        int last = weights.length;
        double[] x = target;
        double[] y = ws.acts[last];
        double[] delta = ws.deltas[last];
        int width = sizes[last];
        double scale = 2.0 / ((double) n * width);
        double sum = 0.0;
        for (int i = 0, m = width * n; i < m; i++) {
            double d = y[i] - x[i];
            sum += d * d;
            delta[i] = scale * d;
        }
        backward(ws, n, weightDecay, weightGrads, biasGrads, toInput);
        return sum / ((double) n * width);
    }

    /**
     * Back-propagates the output deltas in {@link LayerWorkspace#outputDelta()} of the last forward
     * pass into the gradients; with {@code toInput}, also into {@link LayerWorkspace#inputDelta()}
     * (the variational kind continues from there into its sampling step).
     */
    void backward(
            LayerWorkspace ws,
            int n,
            double weightDecay,
            double[][] weightGrads,
            double[][] biasGrads,
            boolean toInput) {
        for (int l = weights.length - 1; l >= 0; l--) {
            layerGradients(l, ws, n, weightDecay, weightGrads[l], biasGrads[l]);
            if (l > 0 || toInput) {
                propagate(l, ws, n);
            }
        }
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

    /**
     * Layer l's gradients, {@code dw = delta x^T + weightDecay * w} and {@code db = sum of delta}.
     */
    private void layerGradients(
            int l, LayerWorkspace ws, int n, double weightDecay, double[] gw, double[] gb) {
        double[] w = weights[l];
        ws.products.affineGradientsInto(
                ws.deltas[l + 1], ws.acts[l], sizes[l + 1], sizes[l], gw, gb, n);
        for (int i = 0; i < w.length; i++) {
            gw[i] = gw[i] + weightDecay * w[i];
        }
    }

    /** Pushes layer l's output deltas back through its weights and the activation below it. */
    private void propagate(int l, LayerWorkspace ws, int n) {
        int inDim = sizes[l];
        int outDim = sizes[l + 1];
        double[] below = ws.deltas[l];
        Arrays.fill(below, 0, inDim * n, 0.0);
        ws.products.affineBackInto(weights[l], outDim, inDim, ws.deltas[l + 1], below, n);
        if (l > 0 && activated(l - 1)) {
            activation.multiplyByDerivative(below, ws.acts[l], 0, inDim * n);
        }
    }
}
