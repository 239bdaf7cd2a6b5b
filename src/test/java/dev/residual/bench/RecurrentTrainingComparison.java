package dev.residual.bench;

import dev.residual.train.ModelKind;
import dev.residual.train.RecurrentTrainingWork;

/**
 * Times a recurrent autoencoder's forward and backward passes with the simple kernels (before) and
 * the blocked ones (after) side by side in one JVM ({@link SideBySide}), with a check that both
 * gave the same gradients bit for bit. The shape is SKAB's at W = 16: 8 features, 52 units,
 * minibatches of 64. Arguments: {@code lstm|gru [rounds [windows]]}.
 */
public final class RecurrentTrainingComparison {
    private static final int FEATURES = 8;
    private static final int WINDOW = 16;
    private static final int HIDDEN = 52;
    private static final int BATCH = 64;

    private RecurrentTrainingComparison() {}

    public static void main(String[] args) {
        ModelKind kind = ModelKind.parse(args.length > 0 ? args[0] : "lstm");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        int windows = args.length > 2 ? Integer.parseInt(args[2]) : 1280;
        SideBySide.compare(
                String.format(
                        "%s F=%d W=%d H=%d batch %d",
                        kind.label(), FEATURES, WINDOW, HIDDEN, BATCH),
                "windows",
                new String[] {"simple kernels", "blocked"},
                new RecurrentTrainingWork(kind, false, FEATURES, WINDOW, HIDDEN, windows, BATCH, 7),
                new RecurrentTrainingWork(kind, true, FEATURES, WINDOW, HIDDEN, windows, BATCH, 7),
                rounds);
    }
}
