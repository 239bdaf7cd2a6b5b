package dev.residual.train;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.tribuo.Tribuo;
import org.tribuo.math.StochasticGradientOptimiser;

/**
 * Trains a {@link DenseAutoencoder} with a Tribuo optimiser on minibatches, stopping early when the
 * validation loss has not improved for {@code patience} epochs and keeping the best epoch's
 * weights. Training is single-threaded and every random choice comes from {@code seed}, so the same
 * data and settings give the same weights, bit for bit. With a {@link Corruption} it trains the
 * denoising kind; {@link VariationalAutoencoderTrainer} runs its own loop through the same early
 * stopping and settings.
 */
public final class DenseAutoencoderTrainer implements AutoencoderTrainer, Configurable {
    @Config(description = "Seed of weight initialisation and minibatch order.")
    private long seed = 42L;

    @Config(
            description =
                    "Encoder layer sizes ending with the latent size; empty means chosen from"
                            + " the data.")
    private int[] hidden = new int[0];

    @Config(description = "Activation of the hidden layers: tanh or relu.")
    private Activation activation = Activation.TANH;

    @Config(description = "Maximum number of passes over the training rows.")
    private int epochs = 200;

    @Config(description = "Rows per gradient step.")
    private int batchSize = 64;

    @Config(
            description =
                    "Learning rate of the Adam optimiser (AdamOptimiser: Tribuo's Adam, fixed).")
    private double learningRate = 3e-3;

    @Config(description = "L2 penalty on the weights (not the biases).")
    private double weightDecay = 0.0;

    @Config(description = "Epochs without validation improvement before stopping.")
    private int patience = 10;

    @Config(description = "Denoising: std of the Gaussian noise added in scaled units (0: none).")
    private double noiseStd = 0.0;

    @Config(description = "Denoising: share of the scaled input values masked to 0 (0: none).")
    private double maskFraction = 0.0;

    /** A trainer with the default hyperparameters. */
    public DenseAutoencoderTrainer() {}

    /** Seed of initialisation and batch order. */
    public DenseAutoencoderTrainer seed(long value) {
        this.seed = value;
        return this;
    }

    /** Encoder sizes down to the latent size, e.g. {@code 16, 4}; none means {@link #hiddenFor}. */
    public DenseAutoencoderTrainer hidden(int... sizes) {
        for (int size : sizes) {
            require(size > 0, "hidden layer sizes must be positive, got " + join(sizes));
        }
        this.hidden = sizes.clone();
        return this;
    }

    public DenseAutoencoderTrainer activation(Activation value) {
        this.activation = value;
        return this;
    }

    public DenseAutoencoderTrainer epochs(int value) {
        require(value > 0, "--epochs must be positive, got " + value);
        this.epochs = value;
        return this;
    }

    public DenseAutoencoderTrainer batchSize(int value) {
        require(value > 0, "--batch-size must be positive, got " + value);
        this.batchSize = value;
        return this;
    }

    public DenseAutoencoderTrainer learningRate(double value) {
        require(
                value > 0 && Double.isFinite(value),
                "--learning-rate must be positive, got " + value);
        this.learningRate = value;
        return this;
    }

    public DenseAutoencoderTrainer weightDecay(double value) {
        require(value >= 0 && Double.isFinite(value), "--weight-decay must be >= 0, got " + value);
        this.weightDecay = value;
        return this;
    }

    public DenseAutoencoderTrainer patience(int value) {
        require(value > 0, "--patience must be positive, got " + value);
        this.patience = value;
        return this;
    }

    /** Trains on corrupted copies of the rows: the denoising kind. */
    public DenseAutoencoderTrainer corruption(Corruption value) {
        this.noiseStd = value.noiseStd();
        this.maskFraction = value.maskFraction();
        return this;
    }

