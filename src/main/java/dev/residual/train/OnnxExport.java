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
 * Writes a trained autoencoder as ONNX through Tribuo's {@link ONNXContext}. The scaler is part of
 * the graph, so serving feeds raw feature values and computes the same score as training.
 *
 * <p>model.onnx: {@code features} float[N,F] to {@code score} float[N] (mean squared error over
 * features, scaled units), {@code feature_errors} float[N,F] (squared error, scaled units) and
 * {@code reconstruction} float[N,F] (feature units). encoder.onnx: {@code features} to {@code
 * latent} float[N,L]. With {@code --score reconstruction+latent} the score is the reconstruction
 * score over its training mean plus the code's T² over its training mean ({@link LatentDistance});
 * feature_errors and reconstruction are unchanged. decoder.onnx (variational kind only): {@code
 * latent} to {@code features} float[N,F] in feature units. Nothing in the bytes depends on the time
 * or the machine.
 */
public final class OnnxExport {
    public static final String INPUT = "features";
    public static final String SCORE = "score";
    public static final String FEATURE_ERRORS = "feature_errors";
    public static final String RECONSTRUCTION = "reconstruction";
    public static final String LATENT = "latent";

    /** Outputs of model.onnx, in graph order. */
    public static final List<String> OUTPUTS = List.of(SCORE, FEATURE_ERRORS, RECONSTRUCTION);

    /** ONNX IR version 8 reads opset 13, Tribuo's operator set. */
    private static final long IR_VERSION = 8;

    private OnnxExport() {}

    /** The opset every node of the exported graphs belongs to. */
    public static int opset() {
        return ONNXOperators.getOpsetVersion();
    }

    /** The scoring graph, serialised. */
    public static byte[] scoringModel(TrainedAutoencoder model) {
        DenseAutoencoder net = model.network();
        int width = net.features();
        ONNXContext ctx = new ONNXContext();
        ctx.setName("residual-dense-ae");
        ONNXPlaceholder input = ctx.floatInput(INPUT, width);
        ONNXPlaceholder score = ctx.floatOutput(SCORE, 1);
        ONNXPlaceholder errors = ctx.floatOutput(FEATURE_ERRORS, width);
        ONNXPlaceholder recon = ctx.floatOutput(RECONSTRUCTION, width);
        ONNXRef<?> mean = ctx.array("scaler_mean", model.scaler().mean(), true);
        ONNXRef<?> std = ctx.array("scaler_std", model.scaler().std(), true);
        ONNXRef<?> scaled = input.apply(ONNXOperators.SUB, mean).apply(ONNXOperators.DIV, std);
        int latentLayer = net.latentLayer();
        ONNXRef<?> below = layers(ctx, net, scaled, 0, latentLayer - 1);
        ONNXRef<?> code = layers(ctx, net, below, latentLayer - 1, latentLayer);
        ONNXRef<?> output = layers(ctx, net, code, latentLayer, net.layers());
        ONNXRef<?> diff = output.apply(ONNXOperators.SUB, scaled);
        ONNXRef<?> squared = diff.apply(ONNXOperators.MUL, diff);
        squared.assignTo(errors);
        // A sorted map: Map.of iterates in a per-JVM random order, which would vary the bytes.
        Map<String, Object> meanOverFeatures = new TreeMap<>();
        meanOverFeatures.put("axes", new int[] {1});
        meanOverFeatures.put("keepdims", 0);
        ONNXRef<?> reconstructionError = squared.apply(ONNXOperators.REDUCE_MEAN, meanOverFeatures);
        PosteriorKl kl = net.posteriorKl();
        ONNXRef<?> rowScore =
                kl == null
                        ? reconstructionError
                        : reconstructionError.apply(
                                ONNXOperators.ADD, klTerm(ctx, kl, below, code, meanOverFeatures));
        LatentDistance distance = net.latentDistance();
        if (distance != null) {
            rowScore = withLatentDistance(ctx, distance, code, rowScore, meanOverFeatures);
        }
        rowScore.assignTo(score);
        output.apply(ONNXOperators.MUL, std).apply(ONNXOperators.ADD, mean).assignTo(recon);
        OnnxMl.GraphProto graph = withVectorOutput(ctx.buildGraph(), SCORE);
        String doc =
                distance == null
                        ? "scores feature vectors by reconstruction error"
                        : "scores feature vectors by reconstruction error and latent distance";
        return model(graph, model, doc).toByteArray();
    }

