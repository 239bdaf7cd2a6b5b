package dev.residual.bench;

import dev.residual.threshold.Decision;
import dev.residual.threshold.RollingThreshold;
import dev.residual.threshold.ThresholdConfig;
import dev.residual.threshold.ThresholdState;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link RollingThreshold#observe} of one entity past its warm-up, with the bundle's spread fixed
 * as the job runs it, on log-normal scores of which a few are anomalous.
 */
@State(Scope.Thread)
public class ThresholdBenchmark {
    private static final int SCORES = 1024;

    private RollingThreshold rule;
    private ThresholdState state;
    private double[] scores;
    private int next;
    private long ts;

    @Setup
    public void setUp() {
        rule = new RollingThreshold(ThresholdConfig.defaults(), 0.1, 0.5);
        Random random = new Random(11);
        scores = new double[SCORES];
        for (int i = 0; i < SCORES; i++) {
            scores[i] = 0.01 * Math.exp(0.5 * random.nextGaussian());
        }
        state = new ThresholdState();
        ts = 1_700_000_000_000L;
        for (int i = 0; i < 10 * ThresholdConfig.DEFAULT_WARMUP_RECORDS; i++) {
            observe();
        }
    }

    @Benchmark
    public Decision observe() {
        next = (next + 1) & (SCORES - 1);
        ts += 1000;
        return rule.observe(state, scores[next], ts);
    }
}
