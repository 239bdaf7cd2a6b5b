package dev.residual.score;

/**
 * Runs a bundle's encoder graph ({@code features} float[N, F] → {@code latent} float[N, L]): the
 * learned low-dimensional code of each row, for dimensionality reduction and feature extraction.
 */
public final class LatentEncoder implements AutoCloseable {
    public static final String OUTPUT = "latent";

    private final FloatGraph graph;

    public LatentEncoder(byte[] encoder, int features) {
        this.graph = new FloatGraph(encoder, "the encoder", OnnxScorer.INPUT, OUTPUT, features);
    }

    /** The latent codes of {@code rows} (each of F values), one array per row. */
    public float[][] encode(float[][] rows) {
        return graph.run(rows);
    }

    @Override
    public void close() {
        graph.close();
    }
}
