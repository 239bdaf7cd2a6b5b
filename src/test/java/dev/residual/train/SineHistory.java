package dev.residual.train;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * History with temporal structure for the windowed kinds: per entity, three features following
 * sinusoids of one period (with a random phase per entity and a little noise), one row a second,
 * entities interleaved row by row as a topic would carry them. Any single row lies on the normal
 * curve; only the order of rows in time tells a normal window from a shuffled one.
 */
final class SineHistory implements HistorySource {
    static final int PERIOD = 16;
    static final long STEP_MILLIS = 1000;

    private final int rowsPerEntity;
    private final int entities;
    private final long seed;

    SineHistory(int rowsPerEntity, int entities, long seed) {
        this.rowsPerEntity = rowsPerEntity;
        this.entities = entities;
        this.seed = seed;
    }

    @Override
    public List<String> featureNames() {
        return List.of("sin", "cos", "harmonic");
    }

    @Override
    public void forEachRow(RowSink sink) {
        Random random = new Random(seed);
        double[] phases = new double[entities];
        for (int e = 0; e < entities; e++) {
            phases[e] = 2 * Math.PI * random.nextDouble();
        }
        for (int t = 0; t < rowsPerEntity; t++) {
            for (int e = 0; e < entities; e++) {
                double a = 2 * Math.PI * t / PERIOD + phases[e];
                double[] row = {
                    Math.sin(a) + 0.05 * random.nextGaussian(),
                    Math.cos(a) + 0.05 * random.nextGaussian(),
                    0.5 * Math.sin(2 * a) + 0.05 * random.nextGaussian()
                };
                sink.accept(row, "e" + e, 1_700_000_000_000L + t * STEP_MILLIS);
            }
        }
    }

    @Override
    public Map<String, String> describe() {
        return Map.of("data.format", "sine", "data.seed", Long.toString(seed));
    }
}
