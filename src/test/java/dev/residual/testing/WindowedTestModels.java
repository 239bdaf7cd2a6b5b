package dev.residual.testing;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.residual.eval.SyntheticFleet;
import dev.residual.eval.SyntheticFleet.Row;
import dev.residual.model.BundleWriter;
import dev.residual.model.Manifest;
import dev.residual.train.DenseAutoencoderTrainer;
import dev.residual.train.HistorySource;
import dev.residual.train.OnnxExport;
import dev.residual.train.Retrain;
import dev.residual.train.RetrainedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Windowed bundles for the job's tests, before windowed kinds can be trained: a dense autoencoder
 * trained by the retrain machinery on flattened windows of W records (input width W × F), whose
 * graph is then given the windowed contract's outputs. {@code feature_errors} becomes the mean of
 * each feature's squared error over the W steps ({@code window_score = window}, as the score, the
 * mean over all W × F errors, already is) and {@code reconstruction} the last step's. The manifest
 * names the F features and {@code window} W; the scaler stays inside the graph.
 */
public final class WindowedTestModels {
    private WindowedTestModels() {}

    /**
     * Trains on normal history of {@code entities}, {@code rowsPerEntity} records each, writes the
     * bundle under {@code modelsDir}, publishes it and returns {@code modelsDir}.
     */
    public static Path write(
            SyntheticFleet fleet,
            List<String> entities,
            int rowsPerEntity,
            int window,
            Path models) {
        try {
            RetrainedModel flat =
                    new Retrain(trainer(), 1, 0.2, 0.999)
                            .train(
                                    windows(fleet, entities, rowsPerEntity, window),
                                    (e, t, v, r) -> {});
            int features = fleet.featureNames().size();
            Manifest m = Manifest.fromJson(flat.manifest().toJson());
            m.features = fleet.featureNames();
            m.window = window;
            m.windowScore = "window";
            m.kind = "dense-windowed-test";
            m.scaler = null;
            byte[] model = windowedOutputs(flat.modelOnnx(), window, features);
            BundleWriter.write(models, "windowed", m, Map.of(Manifest.MODEL_FILE, model));
            BundleWriter.publish(models, "windowed");
            return models;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A narrow code: wide enough for the few slow factors a window of the fleet spans, too narrow
     * to carry a stuck sensor's flat line, so that the window's error shows it.
     */
    private static DenseAutoencoderTrainer trainer() {
        return new DenseAutoencoderTrainer().hidden(24, 6).epochs(40).seed(1);
    }

    /** Every full window of each entity's normal history, flattened time-major, oldest first. */
    private static HistorySource windows(
            SyntheticFleet fleet, List<String> entities, int rowsPerEntity, int window) {
        List<String> names = new ArrayList<>();
        for (int t = 0; t < window; t++) {
            for (String f : fleet.featureNames()) {
                names.add(f + "@" + t);
            }
        }
        return new HistorySource() {
            @Override
            public List<String> featureNames() {
                return names;
            }

            @Override
            public void forEachRow(RowSink sink) {
                for (String entity : entities) {
                    List<Row> rows =
                            fleet.generate(
                                    entity, rowsPerEntity, 1_600_000_000_000L, 1000, List.of());
                    for (int end = window - 1; end < rows.size(); end++) {
                        double[] flat = new double[names.size()];
                        for (int t = 0; t < window; t++) {
                            double[] v = rows.get(end - window + 1 + t).values();
                            System.arraycopy(v, 0, flat, t * v.length, v.length);
                        }
                        sink.accept(flat);
                    }
                }
            }

            @Override
            public Map<String, String> describe() {
                return Map.of("source", "synthetic windows", "window", String.valueOf(window));
            }
        };
    }

    /**
     * The flat model's graph with the windowed contract's outputs: its [N, W·F] feature errors
     * reshaped to [N, W, F] and averaged over the steps, its reconstruction reshaped and the last
     * step taken.
     */
    static byte[] windowedOutputs(byte[] flatModel, int window, int features)
            throws InvalidProtocolBufferException {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(flatModel);
        OnnxMl.GraphProto.Builder g = model.getGraph().toBuilder();
        String errors = OnnxExport.FEATURE_ERRORS;
        String recon = OnnxExport.RECONSTRUCTION;
        rename(g, errors, "window_" + errors);
        rename(g, recon, "window_" + recon);
        g.addInitializer(int64("window_shape", List.of(3L), 0, window, features));
        g.addInitializer(int64("last_step", List.of(), window - 1));
        g.addNode(node("Reshape", "window_" + errors, "window_shape", "errors_by_step"));
        g.addNode(
                node("ReduceMean", "errors_by_step", null, errors).toBuilder()
                        .addAttribute(ints("axes", 1))
                        .addAttribute(
                                OnnxMl.AttributeProto.newBuilder()
                                        .setName("keepdims")
                                        .setType(OnnxMl.AttributeProto.AttributeType.INT)
                                        .setI(0))
                        .build());
        g.addNode(node("Reshape", "window_" + recon, "window_shape", "recon_by_step"));
        g.addNode(
                node("Gather", "recon_by_step", "last_step", recon).toBuilder()
                        .addAttribute(
                                OnnxMl.AttributeProto.newBuilder()
                                        .setName("axis")
                                        .setType(OnnxMl.AttributeProto.AttributeType.INT)
                                        .setI(1))
                        .build());
        for (int i = 0; i < g.getOutputCount(); i++) {
            String name = g.getOutput(i).getName();
            if (name.equals(errors) || name.equals(recon)) {
                g.getOutputBuilder(i)
                        .getTypeBuilder()
                        .getTensorTypeBuilder()
                        .getShapeBuilder()
                        .getDimBuilder(1)
                        .setDimValue(features);
            }
        }
        return model.toBuilder().setGraph(g).build().toByteArray();
    }

    private static void rename(OnnxMl.GraphProto.Builder g, String from, String to) {
        for (OnnxMl.NodeProto.Builder n : g.getNodeBuilderList()) {
            for (int i = 0; i < n.getOutputCount(); i++) {
                if (n.getOutput(i).equals(from)) {
                    n.setOutput(i, to);
                }
            }
        }
    }

    private static OnnxMl.NodeProto node(String op, String a, String b, String out) {
        OnnxMl.NodeProto.Builder n =
                OnnxMl.NodeProto.newBuilder().setOpType(op).setName(out + "_" + op).addInput(a);
        if (b != null) {
            n.addInput(b);
        }
        return n.addOutput(out).build();
    }

    private static OnnxMl.TensorProto int64(String name, List<Long> dims, long... values) {
        OnnxMl.TensorProto.Builder t =
                OnnxMl.TensorProto.newBuilder()
                        .setName(name)
                        .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber())
                        .addAllDims(dims);
        for (long v : values) {
            t.addInt64Data(v);
        }
        return t.build();
    }

    private static OnnxMl.AttributeProto ints(String name, long... values) {
        OnnxMl.AttributeProto.Builder a =
                OnnxMl.AttributeProto.newBuilder()
                        .setName(name)
                        .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }
}
