package dev.residual.train;

import java.util.SplittableRandom;

/**
 * A 1-D convolutional autoencoder over a window of {@code W} rows of {@code F} features: the
 * features are the channels, time the axis convolved. The encoder is one convolution (kernel 3,
 * stride 2, padding 1) per entry of {@code channels}, each halving the length; the decoder mirrors
 * it with transposed convolutions back to {@code F} channels and exactly {@code W} steps. Every
 * layer but the last is followed by the activation. Gradients are computed by hand in {@link
 * #lossAndGradients}, for a loss that is the mean squared error over the whole window.
 */
public final class ConvAutoencoder {
    private final int features;
    private final int window;
    private final int[] channels;
    private final Activation activation;
    final Conv1dLayer[] layers;
    private final int[] lengths;
    private final Conv1dLayer.Taps[] taps;

    private ConvAutoencoder(
            int features, int window, int[] channels, Activation activation, Conv1dLayer[] l) {
        this.features = features;
        this.window = window;
        this.channels = channels.clone();
        this.activation = activation;
        this.layers = l;
        this.lengths = new int[l.length + 1];
        this.taps = new Conv1dLayer.Taps[l.length];
        lengths[0] = window;
        for (int i = 0; i < l.length; i++) {
            taps[i] = l[i].taps(lengths[i]);
            lengths[i + 1] = taps[i].outLength();
        }
    }

    /** A network with Glorot-uniform weights drawn from {@code seed} and zero biases. */
    public static ConvAutoencoder initialise(
            int features, int window, int[] channels, Activation activation, long seed) {
        if (window < 2) {
            throw new IllegalArgumentException("window must be at least 2, got " + window);
        }
        int n = channels.length;
        int[] encoded = new int[n + 1];
        encoded[0] = window;
        for (int i = 0; i < n; i++) {
            encoded[i + 1] = (encoded[i] + 1) / 2;
        }
        Conv1dLayer[] layers = new Conv1dLayer[2 * n];
        for (int i = 0; i < n; i++) {
            layers[i] = new Conv1dLayer(i == 0 ? features : channels[i - 1], channels[i], false, 0);
            int level = n - 1 - i;
            int target = encoded[level];
            layers[n + i] =
                    new Conv1dLayer(
                            channels[level],
                            level == 0 ? features : channels[level - 1],
                            true,
                            target % 2 == 0 ? 1 : 0);
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (Conv1dLayer layer : layers) {
            double limit = Math.sqrt(6.0 / ((layer.in + layer.out) * Conv1dLayer.KERNEL));
            for (int i = 0; i < layer.weights.length; i++) {
                layer.weights[i] = (2.0 * random.nextDouble() - 1.0) * limit;
            }
        }
        return new ConvAutoencoder(features, window, channels, activation, layers);
    }

    /** A deep copy: the weights of the best epoch so far. */
    public ConvAutoencoder copy() {
        Conv1dLayer[] c = new Conv1dLayer[layers.length];
        for (int i = 0; i < layers.length; i++) {
            c[i] = layers[i].copy();
        }
        return new ConvAutoencoder(features, window, channels, activation, c);
    }

    public int features() {
        return features;
    }

    public int window() {
        return window;
    }

    /** Channels of each encoder level, the last being the bottleneck's. */
    public int[] channels() {
        return channels.clone();
    }

    public Activation activation() {
        return activation;
    }

    /** Number of convolution layers, encoder and decoder. */
    int depth() {
        return layers.length;
    }

    /** Length in time of layer {@code l}'s input ({@code l = depth()}: the output). */
    int length(int l) {
        return lengths[l];
    }

    /** Values of the latent code: bottleneck channels times its length in time. */
    public int latentWidth() {
        return channels[channels.length - 1] * lengths[channels.length];
    }

    /** Whether layer {@code l} is followed by the activation: all but the output layer. */
    boolean activated(int l) {
        return l < layers.length - 1;
    }

    /** Buffers for batches of up to {@code capacity} samples. */
    ConvWorkspace workspace(int capacity) {
        int[] rows = new int[layers.length + 1];
        rows[0] = features * window;
        int maxChannels = features;
        int maxSteps = window;
        for (int l = 0; l < layers.length; l++) {
            Conv1dLayer layer = layers[l];
            rows[l + 1] = layer.out * lengths[l + 1];
            maxChannels = Math.max(maxChannels, Math.max(layer.in, layer.out));
            maxSteps = Math.max(maxSteps, lengths[l + 1]);
        }
        return new ConvWorkspace(rows, maxChannels, maxSteps, capacity);
    }

    /** Runs the layers on the first n samples of {@code ws.input()} (scaled, channel-major). */
    void forward(ConvWorkspace ws, int n) {
        for (int l = 0; l < layers.length; l++) {
            layers[l].forward(ws.acts[l], taps[l], ws.acts[l + 1], n, ws);
            if (activated(l)) {
                for (double[] row : ws.acts[l + 1]) {
                    activation.applyInPlace(row, 0, n);
                }
            }
        }
    }

    /** The latent code of the last {@link #forward}: the bottleneck's rows, channel-major. */
    double[][] latent(ConvWorkspace ws) {
        return ws.acts[channels.length];
    }

    /**
     * Runs the first n samples of {@code ws.input()} forward and adds {@code scale} times the
     * gradient of each one's mean squared error over the window to {@code grads} ({@code [2l]}
     * layer l's weights, {@code [2l+1]} its biases), sample after sample; each sample's error is
     * left in {@code ws.loss}.
     */
    void lossAndGradients(ConvWorkspace ws, int n, double scale, double[][] grads) {
        forward(ws, n);
        squaredErrors(ws, n, scale);
        for (int l = layers.length - 1; l >= 0; l--) {
            if (activated(l)) {
                double[][] d = ws.deltas[l + 1];
                double[][] a = ws.acts[l + 1];
                for (int r = 0; r < d.length; r++) {
                    activation.multiplyByDerivative(d[r], a[r], 0, n);
                }
            }
            layers[l].backward(
                    ws.acts[l],
                    taps[l],
                    ws.deltas[l + 1],
                    l > 0 ? ws.deltas[l] : null,
                    grads[2 * l],
                    grads[2 * l + 1],
                    n,
                    ws);
        }
    }

    /**
     * Each sample's mean squared error into {@code ws.loss}, summed over its values in order, and
     * {@code scale} times its gradient by the output into the output's deltas.
     */
    private void squaredErrors(ConvWorkspace ws, int n, double scale) {
        double[][] x = ws.input();
        double[][] y = ws.output();
        double[][] d = ws.deltas[layers.length];
        double[] sum = ws.loss;
        java.util.Arrays.fill(sum, 0, n, 0.0);
        double perValue = 2.0 * scale / x.length;
        for (int r = 0; r < x.length; r++) {
            double[] xr = x[r];
            double[] yr = y[r];
            double[] dr = d[r];
            for (int b = 0; b < n; b++) {
                double diff = yr[b] - xr[b];
                sum[b] += diff * diff;
                dr[b] = perValue * diff;
            }
        }
        for (int b = 0; b < n; b++) {
            sum[b] = sum[b] / x.length;
        }
    }

    /** Gradient buffers shaped like the weights and biases, in {@link #lossAndGradients} order. */
    double[][] gradientBuffers() {
        double[][] g = new double[2 * layers.length][];
        for (int l = 0; l < layers.length; l++) {
            g[2 * l] = new double[layers[l].weights.length];
            g[2 * l + 1] = new double[layers[l].biases.length];
        }
        return g;
    }
}
