package dev.residual.train;

/**
 * Per-thread batch buffers of a {@link DenseAutoencoder}: each layer's activations and the loss's
 * deltas, feature-major, and the layers' products with their scratch.
 */
public final class LayerWorkspace {
    final double[][] acts;
    final double[][] deltas;
    final int maxBatch;
    final AffineProducts products;

    /**
     * @param simple {@link AffineProducts#simple()}, the reference, rather than the blocked kernels
     */
    LayerWorkspace(int[] sizes, int maxBatch, boolean simple) {
        this.maxBatch = maxBatch;
        this.products =
                simple
                        ? AffineProducts.simple()
                        : new BlockedKernels(
                                java.util.Arrays.stream(sizes).max().orElse(0), maxBatch);
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

    /** The loss's derivative by the output, which {@link DenseAutoencoder#backward} starts from. */
    double[] outputDelta() {
        return deltas[deltas.length - 1];
    }

    /**
     * The loss's derivative by the input, after {@link DenseAutoencoder#backward} with {@code
     * toInput}.
     */
    double[] inputDelta() {
        return deltas[0];
    }

    /** The activations of layer {@code layer} of {@link DenseAutoencoder#sizes()}. */
    public double[] activations(int layer) {
        return acts[layer];
    }

    public int maxBatch() {
        return maxBatch;
    }
}
