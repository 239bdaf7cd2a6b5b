package dev.residual.train;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The entity and event time of every accepted row of history, which the recurrent kinds cut windows
 * by: each entity's rows in time order, split into segments where the entity changes or time jumps
 * by more than {@link #GAP_FACTOR} times the median step. Sources without entities or times give
 * one entity, in source order.
 */
final class RowKeys {
    /** A step this many times the median step of the history is a gap that no window crosses. */
    static final int GAP_FACTOR = 5;

    private final Map<String, Integer> entityIds = new HashMap<>();
    private int[] entities = new int[1024];
    private long[] times = new long[1024];
    private int rows;

    /**
     * Adds the next row's keys: its entity (null: none) and time ({@link HistorySource#NO_TIME}).
     */
    void add(String entity, long time) {
        if (rows == entities.length) {
            entities = Arrays.copyOf(entities, 2 * rows);
            times = Arrays.copyOf(times, 2 * rows);
        }
        entities[rows] =
                entityIds.computeIfAbsent(entity == null ? "" : entity, e -> entityIds.size());
        times[rows] = time;
        rows++;
    }

    /** The rows in window order and where the segments start. */
    Sequences sequences() {
        Integer[] boxed = new Integer[rows];
        for (int r = 0; r < rows; r++) {
            boxed[r] = r;
        }
        // Stable: rows of one entity with equal (or unknown) times keep their source order.
        Arrays.sort(
                boxed,
                (a, b) ->
                        entities[a] != entities[b]
                                ? Integer.compare(entities[a], entities[b])
                                : Long.compare(sortTime(a), sortTime(b)));
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = boxed[i];
        }
        long maxStep = maxStep(order);
        int[] starts = new int[rows];
        int count = 0;
        for (int i = 0; i < rows; i++) {
            boolean newEntity = i == 0 || entities[order[i]] != entities[order[i - 1]];
            if (newEntity || step(order, i) > maxStep) {
                starts[count++] = i;
            }
        }
        return new Sequences(order, Arrays.copyOf(starts, count), entityIds.size());
    }

    private long sortTime(int row) {
        return times[row] == HistorySource.NO_TIME ? 0 : times[row];
    }

    /** The time from the previous row of the same entity, or -1 when either time is unknown. */
    private long step(int[] order, int i) {
        if (i == 0 || entities[order[i]] != entities[order[i - 1]]) {
            return -1;
        }
        long a = times[order[i - 1]];
        long b = times[order[i]];
        return a == HistorySource.NO_TIME || b == HistorySource.NO_TIME ? -1 : b - a;
    }

    /** {@link #GAP_FACTOR} times the median positive step; no limit without times. */
    private long maxStep(int[] order) {
        long[] steps = new long[rows];
        int n = 0;
        for (int i = 1; i < rows; i++) {
            long s = step(order, i);
            if (s > 0) {
                steps[n++] = s;
            }
        }
        if (n == 0) {
            return Long.MAX_VALUE;
        }
        Arrays.sort(steps, 0, n);
        return GAP_FACTOR * steps[n / 2];
    }

    /**
     * @param order row indices in window order: entity by entity, each in time order
     * @param segmentStarts positions in {@code order} where a segment starts, from 0
     * @param entities distinct entities
     */
    record Sequences(int[] order, int[] segmentStarts, int entities) {
        /** The row-major {@code values} in window order. */
        float[] reorder(float[] values, int width) {
            float[] out = new float[values.length];
            for (int i = 0; i < order.length; i++) {
                System.arraycopy(values, order[i] * width, out, i * width, width);
            }
            return out;
        }
    }
}
