package dev.residual.bench;

import dev.residual.train.Activation;
import dev.residual.train.ConvAutoencoder;
import dev.residual.train.ConvTrainingWork;
import java.util.Arrays;

/**
 * Times a convolutional autoencoder's forward and backward passes one sample at a time (before, the
 * loops training used until the batched passes) and a minibatch at a time (after) side by side in
 * one JVM ({@link SideBySide}), with a check that both gave the same losses and gradients bit for
 * bit. The shape is SKAB's at W = 16 with the automatic channels: 8 features, 13 and 13 channels,
 * minibatches of 64. Arguments: {@code [rounds [windows]]}.
 */
public final class ConvTrainingComparison {
    private static final int FEATURES = 8;
    private static final int WINDOW = 16;
    private static final int[] CHANNELS = {13, 13};
    private static final int BATCH = 64;

    private ConvTrainingComparison() {}

    private static ConvAutoencoder network() {
        return ConvAutoencoder.initialise(FEATURES, WINDOW, CHANNELS, Activation.TANH, 7);
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int windows = args.length > 1 ? Integer.parseInt(args[1]) : 7168;
        SideBySide.compare(
                String.format(
                        "conv F=%d W=%d channels %s batch %d",
                        FEATURES, WINDOW, Arrays.toString(CHANNELS), BATCH),
                "windows",
                new String[] {"per sample", "batched"},
                new ConvTrainingWork(network(), false, windows, BATCH, 7),
                new ConvTrainingWork(network(), true, windows, BATCH, 7),
                rounds);
    }
}
