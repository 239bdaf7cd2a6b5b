package dev.residual.train;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Runs exported graphs in ONNX Runtime and compares them with the Java forward pass. A bundle is
 * only written when they agree within {@link #TOLERANCE} (absolute, or relative above 1; times the
 * row's largest scaled input when that exceeds 1, and outputs in feature units compared in scaled
 * units): that is what makes the serving score the training score.
 */
public final class ParityCheck {
    /** Largest allowed difference between ONNX Runtime and Java. */
    public static final double TOLERANCE = 1e-5;

    private static final int CHUNK = 8192;

    private ParityCheck() {}

    /**
     * Scores {@code rows} (row-major, raw units) with model.onnx and checks score and
     * feature_errors against {@code scorer}.
     *
     * @return ONNX Runtime's scores, one per row: the numbers serving will see
     * @throws ParityException naming the output, row and both values of the first mismatch
     */
    public static double[] verifyModel(
            byte[] model, AutoencoderScorer scorer, float[] rows, int width) {
        AutoencoderScorer.Result java = scorer.score(rows);
        Map<String, double[]> expected = new LinkedHashMap<>();
        expected.put(OnnxExport.SCORE, java.score);
        expected.put(OnnxExport.FEATURE_ERRORS, java.featureErrors);
        return verifyOutputs(model, rows, width, expected, scorer.scaler(), Set.of())
                .get(OnnxExport.SCORE);
    }

    /** Checks encoder.onnx's latent code against the Java forward pass. */
    public static void verifyEncoder(
            byte[] encoder, AutoencoderScorer scorer, float[] rows, int width) {
        verifyOutputs(encoder, rows, width, Map.of(OnnxExport.LATENT, scorer.score(rows).latent));
    }

    /**
     * Checks decoder.onnx's rows, in feature units, against the Java decoder for the row-major
     * latent {@code codes} of {@code latentWidth} values each. Compared in scaled units, where the
     * network computes: un-scaling multiplies float32 rounding by the feature's standard deviation,
     * which for a feature of large spread (ODDS shuttle) exceeds the tolerance in feature units
     * while the network agrees to 1e-6.
     */
    public static void verifyDecoder(
            byte[] decoder, AutoencoderScorer scorer, float[] codes, int latentWidth) {
        double[] java = scorer.decode(codes);
        int width = scorer.features();
        run(
                decoder,
                OnnxExport.LATENT,
                codes,
                latentWidth,
                (start, result) -> {
                    float[][] rows =
                            (float[][]) result.get(OnnxExport.INPUT).orElseThrow().getValue();
                    for (int r = 0; r < rows.length; r++) {
                        for (int f = 0; f < width; f++) {
                            double scale = scorer.featureScale(f);
                            double expected = java[(start + r) * width + f];
                            compare(
                                    "decoder " + OnnxExport.INPUT + " (scaled units)",
                                    start + r,
                                    expected / scale,
                                    rows[r][f] / scale);
                        }
                    }
                });
    }

    /**
     * Runs {@code graph} on {@code rows} ({@code width} values each, raw units) and checks each
     * named output against the Java forward pass's values, row-major: one value per row for a
     * vector output such as {@code score}, a row of values for a matrix output. For graphs whose
     * Java forward pass is not an {@link AutoencoderScorer}, such as the windowed kinds'.
     *
     * @return ONNX Runtime's values of each output, flattened the same way
     * @throws ParityException naming the output, row and both values of the first mismatch
     */
    public static Map<String, double[]> verifyOutputs(
            byte[] graph, float[] rows, int width, Map<String, double[]> expected) {
        return verifyOutputs(graph, rows, width, expected, null, Map.of());
    }

