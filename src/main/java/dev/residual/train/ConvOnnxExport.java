package dev.residual.train;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes a {@link ConvAutoencoder} as ONNX with standard operators (Reshape, Transpose, Conv,
 * ConvTranspose, Gather, ReduceMean), the scaler in the graph. model.onnx: {@code features}
 * float[N, W*F] (time-major, oldest row first) to {@code score} float[N], {@code feature_errors}
 * float[N,F] (reduced over the window as {@link WindowScore} says) and {@code reconstruction}
 * float[N,F] (the last row, feature units). encoder.onnx: {@code features} to {@code latent}
 * float[N, C*L], the bottleneck channel-major.
 */
public final class ConvOnnxExport {
    private ConvOnnxExport() {}

    /** The scoring graph, serialised. */
    public static byte[] scoringModel(
            ConvAutoencoder net,
            StandardScaler scaler,
            WindowScore windowScore,
            Map<String, String> provenance) {
        int f = net.features();
        ONNXContext ctx = new ONNXContext();
        ctx.setName("residual-conv-ae");
        ONNXPlaceholder input = ctx.floatInput(OnnxExport.INPUT, net.window() * f);
        ONNXPlaceholder score = ctx.floatOutput(OnnxExport.SCORE, 1);
        ONNXPlaceholder errors = ctx.floatOutput(OnnxExport.FEATURE_ERRORS, f);
        ONNXPlaceholder recon = ctx.floatOutput(OnnxExport.RECONSTRUCTION, f);
        ONNXRef<?> mean = ctx.array("scaler_mean", scaler.mean(), true);
        ONNXRef<?> std = ctx.array("scaler_std", scaler.std(), true);
        ONNXRef<?> scaled = scaled(ctx, net, input, mean, std);
        ONNXRef<?> channels = scaled.apply(OnnxOps.TRANSPOSE, perm());
        ONNXRef<?> output =
                layers(ctx, net, channels, 0, net.depth()).apply(OnnxOps.TRANSPOSE, perm());
        ONNXRef<?> diff = output.apply(ONNXOperators.SUB, scaled);
        ONNXRef<?> squared = diff.apply(ONNXOperators.MUL, diff);
        ONNXRef<?> perFeature =
                windowScore == WindowScore.LAST
                        ? lastStep(ctx, net, squared)
                        : squared.apply(ONNXOperators.REDUCE_MEAN, meanOverAxisOne());
        perFeature.assignTo(errors);
        perFeature.apply(ONNXOperators.REDUCE_MEAN, meanOverAxisOne()).assignTo(score);
        lastStep(ctx, net, output)
                .apply(ONNXOperators.MUL, std)
                .apply(ONNXOperators.ADD, mean)
                .assignTo(recon);
        return OnnxExport.model(
                        OnnxExport.withVectorOutput(ctx.buildGraph(), OnnxExport.SCORE),
                        provenance,
                        "Residual convolutional autoencoder: scores windows by reconstruction"
                                + " error")
                .toByteArray();
    }

    /** The encoder graph: scaler and the convolutions down to the bottleneck, flattened. */
    public static byte[] encoderModel(
            ConvAutoencoder net, StandardScaler scaler, Map<String, String> provenance) {
        ONNXContext ctx = new ONNXContext();
        ctx.setName("residual-conv-ae-encoder");
        ONNXPlaceholder input = ctx.floatInput(OnnxExport.INPUT, net.window() * net.features());
        ONNXPlaceholder latent = ctx.floatOutput(OnnxExport.LATENT, net.latentWidth());
        ONNXRef<?> mean = ctx.array("scaler_mean", scaler.mean(), true);
        ONNXRef<?> std = ctx.array("scaler_std", scaler.std(), true);
        ONNXRef<?> channels = scaled(ctx, net, input, mean, std).apply(OnnxOps.TRANSPOSE, perm());
        int levels = net.channels().length;
        layers(ctx, net, channels, 0, levels)
                .apply(
                        OnnxOps.RESHAPE,
                        ctx.array("latent_shape", new long[] {-1, net.latentWidth()}))
                .assignTo(latent);
        return OnnxExport.model(
                        ctx.buildGraph(),
                        provenance,
                        "Residual convolutional autoencoder: encodes windows to the latent code")
                .toByteArray();
    }

    /** The input as [N, W, F], scaled feature by feature. */
    private static ONNXRef<?> scaled(
            ONNXContext ctx,
            ConvAutoencoder net,
            ONNXRef<?> input,
            ONNXRef<?> mean,
            ONNXRef<?> std) {
        ONNXRef<?> shape = ctx.array("window_shape", new long[] {-1, net.window(), net.features()});
        return input.apply(OnnxOps.RESHAPE, shape)
                .apply(ONNXOperators.SUB, mean)
                .apply(ONNXOperators.DIV, std);
    }

    /** Layers {@code from} to {@code to - 1} on [N, C, L]: Conv or ConvTranspose, activation. */
    private static ONNXRef<?> layers(
            ONNXContext ctx, ConvAutoencoder net, ONNXRef<?> input, int from, int to) {
        ONNXRef<?> h = input;
        for (int l = from; l < to; l++) {
            Conv1dLayer layer = net.layers[l];
            List<Integer> dims =
                    layer.transposed
                            ? List.of(layer.in, layer.out, Conv1dLayer.KERNEL)
                            : List.of(layer.out, layer.in, Conv1dLayer.KERNEL);
            ONNXRef<?> weight =
                    ctx.floatTensor(
                            "conv_w" + l,
                            dims,
                            buf -> {
                                for (double w : layer.weights) {
                                    buf.put((float) w);
                                }
                            });
            ONNXRef<?> bias = ctx.array("conv_b" + l, layer.biases, true);
            Map<String, Object> a = new TreeMap<>();
            a.put("kernel_shape", new int[] {Conv1dLayer.KERNEL});
            a.put("strides", new int[] {Conv1dLayer.STRIDE});
            a.put("pads", new int[] {Conv1dLayer.PAD, Conv1dLayer.PAD});
            if (layer.transposed) {
                a.put("output_padding", new int[] {layer.outputPadding});
            }
            h =
                    ctx.operation(
                            layer.transposed ? OnnxOps.CONV_TRANSPOSE : OnnxOps.CONV,
                            List.<ONNXRef<?>>of(h, weight, bias),
                            "conv" + l,
                            a);
            if (net.activated(l)) {
                h = h.apply(net.activation().operator());
            }
        }
        return h;
    }

    /** Step W-1 of a [N, W, F] tensor: [N, F]. */
    private static ONNXRef<?> lastStep(ONNXContext ctx, ConvAutoencoder net, ONNXRef<?> x) {
        Map<String, Object> axis = new TreeMap<>();
        axis.put("axis", 1);
        return x.apply(
                ONNXOperators.GATHER, ctx.constant("last_step", (long) net.window() - 1), axis);
    }

    /** Swaps time and features: [N, W, F] to [N, F, W] and back. */
    private static Map<String, Object> perm() {
        Map<String, Object> p = new TreeMap<>();
        p.put("perm", new int[] {0, 2, 1});
        return p;
    }

    private static Map<String, Object> meanOverAxisOne() {
        Map<String, Object> m = new TreeMap<>();
        m.put("axes", new int[] {1});
        m.put("keepdims", 0);
        return m;
    }
}
