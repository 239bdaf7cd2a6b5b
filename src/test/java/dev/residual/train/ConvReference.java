package dev.residual.train;

/**
 * The convolutional autoencoder's loops as they were before the batched kernels: one sample at a
 * time, over flat channel-major arrays ({@code [c * length + t]}). Kept as the reference that
 * {@link Conv1dLayer}'s and {@link ConvAutoencoder}'s batched passes must match bit for bit, and as
 * the "before" of {@link ConvTrainingWork}.
 */
final class ConvReference {
    private ConvReference() {}

    /** {@code y = layer(x)} for {@code x} of {@code length} steps; {@code y} is overwritten. */
    static void forward(Conv1dLayer layer, double[] x, int length, double[] y) {
        int outLen = layer.outLength(length);
        int[][] pairs = layer.taps(length).byTap();
        for (int o = 0; o < layer.out; o++) {
            java.util.Arrays.fill(y, o * outLen, (o + 1) * outLen, layer.biases[o]);
            for (int c = 0; c < layer.in; c++) {
                for (int k = 0; k < Conv1dLayer.KERNEL; k++) {
                    double weight = layer.weights[layer.w(c, o, k)];
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
    static void backward(
            Conv1dLayer layer,
            double[] x,
            int length,
            double[] dy,
            double[] dx,
            double[] dw,
            double[] db) {
        int outLen = layer.outLength(length);
        int[][] pairs = layer.taps(length).byTap();
        if (dx != null) {
            java.util.Arrays.fill(dx, 0, layer.in * length, 0.0);
        }
        for (int o = 0; o < layer.out; o++) {
            for (int t = 0; t < outLen; t++) {
                db[o] += dy[o * outLen + t];
            }
            for (int c = 0; c < layer.in; c++) {
                for (int k = 0; k < Conv1dLayer.KERNEL; k++) {
                    int wi = layer.w(c, o, k);
                    double weight = layer.weights[wi];
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

    /** Activation buffers for one sample: {@code [0]} the input, {@code [l+1]} layer l's output. */
    static double[][] workspace(ConvAutoencoder net) {
        double[][] a = new double[net.depth() + 1][];
        a[0] = new double[net.features() * net.window()];
        for (int l = 0; l < net.depth(); l++) {
            a[l + 1] = new double[net.layers[l].out * net.length(l + 1)];
        }
        return a;
    }

    /** Runs the layers on {@code acts[0]} (scaled, channel-major), filling the rest of acts. */
    static void forward(ConvAutoencoder net, double[][] acts) {
        for (int l = 0; l < net.depth(); l++) {
            forward(net.layers[l], acts[l], net.length(l), acts[l + 1]);
            if (net.activated(l)) {
                net.activation().applyInPlace(acts[l + 1], 0, acts[l + 1].length);
            }
        }
    }

    /**
     * Runs one sample forward and adds {@code scale} times the gradient of its mean squared error
     * over the window to {@code grads} ({@code [2l]} layer l's weights, {@code [2l+1]} its biases).
     *
     * @param deltas scratch shaped like {@link #workspace}
     * @return the sample's mean squared error
     */
    static double lossAndGradients(
            ConvAutoencoder net,
            double[][] acts,
            double[][] deltas,
            double scale,
            double[][] grads) {
        forward(net, acts);
        int depth = net.depth();
        double[] x = acts[0];
        double[] y = acts[depth];
        double[] d = deltas[depth];
        double sum = 0.0;
        double perValue = 2.0 * scale / x.length;
        for (int i = 0; i < x.length; i++) {
            double diff = y[i] - x[i];
            sum += diff * diff;
            d[i] = perValue * diff;
        }
        for (int l = depth - 1; l >= 0; l--) {
            if (net.activated(l)) {
                net.activation()
                        .multiplyByDerivative(deltas[l + 1], acts[l + 1], 0, acts[l + 1].length);
            }
            backward(
                    net.layers[l],
                    acts[l],
                    net.length(l),
                    deltas[l + 1],
                    l > 0 ? deltas[l] : null,
                    grads[2 * l],
                    grads[2 * l + 1]);
        }
        return sum / x.length;
    }
}
