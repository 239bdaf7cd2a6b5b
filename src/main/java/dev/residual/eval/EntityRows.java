package dev.residual.eval;

/**
 * What a detector sees of one entity: its rows in time order, their event times and which rows the
 * protocol lets it fit on. No labels: they stay with {@link LabelledSet} and its scorer.
 *
 * @param name the entity (a file's name, or the value of the entity column)
 * @param ts event time of each row, epoch millis, non-decreasing
 * @param rows feature values of each row
 * @param train true for the rows that may be used for fitting (training, scaling)
 */
public record EntityRows(String name, long[] ts, float[][] rows, boolean[] train) {
    /** The number of rows. */
    public int size() {
        return ts.length;
    }

    /** The rows that may be fitted on, in order. */
    public float[][] trainRows() {
        int n = 0;
        for (boolean t : train) {
            n += t ? 1 : 0;
        }
        float[][] out = new float[n][];
        int k = 0;
        for (int i = 0; i < rows.length; i++) {
            if (train[i]) {
                out[k++] = rows[i];
            }
        }
        return out;
    }
}
