package dev.residual.train;

import java.util.List;

/**
 * Per-feature standardisation, {@code (x - mean) / std}, fitted on the training rows only. Mean and
 * standard deviation are rounded to float when fitted: the ONNX graph holds them as float, and the
 * Java forward pass must scale with exactly the same numbers for the parity check to be tight.
 */
public final class StandardScaler {
    private final double[] mean;
    private final double[] std;

    private StandardScaler(double[] mean, double[] std) {
        this.mean = mean;
        this.std = std;
    }

    /**
     * Fits on the rows {@code rows} of the row-major matrix {@code values}.
     *
     * @throws HistoryException naming the first feature that does not vary
     */
    public static StandardScaler fit(float[] values, List<String> names, int[] rows) {
        int width = names.size();
        double[] mean = new double[width];
        double[] std = new double[width];
        for (int r : rows) {
            for (int f = 0; f < width; f++) {
                mean[f] += values[r * width + f];
            }
        }
        for (int f = 0; f < width; f++) {
            mean[f] /= rows.length;
        }
        for (int r : rows) {
            for (int f = 0; f < width; f++) {
                double d = values[r * width + f] - mean[f];
                std[f] += d * d;
            }
        }
        for (int f = 0; f < width; f++) {
            double s = Math.sqrt(std[f] / rows.length);
            if (!(s > 1e-12 * Math.max(1.0, Math.abs(mean[f])))) {
                throw new HistoryException(
                        "feature "
                                + names.get(f)
                                + " is constant ("
                                + mean[f]
                                + ") in the training rows; drop it or give more varied history");
            }
            mean[f] = (float) mean[f];
            std[f] = (float) s;
        }
        return new StandardScaler(mean, std);
    }

    /** Scales row {@code row} of {@code values} into column {@code b} of a feature-major batch. */
    void scaleInto(float[] values, int row, double[] batch, int b, int n) {
        int width = mean.length;
        int base = row * width;
        for (int f = 0; f < width; f++) {
            batch[f * n + b] = (values[base + f] - mean[f]) / std[f];
        }
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] std() {
        return std.clone();
    }

    public int features() {
        return mean.length;
    }
}
