package dev.residual.score;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One ONNX Runtime session over a bundle's scoring graph: input {@code features} float[N, width],
 * outputs {@code score} float[N], {@code feature_errors} float[N, F] and, when present, {@code
 * reconstruction} float[N, F]. The input and output buffers are direct and reused: a call copies
 * the rows in once, ONNX Runtime reads them and writes its outputs in place, and each output is
 * copied out once. Not thread-safe: one per subtask.
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
    private final Map<String, long[]> outputShapes = new HashMap<>();
    private int capacity;
    private Binding[] bindings;
    private FloatBuffer input;
    private FloatBuffer scoreOut;
    private FloatBuffer errorsOut;
    private FloatBuffer reconstructionOut;
    private Scores outputs;

    private OnnxScorer(
            OrtEnvironment env, OrtSession session, String modelId, int width, int features) {
        this.env = env;
        this.session = session;
        this.modelId = modelId;
        this.width = width;
        this.features = features;
        this.hasReconstruction = session.getOutputNames().contains(RECONSTRUCTION);
        try {
            for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
                if (e.getValue().getInfo() instanceof TensorInfo info) {
                    outputShapes.put(e.getKey(), info.getShape());
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("cannot read the outputs of " + modelId, e);
        }
        grow(64);
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
     * @return the outputs, each row-major, in arrays of their own
     */
    public Scores score(float[][] rows, int n) {
        Scores reused = scoreReusing(rows, n);
        return new Scores(
                Arrays.copyOf(reused.score(), n),
                Arrays.copyOf(reused.featureErrors(), n * features),
                hasReconstruction ? Arrays.copyOf(reused.reconstruction(), n * features) : null);
    }

    /**
     * Scores {@code n} rows into arrays this scorer owns and overwrites on its next call: the hot
     * path, which allocates nothing per call once every batch size seen has been seen before. ONNX
     * Runtime writes the outputs into direct buffers bound to the session once per batch size
     * (pinned outputs), and one bulk copy per output brings them onto the heap.
     *
     * @return the outputs, row-major, in arrays that may be longer than {@code n} rows
     */
    public Scores scoreReusing(float[][] rows, int n) {
        if (n == 0) {
            return outputs;
        }
        if (capacity < n) {
            grow(Integer.highestOneBit(n - 1) << 1);
        }
        input.clear();
        for (int i = 0; i < n; i++) {
            input.put(rows[i], 0, width);
        }
        try {
            Binding binding = binding(n);
            try (OrtSession.Result result = session.run(binding.inputs, binding.outputs)) {
                // The pinned outputs are not the result's to close; they stay bound.
            }
        } catch (OrtException e) {
            throw new IllegalStateException(
                    "ONNX Runtime failed to score a batch of " + n + " with model " + modelId, e);
        }
        scoreOut.get(0, outputs.score(), 0, n);
        errorsOut.get(0, outputs.featureErrors(), 0, n * features);
        if (hasReconstruction) {
            reconstructionOut.get(0, outputs.reconstruction(), 0, n * features);
        }
        return outputs;
    }

    /** The tensors of a batch of {@code n} rows, views of the shared buffers, made once. */
    private Binding binding(int n) throws OrtException {
        Binding b = bindings[n];
        if (b == null) {
            b = new Binding();
            b.inputs =
                    Map.of(
                            INPUT,
                            b.keep(
                                    OnnxTensor.createTensor(
                                            env, view(input, n * width), new long[] {n, width})));
            Map<String, OnnxValue> out = new HashMap<>();
            out.put(SCORE, b.keep(pinned(scoreOut, SCORE, n)));
            out.put(FEATURE_ERRORS, b.keep(pinned(errorsOut, FEATURE_ERRORS, n)));
            if (hasReconstruction) {
                out.put(RECONSTRUCTION, b.keep(pinned(reconstructionOut, RECONSTRUCTION, n)));
            }
            b.outputs = out;
            bindings[n] = b;
        }
        return b;
    }

    /** An output tensor over {@code buffer} with the graph's shape, N = n and F = features. */
    private OnnxTensor pinned(FloatBuffer buffer, String name, int n) throws OrtException {
        long[] shape = outputShapes.get(name).clone();
        long size = 1;
        for (int d = 0; d < shape.length; d++) {
            shape[d] = d == 0 ? n : shape[d] < 0 ? features : shape[d];
            size *= shape[d];
        }
        return OnnxTensor.createTensor(env, view(buffer, (int) size), shape);
    }

    private static FloatBuffer view(FloatBuffer buffer, int size) {
        return buffer.duplicate().position(0).limit(size).slice();
    }

    private void grow(int rows) {
        closeBindings();
        capacity = rows;
        bindings = new Binding[rows + 1];
        input = allocate(rows * width);
        scoreOut = allocate(rows);
        errorsOut = allocate(rows * features);
        reconstructionOut = hasReconstruction ? allocate(rows * features) : null;
        outputs =
                new Scores(
                        new float[rows],
                        new float[rows * features],
                        hasReconstruction ? new float[rows * features] : null);
    }

    private void closeBindings() {
        if (bindings != null) {
            for (Binding b : bindings) {
                if (b != null) {
                    b.close();
                }
            }
        }
    }

    /** The input and pinned output tensors of one batch size. */
    private static final class Binding {
        private final List<OnnxTensor> tensors = new ArrayList<>();
        private Map<String, OnnxTensor> inputs;
        private Map<String, OnnxValue> outputs;

        private OnnxTensor keep(OnnxTensor tensor) {
            tensors.add(tensor);
            return tensor;
        }

        private void close() {
            tensors.forEach(OnnxTensor::close);
        }
    }

    private static FloatBuffer allocate(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    public boolean hasReconstruction() {
        return hasReconstruction;
    }

    @Override
    public void close() {
        closeBindings();
        bindings = null;
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the session of " + modelId, e);
        }
    }

    /** The outputs of one call, row-major: score[n], featureErrors[n*F], reconstruction[n*F]. */
    public record Scores(float[] score, float[] featureErrors, float[] reconstruction) {}
}
