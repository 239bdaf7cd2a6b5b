package dev.residual.train;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded random split of row indices into training and validation. Both parts are kept in
 * ascending row order, so a split depends only on the row count, the fraction and the seed.
 */
public final class Split {
    private final int[] train;
    private final int[] validation;

    private Split(int[] train, int[] validation) {
        this.train = train;
        this.validation = validation;
    }

    /**
     * Holds out {@code round(rows * validationFraction)} rows (at least one, and at least one left
     * to train on).
     */
    public static Split of(int rows, double validationFraction, long seed) {
        if (!(validationFraction > 0.0 && validationFraction < 1.0)) {
            throw new IllegalArgumentException(
                    "validation fraction must be in (0, 1), got " + validationFraction);
        }
        int held = (int) Math.round(rows * validationFraction);
        held = Math.max(1, Math.min(rows - 1, held));
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        shuffle(order, order.length, new SplittableRandom(seed));
        int[] validation = Arrays.copyOfRange(order, 0, held);
        int[] train = Arrays.copyOfRange(order, held, rows);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new Split(train, validation);
    }

    /** A split of given parts, each in ascending order: for splits of something other than rows. */
    static Split of(int[] train, int[] validation) {
        return new Split(train.clone(), validation.clone());
    }

    /** Fisher-Yates over the first {@code n} entries. */
    static void shuffle(int[] a, int n, SplittableRandom random) {
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * {@code m} distinct indices of {@code 0..n-1}, each subset equally likely, in ascending order:
     * a partial Fisher-Yates shuffle, so the same random state gives the same sample.
     */
    public static int[] sample(int n, int m, SplittableRandom random) {
        if (m < 0 || m > n) {
            throw new IllegalArgumentException("cannot sample " + m + " of " + n);
        }
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = Arrays.copyOf(all, m);
        Arrays.sort(chosen);
        return chosen;
    }

    /** Rows of {@code values} (row-major, {@code width} wide) picked by {@code rows}. */
    public static float[] gather(float[] values, int width, int[] rows) {
        float[] out = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(values, rows[r] * width, out, r * width, width);
        }
        return out;
    }

    public int[] train() {
        return train.clone();
    }

    public int[] validation() {
        return validation.clone();
    }

    public int trainRows() {
        return train.length;
    }

    public int validationRows() {
        return validation.length;
    }
}
