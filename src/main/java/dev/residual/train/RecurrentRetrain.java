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
     * @param validationFraction share of blocks of rows held out for early stopping and calibration
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
        TrainingData data = TrainingData.read(source);
        Windowed windowed = windowed(data);
        TrainedRecurrent model =
                trainer.train(data, windowed.values, windowed.windows, windowed.scaler, listener);
        return checked(model, windowed);
    }

    /**
     * The rows of {@code data} in window order, cut into windows and split, and the scaler fitted
     * on the rows of the training windows.
     */
    Windowed windowed(TrainingData data) {
        int w = trainer.window();
        RowKeys.Sequences sequences = data.sequences();
        float[] values = sequences.reorder(data.values(), data.features());
        RecurrentWindows.Partition windows =
                RecurrentWindows.split(
                        data.rows(), sequences.segmentStarts(), w, validationFraction, seed);
        StandardScaler scaler =
                StandardScaler.fit(values, data.featureNames(), windows.trainRows(w));
        return new Windowed(values, sequences, windows, scaler);
    }

    /**
     * The rows in window order, their segments, the windows and the scaler.
     *
     * @param values row-major rows, entity by entity in time order
     */
    record Windowed(
            float[] values,
            RowKeys.Sequences sequences,
            RecurrentWindows.Partition windows,
            StandardScaler scaler) {}

    /** Exports, checks the export on the validation windows, calibrates and describes. */
    RetrainedModel checked(TrainedRecurrent model, Windowed windowed) {
        int w = trainer.window();
        int f = model.network().features();
        float[] values = windowed.values;
        RowKeys.Sequences sequences = windowed.sequences;
        RecurrentWindows.Partition windows = windowed.windows;
        byte[] modelOnnx = RecurrentOnnxExport.scoringModel(model);
        byte[] encoderOnnx = RecurrentOnnxExport.encoderModel(model);
        float[] validation = RecurrentWindows.gather(values, f, w, windows.validation());
        AutoencoderScorer.Result java = model.scorer().score(validation);
        double[] scores = ParityCheck.verifyModel(modelOnnx, java, validation, w * f, f);
        ParityCheck.verifyEncoder(encoderOnnx, java, validation, w * f);
        Manifest manifest =
                Retrain.manifest(
                        model.summary(),
                        modelOnnx,
                        Calibration.of(scores, thresholdQuantile),
                        architecture(model));
        manifest.window = w;
        manifest.windowScore = model.windowScore().label();
        // The summary counts windows; the manifest says rows for rows and windows for windows.
        manifest.training.put("rows", values.length / f);
        manifest.training.remove("train_rows");
        manifest.training.remove("validation_rows");
        manifest.training.put("train_windows", windows.train().length);
        manifest.training.put("validation_windows", windows.validation().length);
        manifest.training.put("entities", sequences.entities());
        manifest.training.put("segments", sequences.segmentStarts().length);
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
