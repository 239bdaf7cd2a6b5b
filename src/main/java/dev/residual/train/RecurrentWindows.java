package dev.residual.train;

import java.util.Arrays;

/**
 * Sliding windows of W consecutive rows for the recurrent kinds, and their split into training and
 * validation. A window is named by its last row; its rows are the W before it in source (time)
 * order, all in one segment: a segment is a run of rows of one entity without a gap in time, and no
 * window crosses from one into the next.
 *
 * <p>Overlapping windows share rows, so a random split of windows would validate on rows the
 * network was trained on. The split is by blocks of consecutive rows instead: each window lies
 * within one block, blocks are drawn for validation with {@link Split}, and the windows that would
 * straddle two blocks are left out of both.
 */
final class RecurrentWindows {
    private RecurrentWindows() {}

    /**
     * The last row of every window of {@code window} rows within one segment, ascending.
     *
     * @param segmentStarts first row of every segment, ascending, starting with 0
     */
    static int[] ends(int rows, int[] segmentStarts, int window) {
        int[] ends = new int[rows];
        int count = 0;
        for (int s = 0; s < segmentStarts.length; s++) {
            int end = s + 1 < segmentStarts.length ? segmentStarts[s + 1] : rows;
            for (int last = segmentStarts[s] + window - 1; last < end; last++) {
                ends[count++] = last;
            }
        }
        return Arrays.copyOf(ends, count);
    }

    /** The windows ending at {@code ends}, each flattened time-major (oldest row first). */
    static float[] gather(float[] values, int features, int window, int[] ends) {
        float[] out = new float[ends.length * window * features];
        gatherInto(values, features, window, ends, 0, ends.length, out);
        return out;
    }

    /** Windows {@code ends[from..from+n)}, flattened, into the start of {@code out}. */
    static void gatherInto(
            float[] values, int features, int window, int[] ends, int from, int n, float[] out) {
        int width = window * features;
        for (int w = 0; w < n; w++) {
            int first = ends[from + w] - window + 1;
            System.arraycopy(values, first * features, out, w * width, width);
        }
    }

    /**
     * Rows per block: about twenty blocks for short histories, at most ten windows long, and never
     * shorter than two windows, so that most windows fit in one.
     */
    static int blockRows(int rows, int window) {
        return Math.max(2 * window, Math.min(10 * window, rows / 20));
    }

    /**
     * Splits the windows ending at {@code ends} by blocks of {@link #blockRows} rows (counted from
     * each segment's start), holding out about {@code validationFraction} of the blocks.
     *
     * @throws HistoryException when there are too few blocks with a window for a split
     */
    static Partition split(
            int rows, int[] segmentStarts, int window, double validationFraction, long seed) {
        int[] ends = ends(rows, segmentStarts, window);
        int blockRows = blockRows(rows, window);
        int[] blockOfRow = blocks(rows, segmentStarts, blockRows);
        int[] blockOfWindow = new int[ends.length];
        int[] index = new int[blockOfRow[rows - 1] + 1];
        Arrays.fill(index, -1);
        int used = 0;
        for (int w = 0; w < ends.length; w++) {
            int block = blockOfRow[ends[w]];
            boolean inOne = blockOfRow[ends[w] - window + 1] == block;
            if (inOne && index[block] < 0) {
                index[block] = used++;
            }
            blockOfWindow[w] = inOne ? index[block] : -1;
        }
        if (used < 2) {
            throw new HistoryException(
                    rows
                            + " rows give "
                            + ends.length
                            + " windows of "
                            + window
                            + " rows, too few to hold some out for validation; give more history"
                            + " or a smaller --window");
        }
        boolean[] held = new boolean[used];
        for (int b : Split.of(used, validationFraction, seed).validation()) {
            held[b] = true;
        }
        int[] train = new int[ends.length];
        int[] validation = new int[ends.length];
        int t = 0;
        int v = 0;
        for (int w = 0; w < ends.length; w++) {
            if (blockOfWindow[w] >= 0) {
                if (held[blockOfWindow[w]]) {
                    validation[v++] = ends[w];
                } else {
                    train[t++] = ends[w];
                }
            }
        }
        return new Partition(Arrays.copyOf(train, t), Arrays.copyOf(validation, v));
    }

    private static int[] blocks(int rows, int[] segmentStarts, int blockRows) {
        int[] block = new int[rows];
        int next = 0;
        for (int s = 0; s < segmentStarts.length; s++) {
            int start = segmentStarts[s];
            int end = s + 1 < segmentStarts.length ? segmentStarts[s + 1] : rows;
            for (int r = start; r < end; r++) {
                block[r] = next + (r - start) / blockRows;
            }
            next = end > start ? block[end - 1] + 1 : next;
        }
        return block;
    }

    /**
     * Windows named by their last rows.
     *
     * @param train windows to train on
     * @param validation windows held out, for early stopping and calibration
     */
    record Partition(int[] train, int[] validation) {
        /** The rows of the training windows, ascending: what the scaler is fitted on. */
        int[] trainRows(int window) {
            java.util.BitSet rows = new java.util.BitSet();
            for (int end : train) {
                rows.set(end - window + 1, end + 1);
            }
            return rows.stream().toArray();
        }
    }
}
