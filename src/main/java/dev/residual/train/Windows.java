package dev.residual.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sliding windows of {@code W} consecutive rows of one entity, in time order, as the job assembles
 * them: rows are grouped by entity (in order of first appearance), sorted by time within an entity
 * (stably, so rows without a time keep their source order), and a window never spans two entities
 * nor a step in time longer than the gap limit. Window {@code i} ends at row {@link #lastRow(int)};
 * {@link #gather} flattens windows time-major, oldest row first: {@code x[t*F + f]}, the model
 * contract's input.
 */
public final class Windows {
    /** A gap limit of this many typical steps, when none is given (see {@link #autoGap}). */
    static final int AUTO_GAP_STEPS = 10;

    private final int window;
    private final int[] order;
    private final int[] starts;
    private final long maxGap;
    private final int entities;
    private final int segments;

    private Windows(
            int window, int[] order, int[] starts, long maxGap, int entities, int segments) {
        this.window = window;
        this.order = order;
        this.starts = starts;
        this.maxGap = maxGap;
        this.entities = entities;
        this.segments = segments;
    }

    /**
     * The windows of {@code data}'s rows, with the gap limit {@link #autoGap}: a window long enough
     * to hold none yields no windows, which the caller reports.
     */
    public static Windows of(TrainingData data, int window) {
        String[] entities = data.entities();
        long[] times = data.times();
        return of(entities, times, window, autoGap(entities, times));
    }

    /**
     * The windows of {@code data}'s rows, as {@link #of(TrainingData, int)}, refusing with a {@link
     * HistoryException} naming --window when there are fewer than {@link TrainingData#MIN_ROWS}.
     */
    public static Windows forTraining(TrainingData data, int window) {
        Windows windows = of(data, window);
        if (windows.count() < TrainingData.MIN_ROWS) {
            throw new HistoryException(
                    data.source().getOrDefault("data.file", "history")
                            + " gives "
                            + windows.count()
                            + " windows of --window "
                            + window
                            + " consecutive rows of one entity"
                            + (windows.maxGap == Long.MAX_VALUE
                                    ? ""
                                    : " (a step over "
                                            + windows.maxGap
                                            + " ms in time starts a new window)")
                            + "; at least "
                            + TrainingData.MIN_ROWS
                            + " are needed: give more history or a shorter --window");
        }
        return windows;
    }

    /**
     * The windows of rows with these entities (null: one entity) and times ({@link
     * HistorySource#UNKNOWN_TIME}: no time, never a gap).
     *
     * @param maxGapMillis the longest step in time within a window; {@link Long#MAX_VALUE} for none
     */
    public static Windows of(String[] entities, long[] times, int window, long maxGapMillis) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, got " + window);
        }
        if (entities.length != times.length) {
            throw new IllegalArgumentException(
                    entities.length + " entities for " + times.length + " times");
        }
        int[] order = timeOrder(entities, times);
        List<Integer> starts = new ArrayList<>();
        int runStart = 0;
        int segments = order.length == 0 ? 0 : 1;
        for (int p = 0; p < order.length; p++) {
            if (p > 0 && breaks(entities, times, order[p - 1], order[p], maxGapMillis)) {
                runStart = p;
                segments++;
            }
            if (p - runStart + 1 >= window) {
                starts.add(p - window + 1);
            }
        }
        return new Windows(
                window,
                order,
                toArray(starts),
                maxGapMillis,
                (int) Arrays.stream(entities).map(String::valueOf).distinct().count(),
                segments);
    }

    /**
     * {@link #AUTO_GAP_STEPS} times the median step between consecutive timed rows of an entity: a
     * sensor sampled every second has its windows broken by a pause of ten seconds or more. {@link
     * Long#MAX_VALUE} when the rows have no times, or when the median step is 0: then the times are
     * those of reading or loading, not of the events, and would make a gap of nothing.
     */
    public static long autoGap(String[] entities, long[] times) {
        int[] order = timeOrder(entities, times);
        long[] steps = new long[order.length];
        int n = 0;
        for (int p = 1; p < order.length; p++) {
            int a = order[p - 1];
            int b = order[p];
            if (sameEntity(entities, a, b) && timed(times, a) && timed(times, b)) {
                steps[n++] = times[b] - times[a];
            }
        }
        if (n == 0) {
            return Long.MAX_VALUE;
        }
        Arrays.sort(steps, 0, n);
        if (steps[n / 2] == 0) {
            // Most rows share their time with the one before: times of reading or loading (a JSON
            // lines file without event times takes the time it is read), not of the events.
            return Long.MAX_VALUE;
        }
        long median = steps[n / 2];
        return median > Long.MAX_VALUE / AUTO_GAP_STEPS ? Long.MAX_VALUE : median * AUTO_GAP_STEPS;
    }

    /** Row indices grouped by entity in order of first appearance, by time within an entity. */
    private static int[] timeOrder(String[] entities, long[] times) {
        Map<String, Integer> group = new HashMap<>();
        int[] groupOf = new int[entities.length];
        for (int r = 0; r < entities.length; r++) {
            groupOf[r] = group.computeIfAbsent(String.valueOf(entities[r]), e -> group.size());
        }
        Integer[] boxed = new Integer[entities.length];
        for (int r = 0; r < boxed.length; r++) {
            boxed[r] = r;
        }
        // Untimed rows compare equal in time, so the stable sort keeps their source order.
        Comparator<Integer> byGroup = Comparator.comparingInt(r -> groupOf[r]);
        Arrays.sort(
                boxed, byGroup.thenComparingLong(r -> timed(times, r) ? times[r] : Long.MIN_VALUE));
        return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
    }

    private static boolean breaks(String[] entities, long[] times, int a, int b, long maxGap) {
        if (!sameEntity(entities, a, b)) {
            return true;
        }
        return timed(times, a) && timed(times, b) && times[b] - times[a] > maxGap;
    }

    private static boolean sameEntity(String[] entities, int a, int b) {
        return String.valueOf(entities[a]).equals(String.valueOf(entities[b]));
    }

    private static boolean timed(long[] times, int r) {
        return times[r] != HistorySource.UNKNOWN_TIME;
    }

    /**
     * A seeded split of the windows that holds out blocks of consecutive windows and leaves out of
     * training every window less than W windows away from a held-out one: no training window shares
     * a row with a validation window, so validation scores, and the threshold calibrated on them,
     * are those of rows the network has not been fitted to. Blocks are 8 W windows long (at most a
     * tenth of the windows), so the purge costs about a quarter of a held-out share.
     */
    public Split split(double validationFraction, long seed) {
        int n = count();
        int block = Math.max(1, Math.min(8 * window, n / 10));
        int blocks = (n + block - 1) / block;
        if (blocks < 2) {
            throw new IllegalArgumentException(
                    n + " windows are too few to hold out a block of them for validation");
        }
        Split byBlock = Split.of(blocks, validationFraction, seed);
        boolean[] held = new boolean[n];
        for (int b : byBlock.validation()) {
            Arrays.fill(held, b * block, Math.min(n, (b + 1) * block), true);
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            if (held[w]) {
                validation.add(w);
            } else if (!nearHeld(held, w)) {
                train.add(w);
            }
        }
        return Split.of(toArray(train), toArray(validation));
    }

    /** Whether a held-out window is less than W windows away: it may share a row with w. */
    private boolean nearHeld(boolean[] held, int w) {
        for (int d = Math.max(0, w - window + 1); d < Math.min(held.length, w + window); d++) {
            if (held[d]) {
                return true;
            }
        }
        return false;
    }

    private static int[] toArray(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Rows per window. */
    public int window() {
        return window;
    }

    /** Number of windows. */
    public int count() {
        return starts.length;
    }

    /** Distinct entities among the rows. */
    public int entities() {
        return entities;
    }

    /**
     * Runs of rows of one entity without a gap in time, which no window crosses (some may be
     * shorter than a window).
     */
    public int segments() {
        return segments;
    }

    /** The longest step in time allowed within a window, in millis. */
    public long maxGapMillis() {
        return maxGap;
    }

    /** Row index of step {@code t} (0 = oldest) of window {@code w}. */
    public int row(int w, int t) {
        return order[starts[w] + t];
    }

    /**
     * Row index of window {@code w}'s last, current, row: the one the job scores the window for.
     */
    public int lastRow(int w) {
        return row(w, window - 1);
    }

    /**
     * The windows {@code picked} of {@code values} (row-major, {@code features} wide), flattened
     * time-major: {@code picked.length x (W * F)}.
     */
    public float[] gather(float[] values, int features, int[] picked) {
        float[] out = new float[picked.length * window * features];
        gatherInto(values, features, picked, 0, picked.length, out);
        return out;
    }

    /**
     * As {@link #gather}, for the windows {@code picked[from..from+n)}, into the start of {@code
     * out}: a minibatch in a buffer reused across batches.
     */
    public void gatherInto(
            float[] values, int features, int[] picked, int from, int n, float[] out) {
        int width = window * features;
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < window; t++) {
                System.arraycopy(
                        values,
                        row(picked[from + i], t) * features,
                        out,
                        i * width + t * features,
                        features);
            }
        }
    }

    /** Every row of the windows {@code picked}, once, ascending: what a scaler is fitted on. */
    public int[] rows(int[] picked) {
        BitSet rows = new BitSet();
        for (int w : picked) {
            for (int t = 0; t < window; t++) {
                rows.set(row(w, t));
            }
        }
        return rows.stream().toArray();
    }
}
