package dev.residual.threshold;

import dev.residual.io.FeatureRecord;
import dev.residual.score.ScoredRecord;
import java.util.List;
import java.util.Random;

/**
 * Deterministic synthetic scored records: per-feature squared errors drawn log-normal around a
 * level, the score their mean (as a dense autoencoder's MSE), and spikes that blow up one feature.
 */
final class TestStreams {
    static final List<String> FEATURES = List.of("temp", "vibration", "pressure", "flow");
    static final long T0 = 1_732_700_000_000L;
    static final long MINUTE = 60_000L;

    private final Random random;
    private final double level;
    private long offset;

    /**
     * @param seed the random seed
     * @param level the typical squared error of one feature of a normal record
     */
    TestStreams(long seed, double level) {
        this.random = new Random(seed);
        this.level = level;
    }

    /** A log-normal score: exp(mu + sigma * N(0, 1)). */
    static double logNormal(Random random, double median, double sigma) {
        return median * Math.exp(sigma * random.nextGaussian());
    }

    ScoredRecord normal(String entity, long ts) {
        return record(entity, ts, -1, 1.0);
    }

    /** A record whose feature {@code feature} reconstructs {@code factor} times worse. */
    ScoredRecord spike(String entity, long ts, int feature, double factor) {
        return record(entity, ts, feature, factor);
    }

    private ScoredRecord record(String entity, long ts, int spiked, double factor) {
        int n = FEATURES.size();
        float[] values = new float[n];
        float[] expected = new float[n];
        float[] errors = new float[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            errors[i] = (float) (logNormal(random, level, 0.2) * (i == spiked ? factor : 1.0));
            expected[i] = (float) (10.0 * (i + 1));
            values[i] = expected[i] + (float) Math.sqrt(errors[i]);
            sum += errors[i];
        }
        FeatureRecord fr = new FeatureRecord(entity, ts, values, "features", 2, offset++);
        return ScoredRecord.of(fr, (float) (sum / n), errors, expected, n);
    }
}
