package dev.residual.bench;

import dev.residual.train.DenseTrainingWork;
import java.util.Arrays;

/**
 * Times a dense autoencoder's forward and backward passes with the simple kernels (before) and the
 * blocked ones (after) side by side in one JVM ({@link SideBySide}), with a check that both gave
 * the same losses and gradients bit for bit, minibatches of 64. Arguments: {@code [features
 * [hidden, e.g. 7,6 [rounds [rows]]]]}; the default is SKAB's shape, 8 features and the automatic
 * 7,6.
 */
public final class DenseTrainingComparison {
    private static final int BATCH = 64;

    private DenseTrainingComparison() {}

    public static void main(String[] args) {
        int features = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int[] hidden =
                Arrays.stream((args.length > 1 ? args[1] : "7,6").split(","))
                        .mapToInt(Integer::parseInt)
                        .toArray();
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 9;
        int rows = args.length > 3 ? Integer.parseInt(args[3]) : 65536;
        SideBySide.compare(
                String.format(
                        "dense F=%d hidden %s batch %d", features, Arrays.toString(hidden), BATCH),
                "rows",
                new String[] {"simple kernels", "blocked"},
                new DenseTrainingWork(features, hidden, false, rows, BATCH, 7),
                new DenseTrainingWork(features, hidden, true, rows, BATCH, 7),
                rounds);
    }
}