    private Corruption corruption() {
        return new Corruption(noiseStd, maskFraction);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Layer sizes for the training rows: the configured ones, or (auto) a bottleneck as wide as the
     * principal components that explain 95% of the standardised variance, after one layer halfway
     * between it and the input.
     */
    public int[] hiddenFor(TrainingData data, int[] trainRows, StandardScaler scaler) {
        if (hidden.length > 0) {
            return hidden.clone();
        }
        int f = data.features();
        int latent =
                LatentSize.byExplainedVariance(
                        data.values(), f, trainRows, scaler, LatentSize.DEFAULT_FRACTION);
        int middle = (f + latent + 1) / 2;
        return middle > latent && middle < f ? new int[] {middle, latent} : new int[] {latent};
    }

    @Override
    public TrainedAutoencoder train(
            TrainingData data, Split split, StandardScaler scaler, EpochListener listener) {
        Corruption corruption = corruption();
        ModelKind kind = corruption.isNone() ? ModelKind.DENSE : ModelKind.DENOISING;
        return fit(
                data,
                split,
                scaler,
                listener,
                new KindLoop(
                        kind,
                        getClass().getName(),
                        corruptionSettings(),
                        s ->
                                new MinibatchEpoch(
                                        DenseAutoencoder.initialise(
                                                s.features(), s.layers(), s.activation(), s.seed()),
                                        s.optimiser(),
                                        s.batches(),
                                        s.weightDecay(),
                                        corruption,
                                        s.noise())));
    }

    /** The denoising settings, none for the dense kind (so that its provenance is unchanged). */
    private Map<String, String> corruptionSettings() {
        Map<String, String> c = new LinkedHashMap<>();
        if (!corruption().isNone()) {
            c.put("noiseStd", Double.toString(noiseStd));
            c.put("maskFraction", Double.toString(maskFraction));
        }
        return c;
    }

    /**
     * The early-stopping loop shared by the kinds: the loop that {@code kind} builds, run on
     * minibatches of the training rows with these settings' seed, layers and optimiser.
     */
    TrainedAutoencoder fit(
            TrainingData data,
            Split split,
            StandardScaler scaler,
            EpochListener listener,
            KindLoop kind) {
        long start = System.nanoTime();
        int[] layers = hiddenFor(data, split.train(), scaler);
        // Batch order from the first split, the kind's own draws from the second: the dense kind
        // draws nothing else, so its models are what they were before the kinds.
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom order = root.split();
        StochasticGradientOptimiser optimiser = optimiser();
        RowBatches batches = new RowBatches(data, scaler, split.train(), batchSize);
        EpochLoop loop =
                kind.factory()
                        .apply(
                                new KindLoop.Setup(
                                        data.features(),
                                        layers,
                                        activation,
                                        seed,
                                        weightDecay,
                                        optimiser,
                                        batches,
                                        root.split()));
        TrainedAutoencoder.Builder result = TrainedAutoencoder.builder(data, scaler);
        float[] validation = Split.gather(data.values(), data.features(), split.validation());
        DenseAutoencoder best =
                new EarlyStopping(epochs, patience)
                        .run(loop, order, scaler, validation, split.trainRows(), listener, result);
        optimiser.finalise();
        return result.build(
                best,
                split,
                (System.nanoTime() - start) / 1e9,
                provenance(data, layers, kind),
                kind.kind(),
                kind.hyperparameters());
    }

    /** The shared provenance with the kind's trainer class and own hyperparameters. */
    private Map<String, String> provenance(TrainingData data, int[] layers, KindLoop kind) {
        Map<String, String> p = provenance(data, layers);
        p.put("trainer.class", kind.trainerClass());
        kind.hyperparameters().forEach((k, v) -> p.put("trainer." + k, v));
        return p;
    }

    /**
     * What produced the model, as sorted key/value strings that depend only on the data and the
     * settings (no times, no paths), for manifest.provenance and the ONNX metadata.
     */
    public Map<String, String> provenance(TrainingData data, int[] layers) {
        Map<String, String> p = new TreeMap<>(data.source());
        p.put("trainer.class", getClass().getName());
        hyperparameters(layers).forEach((k, v) -> p.put("trainer." + k, v));
        p.put("trainer.optimiser", optimiser().toString());
        p.put("tribuo.version", Tribuo.VERSION);
        return p;
    }

    private StochasticGradientOptimiser optimiser() {
        return new AdamOptimiser(learningRate);
    }

    private Map<String, String> hyperparameters(int[] layers) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("seed", Long.toString(seed));
        h.put("hidden", join(layers));
        h.put("hiddenSetting", hidden.length > 0 ? join(hidden) : "auto");
        h.put("activation", activation.label());
        h.put("epochs", Integer.toString(epochs));
        h.put("batchSize", Integer.toString(batchSize));
        h.put("learningRate", Double.toString(learningRate));
        h.put("weightDecay", Double.toString(weightDecay));
        h.put("patience", Integer.toString(patience));
        h.putAll(corruptionSettings());
        return h;
    }

    private static String join(int[] sizes) {
        return Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return "DenseAutoencoderTrainer("
                + hyperparameters(hidden).entrySet().stream()
                        .map(
                                e ->
                                        e.getKey()
                                                + "="
                                                + (e.getValue().isEmpty() ? "auto" : e.getValue()))
                        .collect(Collectors.joining(","))
                + ")";
    }

    /** Called after every epoch, for progress output. */
    @FunctionalInterface
    public interface EpochListener {
        void epochEnded(int epoch, double trainLoss, double validationLoss, double rowsPerSecond);
    }
}