    /** The encoder graph: scaler and the layers down to the latent code. */
    public static byte[] encoderModel(TrainedAutoencoder model) {
        DenseAutoencoder net = model.network();
        ONNXContext ctx = new ONNXContext();
        ctx.setName("residual-dense-ae-encoder");
        ONNXPlaceholder input = ctx.floatInput(INPUT, net.features());
        ONNXPlaceholder latent = ctx.floatOutput(LATENT, net.sizes()[net.latentLayer()]);
        ONNXRef<?> mean = ctx.array("scaler_mean", model.scaler().mean(), true);
        ONNXRef<?> std = ctx.array("scaler_std", model.scaler().std(), true);
        ONNXRef<?> scaled = input.apply(ONNXOperators.SUB, mean).apply(ONNXOperators.DIV, std);
        layers(ctx, net, scaled, 0, net.latentLayer()).assignTo(latent);
        return model(ctx.buildGraph(), model, "encodes feature vectors to the latent code")
                .toByteArray();
    }

    /**
     * The decoder graph: the layers from the latent code up, then un-scaled, so that a draw from
     * the prior comes out as a row in feature units. Its output is named like model.onnx's input,
     * {@link #INPUT}: a generated row can be scored as it is.
     */
    public static byte[] decoderModel(TrainedAutoencoder model) {
        DenseAutoencoder net = model.network();
        ONNXContext ctx = new ONNXContext();
        ctx.setName("residual-vae-decoder");
        ONNXPlaceholder latent = ctx.floatInput(LATENT, net.sizes()[net.latentLayer()]);
        ONNXPlaceholder features = ctx.floatOutput(INPUT, net.features());
        ONNXRef<?> mean = ctx.array("scaler_mean", model.scaler().mean(), true);
        ONNXRef<?> std = ctx.array("scaler_std", model.scaler().std(), true);
        layers(ctx, net, latent, net.latentLayer(), net.layers())
                .apply(ONNXOperators.MUL, std)
                .apply(ONNXOperators.ADD, mean)
                .assignTo(features);
        return model(ctx.buildGraph(), model, "decodes latent codes to feature vectors")
                .toByteArray();
    }

    /**
     * Layers {@code from} to {@code to - 1}: Gemm then the activation where the network has one.
     * The weights are written transposed, in x out, so that Gemm needs no attributes.
     */
    private static ONNXRef<?> layers(
            ONNXContext ctx, DenseAutoencoder net, ONNXRef<?> input, int from, int to) {
        int[] sizes = net.sizes();
        ONNXRef<?> h = input;
        for (int l = from; l < to; l++) {
            double[] w = net.weights[l];
            int in = sizes[l];
            int out = sizes[l + 1];
            ONNXRef<?> weight =
                    ctx.floatTensor(
                            "w" + l, List.of(in, out), buf -> putTransposed(w, out, in, buf));
            ONNXRef<?> bias = ctx.array("b" + l, net.biases[l], true);
            h = h.apply(ONNXOperators.GEMM, List.of(weight, bias));
            if (net.activated(l)) {
                h = h.apply(net.activation().operator());
            }
        }
        return h;
    }

