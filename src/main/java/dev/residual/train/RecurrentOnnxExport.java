package dev.residual.train;

import ai.onnx.proto.OnnxMl;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes a trained {@link RecurrentAutoencoder} as ONNX with the standard LSTM or GRU operator, to
 * the windowed contract: input {@code features} float[N, W*F], the window flattened time-major
 * (oldest row first); outputs {@code score} float[N], {@code feature_errors} float[N, F] (squared
 * errors in scaled units, averaged over the window or taken at its last step, as the score) and
 * {@code reconstruction} float[N, F], the last step in feature units. The scaler is in the graph,
 * the same for every step. encoder.onnx maps the same input to {@code latent} float[N, H], the
 * encoder's final hidden state.
 */
public final class RecurrentOnnxExport {
    private RecurrentOnnxExport() {}

    /** The scoring graph, serialised. */
    public static byte[] scoringModel(TrainedRecurrent net) {
        TrainedAutoencoder model = net.summary();
        RecurrentAutoencoder ae = net.network();
        int f = ae.features();
        int w = ae.window();
        ONNXContext ctx = new ONNXContext();
        ctx.setName("residual-" + ae.kind().modelIdPrefix());
        Encoded enc = encode(ctx, ae, model.scaler());
        ONNXRef<?> output =
                enc.code.apply(
                        ONNXOperators.GEMM,
                        List.of(
                                ctx.floatTensor(
                                        "wd",
                                        List.of(ae.hidden(), w * f),
                                        buf ->
                                                OnnxExport.putTransposed(
                                                        ae.wd, w * f, ae.hidden(), buf)),
                                ctx.array("bd", ae.bd, true)));
        ONNXRef<?> diff = output.apply(ONNXOperators.SUB, enc.scaled);
        ONNXRef<?> squared = diff.apply(ONNXOperators.MUL, diff);
        ONNXRef<?> last = ctx.array("last_step", lastStep(w, f));
        ONNXRef<?> errors =
                net.windowScore() == WindowScore.LAST
                        ? squared.apply(ONNXOperators.GATHER, last, Map.of("axis", 1))
                        : squared.apply(
                                        OnnxOps.RESHAPE,
                                        ctx.array("window_shape", new long[] {0, w, f}))
                                .apply(ONNXOperators.REDUCE_MEAN, meanOver(1));
        errors.assignTo(ctx.floatOutput(OnnxExport.FEATURE_ERRORS, f));
        errors.apply(ONNXOperators.REDUCE_MEAN, meanOver(1))
                .assignTo(ctx.floatOutput(OnnxExport.SCORE, 1));
        output.apply(ONNXOperators.GATHER, last, Map.of("axis", 1))
                .apply(ONNXOperators.MUL, ctx.array("scaler_std", model.scaler().std(), true))
                .apply(ONNXOperators.ADD, ctx.array("scaler_mean", model.scaler().mean(), true))
                .assignTo(ctx.floatOutput(OnnxExport.RECONSTRUCTION, f));
        OnnxMl.GraphProto graph = OnnxExport.withVectorOutput(ctx.buildGraph(), OnnxExport.SCORE);
        return OnnxExport.model(
                        graph,
                        model.provenance(),
                        "Residual recurrent autoencoder: scores windows by reconstruction error")
                .toByteArray();
    }

    /** The encoder graph: scaler and the recurrent layer, to its final hidden state. */
    public static byte[] encoderModel(TrainedRecurrent net) {
        TrainedAutoencoder model = net.summary();
        RecurrentAutoencoder ae = net.network();
        ONNXContext ctx = new ONNXContext();
        ctx.setName("residual-" + ae.kind().modelIdPrefix() + "-encoder");
        encode(ctx, ae, model.scaler())
                .code
                .assignTo(ctx.floatOutput(OnnxExport.LATENT, ae.hidden()));
        return OnnxExport.model(
                        ctx.buildGraph(),
                        model.provenance(),
                        "Residual recurrent autoencoder: encodes windows to the latent code")
                .toByteArray();
    }

    /** The scaled input [N, W*F] and the code [N, H] of the recurrent layer. */
    private record Encoded(ONNXRef<?> scaled, ONNXRef<?> code) {}

    private static Encoded encode(ONNXContext ctx, RecurrentAutoencoder ae, StandardScaler s) {
        int f = ae.features();
        int w = ae.window();
        int h = ae.hidden();
        int units = ae.cell().gates() * h;
        ONNXPlaceholder input = ctx.floatInput(OnnxExport.INPUT, w * f);
        ONNXRef<?> scaled =
                input.apply(ONNXOperators.SUB, ctx.array("scaler_mean_w", tile(s.mean(), w), true))
                        .apply(
                                ONNXOperators.DIV,
                                ctx.array("scaler_std_w", tile(s.std(), w), true));
        // ONNX's recurrent operators take [W, N, F]: steps first.
        ONNXRef<?> steps =
                scaled.apply(OnnxOps.RESHAPE, ctx.array("steps_shape", new long[] {0, w, f}))
                        .apply(OnnxOps.TRANSPOSE, Map.of("perm", new int[] {1, 0, 2}));
        List<ONNXRef<?>> weights =
                List.of(
                        ctx.floatTensor("W", List.of(1, units, f), buf -> put(ae.wx, buf)),
                        ctx.floatTensor("R", List.of(1, units, h), buf -> put(ae.wh, buf)),
                        ctx.floatTensor(
                                "B",
                                List.of(1, 2 * units),
                                buf -> {
                                    put(ae.bx, buf);
                                    put(ae.bh, buf);
                                }));
        Map<String, Object> attributes = new TreeMap<>();
        attributes.put("hidden_size", h);
        if (ae.cell().operator() == OnnxOps.GRU) {
            attributes.put("linear_before_reset", 1);
        }
        ONNXRef<?> finalState =
                steps.apply(ae.cell().operator(), weights, List.of("Y", "Y_h"), attributes).get(1);
        ONNXRef<?> code =
                finalState.apply(OnnxOps.RESHAPE, ctx.array("code_shape", new long[] {-1, h}));
        return new Encoded(scaled, code);
    }

    private static void put(double[] values, FloatBuffer buf) {
        for (double v : values) {
            buf.put((float) v);
        }
    }

    /** The scaler's per-feature values repeated for each of the W steps. */
    private static double[] tile(double[] perFeature, int window) {
        double[] out = new double[perFeature.length * window];
        for (int t = 0; t < window; t++) {
            System.arraycopy(perFeature, 0, out, t * perFeature.length, perFeature.length);
        }
        return out;
    }

    /** Indices of the last step's F values in a flattened window. */
    private static long[] lastStep(int window, int features) {
        long[] idx = new long[features];
        for (int k = 0; k < features; k++) {
            idx[k] = (long) (window - 1) * features + k;
        }
        return idx;
    }

    private static Map<String, Object> meanOver(int axis) {
        // A sorted map: Map.of iterates in a per-JVM random order, which would vary the bytes.
        Map<String, Object> m = new TreeMap<>();
        m.put("axes", new int[] {axis});
        m.put("keepdims", 0);
        return m;
    }
}
