package dev.residual.train;

import dev.residual.model.Manifest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.tribuo.Tribuo;

/**
 * Retraining of the convolutional kind, from history to a verified bundle not yet written: read,
 * cut into windows and split as a {@link WindowedHistory} (held-out blocks, no row shared, scaled
 * on the training windows' rows), train, export, check ONNX Runtime against the Java forward pass,
 * calibrate on the validation windows. The bundle is then written by {@link Retrain#write}, as for
 * the pointwise kinds.
 */
public final class ConvRetrain {
    private final ConvAutoencoderTrainer trainer;
    private final long seed;
    private final double validationFraction;
    private final double thresholdQuantile;

    /**
     * @param seed seed of the train/validation split of the windows (the trainer has its own)
     * @param validationFraction share of windows held out for early stopping and calibration
     * @param thresholdQuantile quantile of validation scores used as the global threshold
     */
    public ConvRetrain(
            ConvAutoencoderTrainer trainer,
            long seed,
            double validationFraction,
            double thresholdQuantile) {
        this.trainer = trainer;
        this.seed = seed;
        this.validationFraction = validationFraction;
        this.thresholdQuantile = thresholdQuantile;
    }

    /** Trains and checks a model; returns it with its files and manifest, written nowhere yet. */
    public RetrainedModel train(
            HistorySource source, DenseAutoencoderTrainer.EpochListener listener)
            throws IOException {
        TrainingData data = TrainingData.read(source);
        int f = data.features();
        WindowedHistory history =
                WindowedHistory.of(data, trainer.window(), validationFraction, seed);
        Windows windows = history.windows();
        StandardScaler scaler = history.scaler();
        float[] validation = history.validation();
        ConvAutoencoderTrainer.Result result =
                trainer.train(history.train(), validation, scaler, listener);
        ConvAutoencoder net = result.network();
        Map<String, String> provenance = provenance(data, windows);
        byte[] modelOnnx =
                ConvOnnxExport.scoringModel(net, scaler, trainer.windowScore(), provenance);
        byte[] encoderOnnx = ConvOnnxExport.encoderModel(net, scaler, provenance);
        ConvScorer.Result java =
                new ConvScorer(net, scaler, trainer.windowScore()).score(validation);
        double[] scores = checkParity(modelOnnx, encoderOnnx, validation, f, java);
        TrainedAutoencoder model = described(data, scaler, history.split(), result, provenance);
        Manifest manifest =
                Retrain.manifest(
                        model,
                        modelOnnx,
                        Calibration.of(scores, thresholdQuantile),
                        architecture(net, windows));
        history.describe(manifest, trainer.windowScore());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(Manifest.MODEL_FILE, modelOnnx);
        files.put(Retrain.ENCODER_FILE, encoderOnnx);
        return new RetrainedModel(
                model,
                manifest,
                files,
                scores,
                Retrain.meanFeatureErrors(java.featureErrors, f),
                LatentProjection.of(java.latent, net.latentWidth(), scores, seed));
    }

    /**
     * Checks model.onnx's three outputs and encoder.onnx's latent code against the Java forward
     * pass on the validation windows; returns ONNX Runtime's scores, the ones serving will see.
     */
    private double[] checkParity(
            byte[] modelOnnx,
            byte[] encoderOnnx,
            float[] validation,
            int features,
            ConvScorer.Result java) {
        int width = trainer.window() * features;
        Map<String, double[]> expected = new LinkedHashMap<>();
        expected.put(OnnxExport.SCORE, java.score);
        expected.put(OnnxExport.FEATURE_ERRORS, java.featureErrors);
        expected.put(OnnxExport.RECONSTRUCTION, java.reconstruction);
        double[] scores =
                ParityCheck.verifyOutputs(modelOnnx, validation, width, expected)
                        .get(OnnxExport.SCORE);
        ParityCheck.verifyOutputs(
                encoderOnnx, validation, width, Map.of(OnnxExport.LATENT, java.latent));
        return scores;
    }

    /**
     * The curves, counts and provenance the report and manifest describe a model by. It holds no
     * dense network ({@link TrainedAutoencoder#network()} is null): the convolutional one is in the
     * files and the manifest's architecture.
     */
    private TrainedAutoencoder described(
            TrainingData data,
            StandardScaler scaler,
            Split split,
            ConvAutoencoderTrainer.Result result,
            Map<String, String> provenance) {
        TrainedAutoencoder.Builder b = TrainedAutoencoder.builder(data, scaler);
        for (int e = 0; e < result.trainLoss().size(); e++) {
            b.epoch(result.trainLoss().get(e), result.validationLoss().get(e));
        }
        return b.build(
                null,
                split,
                result.seconds(),
                provenance,
                ModelKind.CONV,
                trainer.hyperparameters(data.features()));
    }

    private Map<String, String> provenance(TrainingData data, Windows windows) {
        Map<String, String> p = new TreeMap<>(data.source());
        p.put("trainer.class", ConvAutoencoderTrainer.class.getName());
        trainer.hyperparameters(data.features()).forEach((k, v) -> p.put("trainer." + k, v));
        p.put("trainer.validationFraction", Double.toString(validationFraction));
        p.put("data.windows", Integer.toString(windows.count()));
        p.put("data.windowGapMillis", Long.toString(windows.maxGapMillis()));
        p.put("tribuo.version", Tribuo.VERSION);
        return p;
    }

    private static Map<String, Object> architecture(ConvAutoencoder net, Windows windows) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("type", "convolutional-autoencoder");
        a.put("window", net.window());
        a.put("channels", net.channels());
        a.put("kernel", Conv1dLayer.KERNEL);
        a.put("stride", Conv1dLayer.STRIDE);
        a.put("latent_dim", net.latentWidth());
        a.put("activation", net.activation().label());
        a.put("output_activation", "linear");
        a.put("window_gap_ms", windows.maxGapMillis());
        a.put("onnx_opset", OnnxExport.opset());
        a.put("encoder", Retrain.ENCODER_FILE);
        return a;
    }
}
