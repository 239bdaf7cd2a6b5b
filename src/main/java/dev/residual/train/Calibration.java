package dev.residual.train;

import dev.residual.model.Manifest;
import java.util.Arrays;
import java.util.List;

/**
 * Chooses the global threshold from the score distribution on validation rows: normal data the
 * network was not fitted to. The job falls back to it while an entity's own threshold warms up.
 */
public final class Calibration {
    /** Quantiles recorded in the manifest, for inspection and for choosing another threshold. */
    public static final List<Double> QUANTILES = List.of(0.5, 0.9, 0.95, 0.99, 0.995, 0.999);

    private Calibration() {}

    /** Quantiles of {@code scores} and the threshold at {@code thresholdQuantile}. */
    public static Manifest.Calibration of(double[] scores, double thresholdQuantile) {
        if (!(thresholdQuantile > 0.0 && thresholdQuantile < 1.0)) {
            throw new IllegalArgumentException(
                    "threshold quantile must be in (0, 1), got " + thresholdQuantile);
        }
        if (scores.length == 0) {
            throw new IllegalArgumentException("no validation scores to calibrate on");
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        Manifest.Calibration c = new Manifest.Calibration();
        for (double q : QUANTILES) {
            c.quantiles.put(Double.toString(q), quantile(sorted, q));
        }
        c.threshold = quantile(sorted, thresholdQuantile);
        c.thresholdQuantile = thresholdQuantile;
        c.rows = sorted.length;
        c.setLogStatistics(sorted);
        return c;
    }

    /**
     * The {@code q} quantile of ascending {@code sorted} values, interpolating linearly between
     * order statistics (the definition numpy and R use by default).
     */
    public static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
