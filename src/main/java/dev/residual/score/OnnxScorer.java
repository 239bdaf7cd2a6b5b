package dev.residual.score;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * One ONNX Runtime session over a bundle's scoring graph: input {@code features} float[N, width],
 * outputs {@code score} float[N], {@code feature_errors} float[N, F] and, when present, {@code
 * reconstruction} float[N, F]. The input buffer is direct and reused, so a call copies the rows
 * once and ONNX Runtime reads them in place. Not thread-safe: one per subtask.
 */
public final class OnnxScorer implements AutoCloseable {
    public static final String INPUT = "features";
    public static final String SCORE = "score";
    public static final String FEATURE_ERRORS = "feature_errors";
    public static final String RECONSTRUCTION = "reconstruction";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String modelId;
    private final int width;
    private final int features;
    private final boolean hasReconstruction;
    private FloatBuffer input;

    private OnnxScorer(
            OrtEnvironment env, OrtSession session, String modelId, int width, int features) {
        this.env = env;
        this.session = session;
        this.modelId = modelId;
        this.width = width;
        this.features = features;
        this.hasReconstruction = session.getOutputNames().contains(RECONSTRUCTION);
        this.input = allocate(64);
    }

    /**
     * Opens a session and checks the graph against the contract, so that a wrong model fails at
     * start with its id in the message rather than on the first record.
     *
     * @param width values per input row (window length times feature count)
     * @param features feature count: the width of feature_errors and reconstruction
     * @param threads ONNX Runtime intra-op threads; 1 per subtask avoids oversubscribing slots
     */
    public static OnnxScorer open(
            byte[] model, String modelId, int width, int features, int threads) {
        // The environment is per JVM and shared by every session: it is never closed here.
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = env.createSession(model, options);
            try {
                checkContract(session, modelId, width, features);
            } catch (RuntimeException | OrtException e) {
                session.close();
                throw e;
            }
            return new OnnxScorer(env, session, modelId, width, features);
        } catch (OrtException e) {
            throw new IllegalStateException(
                    "ONNX Runtime cannot load model " + modelId + ": " + e.getMessage(), e);
        }
    }

    private static void checkContract(OrtSession session, String modelId, int width, int features)
            throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        if (!inputs.containsKey(INPUT) || inputs.size() != 1) {
            throw contract(modelId, "one input named 'features', found " + inputs.keySet());
        }
        long[] shape = ((TensorInfo) inputs.get(INPUT).getInfo()).getShape();
        if (shape.length != 2 || shape[1] != width) {
            throw contract(
                    modelId,
                    "input 'features' of shape [N, "
                            + width
                            + "], found "
                            + java.util.Arrays.toString(shape));
        }
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        for (String name : new String[] {SCORE, FEATURE_ERRORS}) {
            if (!outputs.containsKey(name)) {
                throw contract(
                        modelId, "an output named '" + name + "', found " + outputs.keySet());
            }
        }
        long[] errors = ((TensorInfo) outputs.get(FEATURE_ERRORS).getInfo()).getShape();
        if (errors.length != 2 || (errors[1] >= 0 && errors[1] != features)) {
            throw contract(
                    modelId,
                    "output 'feature_errors' of shape [N, "
                            + features
                            + "], found "
                            + java.util.Arrays.toString(errors));
        }
    }

    private static IllegalArgumentException contract(String modelId, String what) {
        return new IllegalArgumentException(
                "model " + modelId + " does not meet the scoring contract: expected " + what);
    }

    /**
     * Scores {@code n} rows. Each row has {@code width} values.
     *
     * @return the outputs, each row-major
     */
    public Scores score(float[][] rows, int n) {
        if (n == 0) {
            return new Scores(new float[0], new float[0], hasReconstruction ? new float[0] : null);
        }
        if (input.capacity() < n * width) {
            input = allocate(Integer.highestOneBit(n - 1) << 1);
        }
        input.clear();
        for (int i = 0; i < n; i++) {
            input.put(rows[i], 0, width);
        }
        input.flip();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, new long[] {n, width});
                OrtSession.Result result = session.run(Map.of(INPUT, tensor))) {
            float[] score = read(result, SCORE, n);
            float[] errors = read(result, FEATURE_ERRORS, n * features);
            float[] expected =
                    hasReconstruction ? read(result, RECONSTRUCTION, n * features) : null;
            return new Scores(score, errors, expected);
        } catch (OrtException e) {
            throw new IllegalStateException(
                    "ONNX Runtime failed to score a batch of " + n + " with model " + modelId, e);
        }
    }

    private static float[] read(OrtSession.Result result, String name, int size) {
        FloatBuffer buffer = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
        float[] out = new float[size];
        buffer.get(out);
        return out;
    }

    private FloatBuffer allocate(int rows) {
        return ByteBuffer.allocateDirect(rows * width * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    public boolean hasReconstruction() {
        return hasReconstruction;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the session of " + modelId, e);
        }
    }

    /** The outputs of one call, row-major: score[n], featureErrors[n*F], reconstruction[n*F]. */
    public record Scores(float[] score, float[] featureErrors, float[] reconstruction) {}
}
