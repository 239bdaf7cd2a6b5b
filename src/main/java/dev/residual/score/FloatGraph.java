package dev.residual.score;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Runs a bundle graph of one float[N, W] input and one float[N, V] output in ONNX Runtime: the
 * encoder ({@code features} to {@code latent}) and the decoder ({@code latent} to {@code
 * features}). The environment is shared by the process and never closed here.
 */
public final class FloatGraph implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String input;
    private final String output;
    private final int width;

    /**
     * @param what the graph's name in error messages, e.g. "the encoder"
     * @param width values per input row
     */
    public FloatGraph(byte[] graph, String what, String input, String output, int width) {
        this.input = input;
        this.output = output;
        this.width = width;
        // The options are native memory of their own; the session keeps what it needs of them.
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            this.session = env.createSession(graph, options);
        } catch (OrtException e) {
            throw new IllegalStateException(
                    "ONNX Runtime cannot load " + what + ": " + e.getMessage(), e);
        }
        if (!session.getOutputNames().contains(output)) {
            close();
            throw new IllegalArgumentException(
                    what
                            + " has no output named '"
                            + output
                            + "', found "
                            + session.getOutputNames());
        }
    }

    /** The output for {@code rows} (each of the input width), one array per row. */
    public float[][] run(float[][] rows) {
        FloatBuffer values = FloatBuffer.allocate(rows.length * width);
        for (float[] row : rows) {
            values.put(row, 0, width);
        }
        values.flip();
        try (OnnxTensor tensor =
                        OnnxTensor.createTensor(env, values, new long[] {rows.length, width});
                OrtSession.Result result = session.run(Map.of(input, tensor))) {
            return (float[][]) result.get(output).orElseThrow().getValue();
        } catch (OrtException e) {
            throw new IllegalStateException(
                    "ONNX Runtime failed on " + rows.length + " rows of " + input, e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the session of " + output, e);
        }
    }
}
