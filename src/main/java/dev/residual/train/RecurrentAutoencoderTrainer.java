package dev.residual.train;

import com.oracle.labs.mlrg.olcut.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.tribuo.Tribuo;

/**
 * Trains a {@link RecurrentAutoencoder} (LSTM or GRU encoder) on windows of consecutive rows with
 * Adam on minibatches of windows, stopping early when the validation score has not improved for
 * {@code patience} epochs and keeping the best epoch's weights. Single-threaded, every random
 * choice from {@code seed}: the same windows and settings give the same weights, bit for bit.
 */
public final class RecurrentAutoencoderTrainer
        extends WindowedTrainerSettings<RecurrentAutoencoderTrainer> {
    /**
     * Training stops when the last {@code patience} epochs together improved the best validation
     * score by less than this share. On SKAB the loss creeps down by about 0.1% an epoch for a
     * hundred epochs, each creep resetting a per-epoch patience; what it buys no threshold notices.
     */
    private static final double MIN_IMPROVEMENT = 0.01;

    @Config(description = "The recurrent kind: lstm or gru.")
    private ModelKind kind = ModelKind.LSTM;

    @Config(
            description =
                    "Hidden units of the recurrent encoder, the latent size; 0: auto, from the"
                            + " explained variance of the training windows.")
    private int hiddenSize = 0;

    /** A trainer of {@code kind} (lstm or gru) with the default hyperparameters. */
    public RecurrentAutoencoderTrainer(ModelKind kind) {
        RecurrentCell.of(kind);
        this.kind = kind;
    }

    /** For OLCUT configuration. */
    private RecurrentAutoencoderTrainer() {}

    /** Hidden units, the latent size; 0 is auto, set from the data when training starts. */
    public RecurrentAutoencoderTrainer hiddenSize(int value) {
        require(value >= 0, "--hidden-size must be positive (or auto), got " + value);
        this.hiddenSize = value;
        return this;
    }

    /**
     * The hidden units for {@code history}: the configured number, or (auto) the principal
     * components of the standardised training windows that explain 95% of their variance, as the
     * dense kinds choose their latent size.
     */
    int hiddenSizeFor(WindowedHistory history) {
        return hiddenSize > 0
                ? hiddenSize
                : LatentSize.forWindows(
                        history.train(), window, history.scaler(), LatentSize.DEFAULT_FRACTION);
    }

    @Override
    RecurrentAutoencoderTrainer self() {
        return this;
    }

    /**
     * Trains on the training windows of {@code history}, validating on its validation windows after
     * every epoch.
     */
    @Override
    public TrainedRecurrent train(
            WindowedHistory history, DenseAutoencoderTrainer.EpochListener listener) {
        long start = System.nanoTime();
        TrainingData data = history.data();
        StandardScaler scaler = history.scaler();
        int f = data.features();
        RecurrentAutoencoder net =
                RecurrentAutoencoder.initialise(
                        RecurrentCell.of(kind), f, window, hiddenSizeFor(history), seed);
        SplittableRandom order = new SplittableRandom(seed).split();
        RecurrentScorer scorer = new RecurrentScorer(net, scaler, windowScore);
        int[] train = history.split().train();
        RecurrentEpoch loop =
                new RecurrentEpoch(
                        net,
                        new RecurrentParameters(net, new AdamOptimiser(learningRate)),
                        scorer,
                        history,
                        train,
                        batchSize);
        float[] validation = history.validation();
        TrainedAutoencoder.Builder result = TrainedAutoencoder.builder(data, scaler);
        RecurrentAutoencoder best = net.copy();
        double[] bestLoss = new double[epochs + 1];
        bestLoss[0] = Double.POSITIVE_INFINITY;
        for (int epoch = 1; epoch <= epochs && improving(bestLoss, epoch - 1); epoch++) {
            long epochStart = System.nanoTime();
            double trainLoss = loop.run(order);
            double valLoss = scorer.meanScore(validation);
            result.epoch(trainLoss, valLoss);
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            listener.epochEnded(epoch, trainLoss, valLoss, train.length / seconds);
            bestLoss[epoch] = Math.min(valLoss, bestLoss[epoch - 1]);
            if (valLoss < bestLoss[epoch - 1]) {
                best = net.copy();
            }
        }
        TrainedAutoencoder summary =
                result.build(
                        null,
                        history.split(),
                        (System.nanoTime() - start) / 1e9,
                        provenance(data, net.hidden()),
                        kind,
                        Map.of());
        return new TrainedRecurrent(best, windowScore, summary);
    }

    /**
     * Whether to run another epoch after {@code epoch}: yes during the first {@code patience}, then
     * while the best score is at least 1% below what it was {@code patience} epochs before.
     */
    private boolean improving(double[] bestLoss, int epoch) {
        return epoch < patience
                || bestLoss[epoch] < bestLoss[epoch - patience] * (1.0 - MIN_IMPROVEMENT);
    }

    /**
     * Data source, trainer and settings, as sorted strings that depend only on data and settings.
     */
    private Map<String, String> provenance(TrainingData data, int hidden) {
        Map<String, String> p = new TreeMap<>(data.source());
        p.put("trainer.class", getClass().getName());
        hyperparameters(hidden).forEach((k, v) -> p.put("trainer." + k, v));
        p.put("trainer.optimiser", new AdamOptimiser(learningRate).toString());
        p.put("tribuo.version", Tribuo.VERSION);
        return p;
    }

    /**
     * The settings by name, in declaration order, with the {@code fitted} hidden units the network
     * was built with (0: not yet known).
     */
    public Map<String, String> hyperparameters(int fitted) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("kind", kind.label());
        h.put("seed", Long.toString(seed));
        h.put("window", Integer.toString(window));
        h.put("hiddenSize", Integer.toString(fitted));
        h.put("hiddenSizeSetting", hiddenSize > 0 ? Integer.toString(hiddenSize) : "auto");
        h.put("windowScore", windowScore.label());
        h.put("epochs", Integer.toString(epochs));
        h.put("batchSize", Integer.toString(batchSize));
        h.put("learningRate", Double.toString(learningRate));
        h.put("patience", Integer.toString(patience));
        return h;
    }

    @Override
    public String toString() {
        return "RecurrentAutoencoderTrainer("
                + hyperparameters(0).entrySet().stream()
                        .filter(e -> !e.getKey().equals("hiddenSize"))
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(","))
                + ")";
    }
}
