package dev.residual.train;

import com.oracle.labs.mlrg.olcut.config.Config;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.tribuo.Tribuo;
import org.tribuo.math.StochasticGradientOptimiser;

/**
 * Trains a {@link ConvAutoencoder} on windows with Tribuo's optimiser interface ({@link
 * AdamOptimiser}) on minibatches, stopping when the validation loss (mean squared error over the
 * window) has not improved for {@code patience} epochs and keeping the best epoch's weights.
 * Single-threaded, every random choice from {@code seed}: same windows and settings, same weights.
 */
public final class ConvAutoencoderTrainer extends WindowedTrainerSettings<ConvAutoencoderTrainer> {
    /** A relative improvement below this does not reset the patience counter. */
    private static final double MIN_IMPROVEMENT = 1e-4;

    @Config(
            description =
                    "Channels of each encoder level (each halves the window); empty: auto, from"
                            + " the explained variance of the training windows.")
    private int[] channels = new int[0];

    @Config(description = "Activation after every layer but the output: tanh or relu.")
    private Activation activation = Activation.TANH;

    /** Channels per encoder level, e.g. {@code 16, 8}; none means auto. */
    public ConvAutoencoderTrainer channels(int... values) {
        for (int c : values) {
            require(c > 0, "channels must be positive, got " + join(values));
        }
        this.channels = values.clone();
        return this;
    }

    public ConvAutoencoderTrainer activation(Activation value) {
        this.activation = value;
        return this;
    }

    /**
     * The channels: the configured ones, or (auto) two levels whose bottleneck carries {@code
     * latent} values (the principal components of the training windows that explain 95% of their
     * variance, as the dense kinds choose their latent size): {@code max(F, c), c} with c the
     * channels that many values need over the bottleneck's W/4 steps.
     */
    public int[] channelsFor(int features, int latent) {
        if (channels.length > 0) {
            return channels.clone();
        }
        int steps = (((window + 1) / 2) + 1) / 2;
        int c = Math.max(2, (latent + steps - 1) / steps);
        return new int[] {Math.max(features, c), c};
    }

    /** What one training run produced: the best epoch's network and the loss curves. */
    public record Result(
            ConvAutoencoder network,
            List<Double> trainLoss,
            List<Double> validationLoss,
            double seconds) {}

    /**
     * Trains on {@code train} windows (raw, {@code n x W*F}), validating on {@code validation}
     * after every epoch.
     */
    public Result train(
            float[] train,
            float[] validation,
            StandardScaler scaler,
            DenseAutoencoderTrainer.EpochListener listener) {
        long start = System.nanoTime();
        int f = scaler.features();
        int latent =
                channels.length > 0
                        ? 0
                        : LatentSize.forWindows(train, window, scaler, LatentSize.DEFAULT_FRACTION);
        ConvAutoencoder net =
                ConvAutoencoder.initialise(f, window, channelsFor(f, latent), activation, seed);
        StochasticGradientOptimiser optimiser = new AdamOptimiser(learningRate);
        Epoch epochs = new Epoch(net, new ConvScorer(net, scaler, windowScore), optimiser);
        SplittableRandom order = new SplittableRandom(seed).split();
        List<Double> trainLoss = new ArrayList<>();
        List<Double> validationLoss = new ArrayList<>();
        ConvAutoencoder best = net.copy();
        double bestLoss = Double.POSITIVE_INFINITY;
        int rows = train.length / (window * f);
        for (int epoch = 1, since = 0; epoch <= this.epochs && since < patience; epoch++) {
            long epochStart = System.nanoTime();
            double loss = epochs.run(train, rows, order);
            double valLoss = new ConvScorer(net, scaler, windowScore).meanLoss(validation);
            trainLoss.add(loss);
            validationLoss.add(valLoss);
            listener.epochEnded(
                    epoch, loss, valLoss, rows / ((System.nanoTime() - epochStart) / 1e9));
            if (valLoss < bestLoss * (1.0 - MIN_IMPROVEMENT)) {
                bestLoss = valLoss;
                best = net.copy();
                since = 0;
            } else {
                since++;
            }
        }
        optimiser.finalise();
        return new Result(best, trainLoss, validationLoss, (System.nanoTime() - start) / 1e9);
    }

