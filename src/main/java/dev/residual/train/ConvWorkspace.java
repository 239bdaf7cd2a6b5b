package dev.residual.train;

/**
 * Per-thread batch buffers of a {@link ConvAutoencoder}: each layer's activations and deltas as one
 * row of the batch's values per channel and step ({@code acts[l][c * length + t][b]}), each row an
 * array of its own so that the layers' loops run over whole rows from 0 and the JIT vectorises them
 * (see {@link RowKernels}); each sample's loss; and the layers' scratch.
 */
final class ConvWorkspace {
    final int capacity;
    final double[][][] acts;
    final double[][][] deltas;

    /** Each sample's mean squared error over its window, after {@link ConvAutoencoder}'s pass. */
    final double[] loss;

    final double[] coefficients;
    final double[][] terms;

    /** Per channel and tap, the rows of deltas or of inputs its weight gradients multiply. */
    final double[][][] deltaLists;

    final double[][][] inputLists;

    /** Per weight of a block, its gradient for each sample of the batch. */
    final double[][] blockRows;

    /**
     * @param rows rows of each layer's input and, last, of the output
     * @param maxChannels the most channels of a layer's side
     * @param maxSteps the most steps of a layer's side
     * @param capacity the most samples of a batch
     */
    ConvWorkspace(int[] rows, int maxChannels, int maxSteps, int capacity) {
        this.capacity = capacity;
        this.acts = new double[rows.length][][];
        this.deltas = new double[rows.length][][];
        for (int l = 0; l < rows.length; l++) {
            acts[l] = new double[rows[l]][capacity];
            deltas[l] = new double[rows[l]][capacity];
        }
        this.loss = new double[capacity];
        int taps = Conv1dLayer.KERNEL * maxChannels;
        this.coefficients = new double[taps];
        this.terms = new double[taps][];
        this.deltaLists = new double[taps][maxSteps][];
        this.inputLists = new double[taps][maxSteps][];
        this.blockRows = new double[taps][capacity];
    }

    /** The scaled input, {@code input()[c * W + t][b]}. */
    double[][] input() {
        return acts[0];
    }

    /** The reconstruction of the last forward pass, rows as {@link #input()}, scaled units. */
    double[][] output() {
        return acts[acts.length - 1];
    }
}
