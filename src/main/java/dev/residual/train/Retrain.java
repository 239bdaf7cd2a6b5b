package dev.residual.train;

import dev.residual.model.BundleWriter;
import dev.residual.model.Manifest;
import dev.residual.model.ModelBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Retraining from history to a verified bundle: read, split, scale, train, export, check the export
 * against the Java forward pass in ONNX Runtime, calibrate on the validation rows, and write.
 * Nothing is written unless every step succeeded.
 */
public final class Retrain {
    public static final String ENCODER_FILE = "encoder.onnx";
    public static final String DECODER_FILE = "decoder.onnx";

    private final AutoencoderTrainer trainer;
    private final long seed;
    private final double validationFraction;
    private final double thresholdQuantile;
    private ScoreKind score = ScoreKind.RECONSTRUCTION;

    /**
     * @param seed seed of the train/validation split (the trainer has its own)
     * @param validationFraction share of rows held out for early stopping and calibration
     * @param thresholdQuantile quantile of validation scores used as the global threshold
     */
    public Retrain(
            AutoencoderTrainer trainer,
            long seed,
            double validationFraction,
            double thresholdQuantile) {
        this.trainer = trainer;
        this.seed = seed;
        this.validationFraction = validationFraction;
        this.thresholdQuantile = thresholdQuantile;
    }

    /**
     * What the exported score measures; {@link ScoreKind#RECONSTRUCTION_LATENT} fits the latent
     * distance on the training rows after training.
     */
    public Retrain score(ScoreKind kind) {
        this.score = kind;
        return this;
    }

