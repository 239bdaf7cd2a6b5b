package dev.residual.bench;

import dev.residual.train.ModelKind;
import dev.residual.train.RecurrentTrainingWork;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Times a recurrent autoencoder's forward and backward passes with the simple kernels (before) and
 * the blocked ones (after) side by side in one JVM: rounds alternate between the two on the same
 * generated windows, after warm-up rounds of each, and the medians and their ratio are printed,
 * with a check that both gave the same gradients bit for bit. The shape is SKAB's at W = 16: 8
 * features, 52 units, minibatches of 64. Arguments: {@code lstm|gru [rounds [windows]]}.
 */
public final class RecurrentTrainingComparison {
    private static final int FEATURES = 8;
    private static final int WINDOW = 16;
    private static final int HIDDEN = 52;
    private static final int BATCH = 64;
    private static final int WARM_UP = 3;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private RecurrentTrainingComparison() {}

    public static void main(String[] args) {
        ModelKind kind = ModelKind.parse(args.length > 0 ? args[0] : "lstm");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        int windows = args.length > 2 ? Integer.parseInt(args[2]) : 1280;
        RecurrentTrainingWork before =
                new RecurrentTrainingWork(kind, false, FEATURES, WINDOW, HIDDEN, windows, BATCH, 7);
        RecurrentTrainingWork after =
                new RecurrentTrainingWork(kind, true, FEATURES, WINDOW, HIDDEN, windows, BATCH, 7);
        for (int r = 0; r < WARM_UP; r++) {
            before.run();
            after.run();
        }
        double[][] beforeSeconds = new double[2][rounds];
        double[][] afterSeconds = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
            time(before, beforeSeconds, r);
            time(after, afterSeconds, r);
        }
        boolean identical =
                Arrays.deepEquals(before.gradientSums(), after.gradientSums())
                        && before.run() == after.run();
        System.out.printf(
                "%s F=%d W=%d H=%d batch %d, %d windows a round, %d interleaved rounds after %d"
                        + " warm-up%n",
                kind.label(), FEATURES, WINDOW, HIDDEN, BATCH, before.windows(), rounds, WARM_UP);
        report("wall", beforeSeconds[0], afterSeconds[0], before.windows());
        report("cpu ", beforeSeconds[1], afterSeconds[1], before.windows());
        System.out.println("gradients identical: " + identical);
    }

    private static void report(String clock, double[] before, double[] after, int windows) {
        double b = median(before);
        double a = median(after);
        System.out.printf(
                "%s before (simple kernels) median %7.1f ms %6.0f windows/s; after (blocked)"
                        + " median %7.1f ms %6.0f windows/s; speed-up %.2fx%n",
                clock, b * 1e3, windows / b, a * 1e3, windows / a, b / a);
        System.out.println("     before rounds ms " + Arrays.toString(millis(before)));
        System.out.println("     after rounds ms  " + Arrays.toString(millis(after)));
    }

    /** Runs {@code work} once; stores its wall and CPU seconds at {@code seconds[0 and 1][r]}. */
    private static void time(RecurrentTrainingWork work, double[][] seconds, int r) {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        work.run();
        seconds[0][r] = (System.nanoTime() - start) / 1e9;
        seconds[1][r] = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    private static long[] millis(double[] seconds) {
        return Arrays.stream(seconds).mapToLong(s -> Math.round(s * 1e3)).toArray();
    }
}
