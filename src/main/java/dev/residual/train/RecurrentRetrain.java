package dev.residual.train;

import dev.residual.model.Manifest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Retraining of the recurrent kinds, from history to a checked model: read, cut into windows, split
 * by blocks, scale, train, export, check the export against the Java forward pass in ONNX Runtime,
 * calibrate on the validation windows. The result is written like any kind's, with {@link
 * Retrain#write}.
 */
public final class RecurrentRetrain {
    private final RecurrentAutoencoderTrainer trainer;
    private final long seed;
    private final double validationFraction;
    private final double thresholdQuantile;

    /**
     * @param seed seed of the train/validation split of blocks (the trainer has its own)
     * @param validationFraction share of windows held out, in blocks, for early stopping and
     *     calibration
     * @param thresholdQuantile quantile of validation scores used as the global threshold
     */
    public RecurrentRetrain(
            RecurrentAutoencoderTrainer trainer,
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
        WindowedHistory history = windowed(TrainingData.read(source));
        return checked(trainer.train(history, listener), history);
    }

    /** {@code data} cut into windows and split, with the scaler of the training windows' rows. */
    WindowedHistory windowed(TrainingData data) {
        return WindowedHistory.of(data, trainer.window(), validationFraction, seed);
    }

    /** Exports, checks the export on the validation windows, calibrates and describes. */
    RetrainedModel checked(TrainedRecurrent model, WindowedHistory history) {
        int w = trainer.window();
        int f = model.network().features();
        byte[] modelOnnx = RecurrentOnnxExport.scoringModel(model);
        byte[] encoderOnnx = RecurrentOnnxExport.encoderModel(model);
        float[] validation = history.validation();
        AutoencoderScorer.Result java = model.scorer().score(validation);
        double[] scores = ParityCheck.verifyModel(modelOnnx, java, validation, w * f, f);
        ParityCheck.verifyEncoder(encoderOnnx, java, validation, w * f);
        Manifest manifest =
                Retrain.manifest(
                        model.summary(),
                        modelOnnx,
                        Calibration.of(scores, thresholdQuantile),
                        architecture(model));
        history.describe(manifest, model.windowScore());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(Manifest.MODEL_FILE, modelOnnx);
        files.put(Retrain.ENCODER_FILE, encoderOnnx);
        int hidden = model.network().hidden();
        return new RetrainedModel(
                model.summary(),
                manifest,
                files,
                scores,
                Retrain.meanFeatureErrors(java.featureErrors, f),
                LatentProjection.of(java.latent, hidden, scores, seed));
    }

    private static Map<String, Object> architecture(TrainedRecurrent model) {
        RecurrentAutoencoder net = model.network();
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("type", "recurrent-autoencoder");
        a.put("cell", net.kind().label());
        a.put("window", net.window());
        a.put("window_score", model.windowScore().label());
        a.put("hidden_size", net.hidden());
        a.put("latent_dim", net.hidden());
        a.put("decoder", "dense");
        a.put("onnx_opset", OnnxExport.opset());
        a.put("encoder", Retrain.ENCODER_FILE);
        return a;
    }
}
