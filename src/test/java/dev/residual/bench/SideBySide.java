package dev.residual.bench;

import dev.residual.train.TrainingWork;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Times two {@link TrainingWork}s, the same work computed two ways, in one JVM: warm-up rounds of
 * each, then rounds alternating between them, so that both see the same machine load; prints the
 * medians of wall and thread CPU time, their ratio, every round, and whether both gave the same
 * losses and gradients bit for bit.
 */
final class SideBySide {
    private static final int WARM_UP = 3;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private SideBySide() {}

    /**
     * @param heading the first line: the work's shape
     * @param unit what the work's samples are: windows, rows
     * @param names what before and after are, e.g. {@code simple kernels}, {@code blocked}
     */
    static void compare(
            String heading,
            String unit,
            String[] names,
            TrainingWork before,
            TrainingWork after,
            int rounds) {
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
                "%s, %d %s a round, %d interleaved rounds after %d warm-up%n",
                heading, before.windows(), unit, rounds, WARM_UP);
        report("wall", unit, names, beforeSeconds[0], afterSeconds[0], before.windows());
        report("cpu ", unit, names, beforeSeconds[1], afterSeconds[1], before.windows());
        System.out.println("losses and gradients identical: " + identical);
    }

    private static void report(
            String clock,
            String unit,
            String[] names,
            double[] before,
            double[] after,
            int samples) {
        double b = median(before);
        double a = median(after);
        System.out.printf(
                "%s before (%s) median %7.1f ms %6.0f %s/s; after (%s) median %7.1f ms %6.0f %s/s;"
                        + " speed-up %.2fx%n",
                clock,
                names[0],
                b * 1e3,
                samples / b,
                unit,
                names[1],
                a * 1e3,
                samples / a,
                unit,
                b / a);
        System.out.println("     before rounds ms " + Arrays.toString(millis(before)));
        System.out.println("     after rounds ms  " + Arrays.toString(millis(after)));
    }

    /** Runs {@code work} once; stores its wall and CPU seconds at {@code seconds[0 and 1][r]}. */
    private static void time(TrainingWork work, double[][] seconds, int r) {
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
