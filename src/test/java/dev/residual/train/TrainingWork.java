package dev.residual.train;

/**
 * A fixed amount of training work for benchmarks: forward and backward passes (loss and gradients,
 * no optimiser step) over the same generated minibatches every run, the gradients of every
 * minibatch summed per weight. Two works built alike but computing the passes two ways can be timed
 * against each other and their results compared bit for bit.
 */
public abstract class TrainingWork {
    private final double[][] grads;
    private final double[][] sums;
    private final int batches;
    final int batchSize;

    /**
     * @param shapes arrays shaped like the network's gradients
     */
    TrainingWork(double[][] shapes, int batches, int batchSize) {
        this.grads = new double[shapes.length][];
        this.sums = new double[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            grads[i] = new double[shapes[i].length];
            sums[i] = new double[shapes[i].length];
        }
        this.batches = batches;
        this.batchSize = batchSize;
    }

    /** Samples (windows, or a dense network's rows) one {@link #run} passes over. */
    public final int windows() {
        return batches * batchSize;
    }

    /**
     * Forward and backward over every minibatch, from zeroed gradients; the gradients are summed
     * into {@link #gradientSums()}.
     *
     * @return the minibatches' losses summed in order
     */
    public final double run() {
        double loss = 0.0;
        for (int i = 0; i < batches; i++) {
            for (double[] g : grads) {
                java.util.Arrays.fill(g, 0.0);
            }
            loss = pass(i, grads, loss);
            for (int g = 0; g < grads.length; g++) {
                for (int j = 0; j < grads[g].length; j++) {
                    sums[g][j] += grads[g][j];
                }
            }
        }
        return loss;
    }

    /** The gradients of all runs so far, summed per weight. */
    public final double[][] gradientSums() {
        return sums;
    }

    /**
     * Adds minibatch {@code batch}'s gradients into {@code grads}.
     *
     * @return {@code loss} plus the minibatch's loss, summed as the trainer sums it
     */
    abstract double pass(int batch, double[][] grads, double loss);
}
