package dev.residual.threshold;

import dev.residual.io.FeatureRecord;
import dev.residual.score.ScoredRecord;
import java.time.Duration;
import java.util.ArrayList;
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
    static final long SECOND = 1_000L;

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

    /**
     * The threshold settings of the SKAB runs (2.33 sigmas, no floor, 1 min cool-down, 1 h
     * half-life) with a warm-up of 50 records; the bundle's spread unless changed.
     */
    static ThresholdConfig.Builder skabSettings() {
        return ThresholdConfig.builder()
                .halfLife(Duration.ofHours(1))
                .warmupRecords(50)
                .cooldown(Duration.ofMinutes(1))
                .sigmas(2.33)
                .floorRatio(0);
    }

    /** A log-normal score: exp(mu + sigma * N(0, 1)). */
    static double logNormal(Random random, double median, double sigma) {
        return median * Math.exp(sigma * random.nextGaussian());
    }

    /**
     * {ts, score} of {@code records} seeded records a second apart: log-normal scores (median 0.1,
     * log sd 0.3) with one in 40 a spike, some in runs of two to six, a few NaN or infinite, and
     * one record in 100 up to a minute out of order; with {@code episodes}, one in 400 also starts
     * an episode of 20 to 200 records raised 3 to 30 times, every other one of them at the normal
     * level in half of the episodes (flapping).
     */
    static List<double[]> randomStream(long seed, int records, boolean episodes) {
        Random random = new Random(seed);
        List<double[]> out = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < records; i++, t += SECOND) {
            double score = logNormal(random, 0.1, 0.3);
            int r = random.nextInt(400);
            if (r < 10) {
                score *= 20;
            } else if (r == 10) {
                score = Double.NaN;
            } else if (r == 11) {
                score = Double.POSITIVE_INFINITY;
            } else if (r < 14) {
                // A run of two to six spikes.
                for (int k = random.nextInt(5) + 2; k > 0; k--, t += SECOND, i++) {
                    out.add(new double[] {t, 0.1 * (10 + 20 * random.nextDouble())});
                }
            } else if (episodes && r == 14) {
                boolean flapping = random.nextBoolean();
                double factor = 3 + 27 * random.nextDouble();
                for (int k = 20 + random.nextInt(180); k > 0; k--, t += SECOND, i++) {
                    double f = flapping && k % 2 == 0 ? 1 : factor;
                    out.add(new double[] {t, f * logNormal(random, 0.1, 0.3)});
                }
            }
            long ts = random.nextInt(100) == 0 ? t - random.nextInt(60) * SECOND : t;
            out.add(new double[] {ts, score});
        }
        return out;
    }

    /** Each {ts, score} of {@code in} judged in turn against the one entity's state {@code s}. */
    static List<Decision> replay(RollingThreshold rule, ThresholdState s, List<double[]> in) {
        List<Decision> out = new ArrayList<>();
        for (double[] r : in) {
            out.add(rule.observe(s, r[1], (long) r[0]));
        }
        return out;
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