    /**
     * The negative ELBO's KL term per row, {@code weight / 2 * sum(mu^2 + exp(logvar) - 1 -
     * logvar)}, with the sum over the latent code taken as its mean times L (ReduceMean keeps its
     * axes as an attribute at opset 13, where ReduceSum takes them as an input).
     */
    private static ONNXRef<?> klTerm(
            ONNXContext ctx,
            PosteriorKl kl,
            ONNXRef<?> below,
            ONNXRef<?> mean,
            Map<String, Object> meanOverAxisOne) {
        ONNXRef<?> weights =
                ctx.floatTensor(
                        "kl_w",
                        List.of(kl.below(), kl.latent()),
                        buf -> putTransposed(kl.weights, kl.latent(), kl.below(), buf));
        ONNXRef<?> logVar =
                below.apply(
                        ONNXOperators.GEMM, List.of(weights, ctx.array("kl_b", kl.biases, true)));
        return mean.apply(ONNXOperators.MUL, mean)
                .apply(ONNXOperators.ADD, logVar.apply(OnnxOps.EXP))
                .apply(ONNXOperators.SUB, logVar)
                .apply(ONNXOperators.SUB, ctx.constant("kl_one", 1.0f))
                .apply(ONNXOperators.REDUCE_MEAN, meanOverAxisOne)
                .apply(
                        ONNXOperators.MUL,
                        ctx.constant("kl_weight", (float) (0.5 * kl.weight * kl.latent())));
    }

    /**
     * The {@code reconstruction+latent} score: {@code score / scoreMean + T² / t2Mean} with {@code
     * T² = ||(h - m) W^T||²} summed over the code (ReduceSumSquare over axis 1, the attributes of
     * {@code overAxisOne}).
     */
    private static ONNXRef<?> withLatentDistance(
            ONNXContext ctx,
            LatentDistance distance,
            ONNXRef<?> code,
            ONNXRef<?> score,
            Map<String, Object> overAxisOne) {
        int k = distance.latent();
        double[] w = distance.whitening();
        ONNXRef<?> whitening =
                ctx.floatTensor("latent_w", List.of(k, k), buf -> putTransposed(w, k, k, buf));
        ONNXRef<?> t2 =
                code.apply(ONNXOperators.SUB, ctx.array("latent_mean", distance.mean(), true))
                        .apply(OnnxOps.MATMUL, whitening)
                        .apply(OnnxOps.REDUCE_SUM_SQUARE, overAxisOne);
        return score.apply(
                        ONNXOperators.DIV, ctx.constant("score_mean", (float) distance.scoreMean()))
                .apply(
                        ONNXOperators.ADD,
                        t2.apply(
                                ONNXOperators.DIV,
                                ctx.constant("t2_mean", (float) distance.t2Mean())));
    }

    static void putTransposed(double[] w, int rows, int cols, FloatBuffer buf) {
        for (int k = 0; k < cols; k++) {
            for (int j = 0; j < rows; j++) {
                buf.put((float) w[j * cols + k]);
            }
        }
    }

    /** ONNXContext only declares [batch, d] outputs; the score is one value per row. */
    static OnnxMl.GraphProto withVectorOutput(OnnxMl.GraphProto graph, String name) {
        OnnxMl.GraphProto.Builder b = graph.toBuilder();
        for (int i = 0; i < b.getOutputCount(); i++) {
            if (b.getOutput(i).getName().equals(name)) {
                OnnxMl.TensorShapeProto shape =
                        OnnxMl.TensorShapeProto.newBuilder()
                                .addDim(
                                        OnnxMl.TensorShapeProto.Dimension.newBuilder()
                                                .setDimParam("batch"))
                                .build();
                OnnxMl.ValueInfoProto.Builder out = b.getOutputBuilder(i);
                out.getTypeBuilder().getTensorTypeBuilder().setShape(shape);
            }
        }
        return b.build();
    }

    private static OnnxMl.ModelProto model(
            OnnxMl.GraphProto graph, TrainedAutoencoder model, String doc) {
        return model(graph, model.provenance(), "Residual dense autoencoder: " + doc);
    }

    /** The graph as a model of Tribuo's opset, with {@code provenance} as its metadata. */
    static OnnxMl.ModelProto model(
            OnnxMl.GraphProto graph, Map<String, String> provenance, String doc) {
        OnnxMl.ModelProto.Builder b =
                OnnxMl.ModelProto.newBuilder()
                        .setGraph(graph)
                        .setDomain("dev.residual")
                        .setProducerName("residual")
                        .setProducerVersion("1")
                        .setModelVersion(1)
                        .setIrVersion(IR_VERSION)
                        .setDocString(doc)
                        .addOpsetImport(ONNXOperators.getOpsetProto());
        provenance.forEach(
                (k, v) ->
                        b.addMetadataProps(
                                OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return b.build();
    }
}