    /**
     * As {@link #verifyOutputs(byte[], float[], int, Map)} for a network behind {@code scaler}
     * whose input rows hold {@code width / scaler's features} vectors (one, or a window). Float32
     * rounding in a layer grows with the magnitude of what it sums: a row far outside the training
     * data (ODDS shuttle has rows a hundred standard deviations out) legitimately differs by more
     * than the tolerance between two correct float32 implementations, so each row's tolerance is
     * multiplied by its largest scaled input when above 1; and the outputs named in {@code
     * featureUnits}, one value per input value in feature units, are compared in scaled units,
     * where the network computes.
     */
    public static Map<String, double[]> verifyOutputs(
            byte[] graph,
            float[] rows,
            int width,
            Map<String, double[]> expected,
            StandardScaler scaler,
            Set<String> featureUnits) {
        double[] mean = scaler.mean();
        double[] std = scaler.std();
        double[] columnScale = new double[width];
        double[] magnitudes = new double[rows.length / width];
        for (int c = 0; c < width; c++) {
            columnScale[c] = std[c % std.length];
        }
        for (int r = 0; r < magnitudes.length; r++) {
            double m = 1.0;
            for (int c = 0; c < width; c++) {
                int f = c % std.length;
                m = Math.max(m, Math.abs((rows[r * width + c] - mean[f]) / std[f]));
            }
            magnitudes[r] = m;
        }
        Map<String, double[]> scales = new LinkedHashMap<>();
        featureUnits.forEach(name -> scales.put(name, columnScale));
        return verifyOutputs(graph, rows, width, expected, magnitudes, scales);
    }

    private static Map<String, double[]> verifyOutputs(
            byte[] graph,
            float[] rows,
            int width,
            Map<String, double[]> expected,
            double[] magnitudes,
            Map<String, double[]> columnScales) {
        Map<String, double[]> actual = new LinkedHashMap<>();
        expected.forEach((name, values) -> actual.put(name, new double[values.length]));
        run(
                graph,
                rows,
                width,
                (start, result) -> {
                    for (Map.Entry<String, double[]> e : expected.entrySet()) {
                        Object value = result.get(e.getKey()).orElseThrow().getValue();
                        float[][] matrix =
                                value instanceof float[][] m ? m : new float[][] {(float[]) value};
                        int per = value instanceof float[][] ? matrix[0].length : 1;
                        float[] flat = new float[matrix.length * matrix[0].length];
                        for (int r = 0; r < matrix.length; r++) {
                            System.arraycopy(
                                    matrix[r], 0, flat, r * matrix[r].length, matrix[r].length);
                        }
                        for (int i = 0; i < flat.length; i++) {
                            int at = start * per + i;
                            int row = start + i / per;
                            double[] scale = columnScales.get(e.getKey());
                            double unit = scale == null ? 1.0 : scale[i % per];
                            compare(
                                    scale == null ? e.getKey() : e.getKey() + " (scaled units)",
                                    row,
                                    e.getValue()[at] / unit,
                                    flat[i] / unit,
                                    magnitudes == null ? 1.0 : magnitudes[row]);
                            actual.get(e.getKey())[at] = flat[i];
                        }
                    }
                });
        return actual;
    }

    private static void run(byte[] graph, float[] rows, int width, ChunkCheck check) {
        run(graph, OnnxExport.INPUT, rows, width, check);
    }

    /** Runs the graph chunk by chunk, so that memory stays bounded for any number of rows. */
    private static void run(
            byte[] graph, String inputName, float[] rows, int width, ChunkCheck check) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int total = rows.length / width;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(graph, options)) {
            for (int start = 0; start < total; start += CHUNK) {
                int n = Math.min(CHUNK, total - start);
                float[] chunk = Arrays.copyOfRange(rows, start * width, (start + n) * width);
                try (OnnxTensor input =
                                OnnxTensor.createTensor(
                                        env, FloatBuffer.wrap(chunk), new long[] {n, width});
                        OrtSession.Result result = session.run(Map.of(inputName, input))) {
                    check.accept(start, result);
                }
            }
        } catch (OrtException e) {
            throw new ParityException(
                    "ONNX Runtime cannot run the exported graph: " + e.getMessage(), e);
        }
    }

    private static void compare(String output, int row, double expected, double actual) {
        compare(output, row, expected, actual, 1.0);
    }

    private static void compare(
            String output, int row, double expected, double actual, double magnitude) {
        double allowed = TOLERANCE * Math.max(1.0, Math.abs(expected)) * magnitude;
        if (!(Math.abs(expected - actual) <= allowed)) {
            throw new ParityException(
                    String.format(
                            "ONNX export does not match the Java forward pass: %s of validation row"
                                    + " %d is %s in ONNX Runtime, %s in Java (tolerance %s)",
                            output, row, actual, expected, allowed));
        }
    }

    @FunctionalInterface
    private interface ChunkCheck {
        void accept(int start, OrtSession.Result result) throws OrtException;
    }

    /** The exported graph does not compute what the trained network computes. */
    public static final class ParityException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ParityException(String message) {
            super(message);
        }

        ParityException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