    @Override
    ConvAutoencoderTrainer self() {
        return this;
    }

    /** Trains on {@code history}'s training windows and describes the result for its bundle. */
    @Override
    public TrainedConv train(
            WindowedHistory history, DenseAutoencoderTrainer.EpochListener listener) {
        TrainingData data = history.data();
        Windows windows = history.windows();
        Result result = train(history.train(), history.validation(), history.scaler(), listener);
        Map<String, String> provenance = new TreeMap<>(data.source());
        provenance.put("trainer.class", getClass().getName());
        int[] fitted = result.network().channels();
        hyperparameters(fitted).forEach((k, v) -> provenance.put("trainer." + k, v));
        provenance.put("data.windows", Integer.toString(windows.count()));
        provenance.put("data.windowGapMillis", Long.toString(windows.maxGapMillis()));
        provenance.put("tribuo.version", Tribuo.VERSION);
        TrainedAutoencoder.Builder b = TrainedAutoencoder.builder(data, history.scaler());
        for (int e = 0; e < result.trainLoss().size(); e++) {
            b.epoch(result.trainLoss().get(e), result.validationLoss().get(e));
        }
        TrainedAutoencoder summary =
                b.build(
                        null,
                        history.split(),
                        result.seconds(),
                        provenance,
                        ModelKind.CONV,
                        hyperparameters(fitted));
        return new TrainedConv(result.network(), windowScore, summary);
    }

    /** One pass over the windows in minibatches; buffers allocated once for the whole run. */
    private final class Epoch {
        private final ConvAutoencoder net;
        private final ConvScorer loader;
        private final StochasticGradientOptimiser optimiser;
        private final ConvParameters parameters;
        private final ConvWorkspace ws;
        private final double[][] grads;
        private int[] indices = new int[0];

        Epoch(ConvAutoencoder net, ConvScorer loader, StochasticGradientOptimiser optimiser) {
            this.net = net;
            this.loader = loader;
            this.optimiser = optimiser;
            this.parameters = new ConvParameters(net);
            optimiser.initialise(parameters);
            this.ws = net.workspace(batchSize);
            this.grads = net.gradientBuffers();
        }

        /** Trains on {@code rows} windows in a fresh order; returns their mean loss. */
        double run(float[] train, int rows, SplittableRandom order) {
            if (indices.length != rows) {
                indices = new int[rows];
                Arrays.setAll(indices, i -> i);
            }
            Split.shuffle(indices, rows, order);
            double sum = 0.0;
            for (int b = 0; b < rows; b += batchSize) {
                int n = Math.min(batchSize, rows - b);
                for (double[] g : grads) {
                    Arrays.fill(g, 0.0);
                }
                for (int i = 0; i < n; i++) {
                    loader.load(train, indices[b + i], ws.input(), i);
                }
                net.lossAndGradients(ws, n, 1.0 / n, grads);
                for (int i = 0; i < n; i++) {
                    sum += ws.loss[i];
                }
                parameters.update(optimiser.step(parameters.ascentDirection(grads), 1.0));
            }
            return sum / rows;
        }
    }

    /**
     * The settings under the names provenance and the manifest record them by, with the {@code
     * fitted} channels the network was built with.
     */
    public Map<String, String> hyperparameters(int[] fitted) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("seed", Long.toString(seed));
        h.put("window", Integer.toString(window));
        h.put("windowScore", windowScore.label());
        h.put("channels", join(fitted));
        h.put("channelsSetting", channels.length > 0 ? join(channels) : "auto");
        h.put("kernel", Integer.toString(Conv1dLayer.KERNEL));
        h.put("stride", Integer.toString(Conv1dLayer.STRIDE));
        h.put("activation", activation.label());
        h.put("epochs", Integer.toString(epochs));
        h.put("batchSize", Integer.toString(batchSize));
        h.put("learningRate", Double.toString(learningRate));
        h.put("patience", Integer.toString(patience));
        h.put("optimiser", new AdamOptimiser(learningRate).toString());
        return h;
    }

    private static String join(int[] sizes) {
        return Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return "ConvAutoencoderTrainer("
                + hyperparameters(new int[0]).entrySet().stream()
                        .filter(e -> !e.getKey().equals("channels"))
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(","))
                + ")";
    }
}
