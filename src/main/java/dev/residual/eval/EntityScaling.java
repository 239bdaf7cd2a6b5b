package dev.residual.eval;

import java.util.Arrays;
import java.util.List;

/**
 * Per-entity baselines: each entity's features standardised by the median and interquartile range
 * of its own training rows (SKAB's leaderboard fits a scaler per file on its first 400 rows), so
 * that machines that differ in level look alike to one model. Robust statistics, so that a few odd
 * training rows do not set the scale.
 */
public final class EntityScaling {
    /** IQR of a standard normal: dividing by IQR / this gives unit spread on normal data. */
    private static final double NORMAL_IQR = 1.349;

    private EntityScaling() {}

    /** Copies of the entities with every row standardised by the entity's training rows. */
    public static List<EntityRows> apply(List<EntityRows> entities) {
        return entities.stream().map(EntityScaling::scale).toList();
    }

    private static EntityRows scale(EntityRows e) {
        float[][] train = e.trainRows();
        if (train.length == 0) {
            throw new IllegalArgumentException(
                    "entity " + e.name() + " has no training rows to take its baseline from");
        }
        int width = train[0].length;
        double[] center = new double[width];
        double[] spread = new double[width];
        double[] column = new double[train.length];
        for (int f = 0; f < width; f++) {
            for (int i = 0; i < train.length; i++) {
                column[i] = train[i][f];
            }
            Arrays.sort(column);
            center[f] = quantile(column, 0.5);
            double iqr = (quantile(column, 0.75) - quantile(column, 0.25)) / NORMAL_IQR;
            spread[f] = iqr > 0 ? iqr : 1.0;
        }
        float[][] rows = new float[e.size()][width];
        for (int i = 0; i < rows.length; i++) {
            for (int f = 0; f < width; f++) {
                rows[i][f] = (float) ((e.rows()[i][f] - center[f]) / spread[f]);
            }
        }
        return new EntityRows(e.name(), e.ts(), rows, e.train());
    }

    /** Linear interpolation between the order statistics, as numpy's default. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
