package dev.residual.score;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Runs a bundle's encoder graph ({@code features} float[N, F] → {@code latent} float[N, L]): the
 * learned low-dimensional code of each row, for dimensionality reduction and feature extraction.
 */
public final class LatentEncoder implements AutoCloseable {
    public static final String OUTPUT = "latent";

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final int features;

    public LatentEncoder(byte[] encoder, int features) {
        this.features = features;
        try {
            this.session = env.createSession(encoder, new OrtSession.SessionOptions());
        } catch (OrtException e) {
            throw new IllegalStateException(
                    "ONNX Runtime cannot load the encoder: " + e.getMessage(), e);
        }
        if (!session.getOutputNames().contains(OUTPUT)) {
            close();
            throw new IllegalArgumentException(
                    "the encoder has no output named '"
                            + OUTPUT
                            + "', found "
                            + session.getOutputNames());
        }
    }

    /** The latent codes of {@code rows} (each of F values), one array per row. */
    public float[][] encode(float[][] rows) {
        FloatBuffer input = FloatBuffer.allocate(rows.length * features);
        for (float[] row : rows) {
            input.put(row, 0, features);
        }
        input.flip();
        try (OnnxTensor tensor =
                        OnnxTensor.createTensor(env, input, new long[] {rows.length, features});
                OrtSession.Result result = session.run(Map.of(OnnxScorer.INPUT, tensor))) {
            return (float[][]) result.get(OUTPUT).orElseThrow().getValue();
        } catch (OrtException e) {
            throw new IllegalStateException(
                    "ONNX Runtime failed to encode " + rows.length + " rows", e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the encoder session", e);
        }
    }
}
