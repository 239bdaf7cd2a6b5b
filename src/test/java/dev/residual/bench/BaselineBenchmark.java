package dev.residual.bench;

import dev.residual.score.BaselineState;
import dev.residual.score.EntityBaseline;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link EntityBaseline#observe} of one 38-feature entity past its warm-up, half-life 30 min, a
 * record a second: {@code fresh} into three new float[38] per record, as the job's baseline step
 * must (its output travels downstream) and as retrain and evaluate did; {@code reused} into one set
 * of arrays, as they do now. {@link #main} runs both side by side in one JVM, interleaved, and
 * prints the median CPU time per record of each and their ratio.
 */
@State(Scope.Thread)
public class BaselineBenchmark {
    private static final int ROWS = 1024;
    private static final EntityBaseline RULE = new EntityBaseline(100, 1_800_000L, 3);

    private float[][] rows;
    private BaselineState freshState;
    private BaselineState reusedState;
    private EntityBaseline.Standardised into;
    private int next;
    private long ts;

    @Setup
    public void setUp() {
        Random random = new Random(13);
        rows = new float[ROWS][DecodeBenchmark.FEATURES];
        for (float[] row : rows) {
            for (int f = 0; f < row.length; f++) {
                row[f] = (float) (10 * f + (1 + f % 5) * random.nextGaussian());
            }
        }
        freshState = new BaselineState();
        reusedState = new BaselineState();
        into = EntityBaseline.Standardised.of(DecodeBenchmark.FEATURES);
        ts = 1_700_000_000_000L;
        for (int i = 0; i < 2 * RULE.warmupRecords(); i++) {
            advance();
            RULE.observe(freshState, rows[next], ts);
            RULE.observe(reusedState, rows[next], ts, into);
        }
    }

    private void advance() {
        next = (next + 1) & (ROWS - 1);
        ts += 1000;
    }

    @Benchmark
    public EntityBaseline.Standardised fresh() {
        advance();
        return RULE.observe(freshState, rows[next], ts);
    }

    @Benchmark
    public EntityBaseline.Standardised reused() {
        advance();
        RULE.observe(reusedState, rows[next], ts, into);
        return into;
    }

    /**
     * Both ways side by side: rounds of {@code records} calls each (default 200,000), alternating
     * which goes first, the first rounds as warm-up; the median thread CPU time per record of the
     * measured rounds. Arguments: rounds, warm-up rounds, records per round.
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 25;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int records = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        BaselineBenchmark fresh = new BaselineBenchmark();
        BaselineBenchmark reused = new BaselineBenchmark();
        fresh.setUp();
        reused.setUp();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] freshNs = new double[rounds];
        double[] reusedNs = new double[rounds];
        double sink = 0;
        for (int r = 0; r < warmup + rounds; r++) {
            boolean freshFirst = r % 2 == 0;
            double a = 0;
            double b = 0;
            for (int side = 0; side < 2; side++) {
                boolean isFresh = freshFirst == (side == 0);
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < records; i++) {
                    sink += (isFresh ? fresh.fresh() : reused.reused()).z()[i % 38];
                }
                double ns = (double) (threads.getCurrentThreadCpuTime() - start) / records;
                if (isFresh) {
                    a = ns;
                } else {
                    b = ns;
                }
            }
            if (r >= warmup) {
                freshNs[r - warmup] = a;
                reusedNs[r - warmup] = b;
            }
        }
        double f = median(freshNs);
        double u = median(reusedNs);
        System.out.printf(
                "baseline observe, F = %d, %d rounds of %,d records after %d of warm-up,"
                        + " median CPU ns/record:%n  fresh  %.1f%n  reused %.1f%n"
                        + "  fresh/reused %.2f%n(checksum %.3g)%n",
                DecodeBenchmark.FEATURES, rounds, records, warmup, f, u, f / u, sink);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }
}
