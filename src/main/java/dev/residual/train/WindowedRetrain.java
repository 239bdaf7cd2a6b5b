package dev.residual.train;

import dev.residual.model.Manifest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Retraining of the windowed kinds (conv, lstm, gru), from history to a checked model: read, cut
 * into windows and split as a {@link WindowedHistory}, train, export, check the three outputs of
 * model.onnx and the latent code of encoder.onnx against the Java forward pass in ONNX Runtime,
 * calibrate on the validation windows. The result is written like any kind's, with {@link
 * Retrain#write}.
 */
public final class WindowedRetrain {
    private final WindowedTrainer trainer;
    private final long seed;
    private final double validationFraction;
    private final double thresholdQuantile;

    /**
     * @param seed seed of the train/validation split of the windows (the trainer has its own)
     * @param validationFraction share of windows held out, in blocks, for early stopping and
     *     calibration
     * @param thresholdQuantile quantile of validation scores used as the global threshold
     */
    public WindowedRetrain(
            WindowedTrainer trainer,
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
    RetrainedModel checked(WindowedNetwork model, WindowedHistory history) {
        int f = history.data().features();
        int width = trainer.window() * f;
        byte[] modelOnnx = model.scoringModel();
        byte[] encoderOnnx = model.encoderModel();
        float[] validation = history.validation();
        AutoencoderScorer.Result java = model.score(validation);
        Map<String, double[]> expected = new LinkedHashMap<>();
        expected.put(OnnxExport.SCORE, java.score);
        expected.put(OnnxExport.FEATURE_ERRORS, java.featureErrors);
        expected.put(OnnxExport.RECONSTRUCTION, java.reconstruction);
        double[] scores =
                ParityCheck.verifyOutputs(
                                modelOnnx,
                                validation,
                                width,
                                expected,
                                history.scaler(),
                                Set.of(OnnxExport.RECONSTRUCTION))
                        .get(OnnxExport.SCORE);
        ParityCheck.verifyOutputs(
                encoderOnnx,
                validation,
                width,
                Map.of(OnnxExport.LATENT, java.latent),
                history.scaler(),
                Set.of());
        Manifest manifest =
                Retrain.manifest(
                        model.summary(),
                        modelOnnx,
                        Calibration.of(scores, thresholdQuantile),
                        model.architecture());
        history.describe(manifest, trainer.windowScore());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(Manifest.MODEL_FILE, modelOnnx);
        files.put(Retrain.ENCODER_FILE, encoderOnnx);
        return new RetrainedModel(
                model.summary(),
                manifest,
                files,
                scores,
                Retrain.meanFeatureErrors(java.featureErrors, f),
                LatentProjection.of(java.latent, java.latentWidth, scores, seed));
    }
}