    /** Trains and checks a model; returns it with its files and manifest, written nowhere yet. */
    public RetrainedModel train(
            HistorySource source, DenseAutoencoderTrainer.EpochListener listener)
            throws IOException {
        TrainingData data = TrainingData.read(source);
        Split split = Split.of(data.rows(), validationFraction, seed);
        StandardScaler scaler =
                StandardScaler.fit(data.values(), data.featureNames(), split.train());
        TrainedAutoencoder model = trainer.train(data, split, scaler, listener);
        LatentDistance distance = null;
        if (score == ScoreKind.RECONSTRUCTION_LATENT) {
            distance = latentDistance(model, data, split);
            model = model.withLatentDistance(distance);
        }
        byte[] modelOnnx = OnnxExport.scoringModel(model);
        byte[] encoderOnnx = OnnxExport.encoderModel(model);
        float[] validation = Split.gather(data.values(), data.features(), split.validation());
        AutoencoderScorer scorer = model.scorer();
        double[] scores = ParityCheck.verifyModel(modelOnnx, scorer, validation, data.features());
        ParityCheck.verifyEncoder(encoderOnnx, scorer, validation, data.features());
        Manifest.Calibration calibration = Calibration.of(scores, thresholdQuantile);
        Manifest manifest = manifest(model, modelOnnx, calibration, architecture(model));
        if (distance != null) {
            describe(manifest, distance, split.trainRows());
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(Manifest.MODEL_FILE, modelOnnx);
        files.put(ENCODER_FILE, encoderOnnx);
        if (model.kind() == ModelKind.VAE) {
            files.put(DECODER_FILE, decoder(model, scorer, validation.length / data.features()));
        }
        // One more Java forward pass over rows already in memory gives what the report shows.
        AutoencoderScorer.Result pass = scorer.score(validation);
        DenseAutoencoder net = model.network();
        LatentProjection latent =
                LatentProjection.of(pass.latent, net.sizes()[net.latentLayer()], scores, seed);
        return new RetrainedModel(
                model,
                manifest,
                files,
                scores,
                meanFeatureErrors(pass.featureErrors, data.features()),
                latent);
    }

    /**
     * The latent distance fitted on the codes and reconstruction scores of the training rows: the
     * validation rows stay unseen for calibration, as they are for training.
     */
    private static LatentDistance latentDistance(
            TrainedAutoencoder model, TrainingData data, Split split) {
        float[] train = Split.gather(data.values(), data.features(), split.train());
        AutoencoderScorer.Result pass = model.scorer().score(train);
        DenseAutoencoder net = model.network();
        return LatentDistance.fit(pass.latent, net.sizes()[net.latentLayer()], pass.score);
    }

    private static void describe(Manifest manifest, LatentDistance distance, long rows) {
        manifest.score = ScoreKind.RECONSTRUCTION_LATENT.label();
        Manifest.LatentScore latent = new Manifest.LatentScore();
        latent.latentDim = distance.latent();
        latent.reconstructionMean = distance.scoreMean();
        latent.t2Mean = distance.t2Mean();
        latent.eigenvalueFloor = LatentDistance.EIGENVALUE_FLOOR;
        latent.flooredDimensions = distance.flooredDimensions();
        latent.rows = rows;
        manifest.latentScore = latent;
    }

    /**
     * The variational kind's decoder.onnx, checked on as many draws from the prior as there are
     * validation rows: those are the codes {@code residual generate} feeds it.
     */
    private byte[] decoder(TrainedAutoencoder model, AutoencoderScorer scorer, int rows) {
        byte[] decoderOnnx = OnnxExport.decoderModel(model);
        DenseAutoencoder net = model.network();
        int latent = net.sizes()[net.latentLayer()];
        float[] codes = PriorSample.draw(Math.max(rows, 1), latent, seed);
        ParityCheck.verifyDecoder(decoderOnnx, scorer, codes, latent);
        return decoderOnnx;
    }

    /**
     * Writes the bundle {@code modelsDir/bundleName}, with {@link TrainingReport#FILE} beside the
     * models, and, if asked, makes it CURRENT.
     */
    public static Path write(
            RetrainedModel retrained, Path modelsDir, String bundleName, boolean publish) {
        // The report goes through the writer like the models, so the manifest checksums it too.
        Map<String, byte[]> files = new LinkedHashMap<>(retrained.files());
        files.put(TrainingReport.FILE, TrainingReport.html(retrained));
        Path dir = BundleWriter.write(modelsDir, bundleName, retrained.manifest(), files);
        if (publish) {
            BundleWriter.publish(modelsDir, bundleName);
        }
        return dir;
    }

    /**
     * Mean squared error of each feature over the validation rows, which the report shows as the
     * features the model finds hardest.
     */
    static double[] meanFeatureErrors(double[] errors, int width) {
        double[] mean = new double[width];
        for (int i = 0; i < errors.length; i++) {
            mean[i % width] += errors[i];
        }
        int rows = Math.max(1, errors.length / width);
        for (int f = 0; f < width; f++) {
            mean[f] /= rows;
        }
        return mean;
    }

    /** The manifest of a pointwise model; a windowed kind sets its window on the result. */
    static Manifest manifest(
            TrainedAutoencoder model,
            byte[] modelOnnx,
            Manifest.Calibration calibration,
            Map<String, Object> architecture) {
        Manifest m = new Manifest();
        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        m.created = created.toString();
        m.kind = model.kind().label();
        m.modelId =
                model.kind().modelIdPrefix()
                        + "/"
                        + created
                        + "/"
                        + ModelBundle.sha256(modelOnnx).substring(0, 6);
        m.features = model.featureNames();
        m.window = 1;
        m.outputs = OnnxExport.OUTPUTS;
        m.score = ScoreKind.RECONSTRUCTION.label();
        m.architecture = architecture;
        m.scaler = new Manifest.Scaler();
        m.scaler.location = "graph";
        m.scaler.type = "standard";
        m.scaler.mean = model.scaler().mean();
        m.scaler.scale = model.scaler().std();
        m.calibration = calibration;
        m.training = training(model);
        m.provenance = new LinkedHashMap<>(model.provenance());
        return m;
    }

    /**
     * The network as served, plus the kind's own hyperparameters under snake_case names (a VAE's
     * {@code beta}, {@code kl_warmup}, {@code latent} and {@code score}; a denoising model's {@code
     * noise_std} and {@code mask_fraction}).
     */
    private static Map<String, Object> architecture(TrainedAutoencoder model) {
        DenseAutoencoder net = model.network();
        Map<String, Object> a = new LinkedHashMap<>();
        a.put(
                "type",
                model.kind() == ModelKind.VAE ? "variational-autoencoder" : "dense-autoencoder");
        a.put("layers", net.sizes());
        a.put("latent_dim", net.sizes()[net.latentLayer()]);
        a.put("activation", net.activation().label());
        a.put("output_activation", "linear");
        model.kindHyperparameters()
                .forEach(
                        (k, v) ->
                                a.put(
                                        k.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT),
                                        number(v)));
        a.put("onnx_opset", OnnxExport.opset());
        a.put("encoder", ENCODER_FILE);
        if (model.kind() == ModelKind.VAE) {
            a.put("decoder", DECODER_FILE);
        }
        return a;
    }

    /** A number where the setting is one, so that the manifest's JSON keeps its type. */
    private static Object number(String value) {
        try {
            // Not a conditional expression: it would promote the long to a double.
            if (value.contains(".")) {
                return Double.parseDouble(value);
            }
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return value;
        }
    }

    private static Map<String, Object> training(TrainedAutoencoder model) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("rows", model.trainRows() + model.validationRows());
        t.put("train_rows", model.trainRows());
        t.put("validation_rows", model.validationRows());
        t.put("epochs_run", model.epochsRun());
        t.put("train_loss", model.trainLoss());
        t.put("validation_loss", model.validationLoss());
        t.put("seconds", model.seconds());
        t.put("rows_per_second", model.rowsPerSecond());
        return t;
    }
}
