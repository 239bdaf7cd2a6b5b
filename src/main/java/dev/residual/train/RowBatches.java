package dev.residual.train;

import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

/**
 * The training rows in minibatches: a shuffled order of row indices and the loading of a batch,
 * scaled, into a feature-major buffer. Shared by the epoch loops of every kind.
 */
final class RowBatches {
    private final float[] values;
    private final StandardScaler scaler;
    private final int[] rows;
    private final int batchSize;

    RowBatches(TrainingData data, StandardScaler scaler, int[] rows, int batchSize) {
        this.values = data.values();
        this.scaler = scaler;
        this.rows = rows.clone();
        this.batchSize = Math.min(batchSize, rows.length);
    }

    /**
     * One epoch: the rows in a fresh random order, each minibatch scaled into {@code batch} and
     * handed to {@code step}, which trains on it and returns its mean loss.
     *
     * @return the mean of the batch losses, weighted by batch size
     */
    double epoch(SplittableRandom random, double[] batch, IntToDoubleFunction step) {
        Split.shuffle(rows, rows.length, random);
        double sum = 0.0;
        for (int start = 0; start < rows.length; start += batchSize) {
            int n = Math.min(batchSize, rows.length - start);
            for (int b = 0; b < n; b++) {
                scaler.scaleInto(values, rows[start + b], batch, b, n);
            }
            sum += n * step.applyAsDouble(n);
        }
        return sum / rows.length;
    }

    int rows() {
        return rows.length;
    }

    int batchSize() {
        return batchSize;
    }
}
