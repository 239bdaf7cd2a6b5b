package dev.residual.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * History with temporal structure for the windowed kinds' tests: per entity, one row a second of F
 * features that follow slow sinusoids (period, amplitude and offset per feature, phase per entity,
 * from {@code seed}) plus a little noise, so that a row follows from the rows before it. Entities
 * are interleaved row by row, as records arrive from a fleet; with {@code gap}, the first entity's
 * clock jumps an hour halfway, which no window may cross.
 */
final class TemporalHistory implements HistorySource {
    private static final long START = 1_700_000_000_000L;

    private final int entities;
    private final int rowsPerEntity;
    private final int features;
    private final double noise;
    private final boolean gap;
    private final double[] period;
    private final double[] amplitude;
    private final double[] offset;
    private final double[] phase;
    private final long rowSeed;

    TemporalHistory(int entities, int rowsPerEntity, int features, boolean gap, long seed) {
        this(entities, rowsPerEntity, features, gap, seed, seed);
    }

    /**
     * Rows drawn with {@code rowSeed} (noise, phases) from the process that {@code seed} defines.
     */
    TemporalHistory(
            int entities, int rowsPerEntity, int features, boolean gap, long seed, long rowSeed) {
        this.entities = entities;
        this.rowsPerEntity = rowsPerEntity;
        this.features = features;
        this.noise = 0.05;
        this.gap = gap;
        Random random = new Random(seed);
        period = new double[features];
        amplitude = new double[features];
        offset = new double[features];
        for (int f = 0; f < features; f++) {
            period[f] = 12 + 20 * random.nextDouble();
            amplitude[f] = 1 + 3 * random.nextDouble();
            offset[f] = 10 * random.nextGaussian();
        }
        Random phases = new Random(rowSeed * 7 + 3);
        phase = new double[entities];
        for (int e = 0; e < entities; e++) {
            phase[e] = 2 * Math.PI * phases.nextDouble();
        }
        this.rowSeed = rowSeed;
    }

    @Override
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (int f = 0; f < features; f++) {
            names.add("s" + f);
        }
        return names;
    }

    @Override
    public void forEachRow(RowSink sink) {
        Random random = new Random(rowSeed);
        for (int t = 0; t < rowsPerEntity; t++) {
            for (int e = 0; e < entities; e++) {
                long shift = gap && e == 0 && t >= rowsPerEntity / 2 ? 3_600_000L : 0L;
                sink.accept(row(e, t, random), "machine-" + e, START + 1000L * t + shift);
            }
        }
    }

    /** The noise-free row of entity {@code e} at step {@code t}, plus noise from {@code random}. */
    double[] row(int e, int t, Random random) {
        double[] row = new double[features];
        for (int f = 0; f < features; f++) {
            row[f] =
                    offset[f]
                            + amplitude[f] * Math.sin(2 * Math.PI * t / period[f] + phase[e])
                            + noise * random.nextGaussian();
        }
        return row;
    }

    /** Entity {@code e}'s windows of {@code w} rows, flattened time-major, one per start step. */
    float[] windows(int e, int w) {
        Random random = new Random(rowSeed + e);
        int count = rowsPerEntity - w + 1;
        double[][] rows = new double[rowsPerEntity][];
        for (int t = 0; t < rowsPerEntity; t++) {
            rows[t] = row(e, t, random);
        }
        float[] out = new float[count * w * features];
        for (int s = 0; s < count; s++) {
            for (int t = 0; t < w; t++) {
                for (int f = 0; f < features; f++) {
                    out[(s * w + t) * features + f] = (float) rows[s + t][f];
                }
            }
        }
        return out;
    }

    @Override
    public Map<String, String> describe() {
        return Map.of("data.format", "temporal", "data.entities", Integer.toString(entities));
    }
}
