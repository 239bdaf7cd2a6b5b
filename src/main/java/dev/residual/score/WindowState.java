package dev.residual.score;

/**
 * One entity's sliding window, as keyed state: the latest {@code W} feature vectors in a ring
 * buffer of {@code W × F} floats, how many of its slots hold records of the current run, the event
 * time of the newest and the entity's idle-expiry timer. Its size is fixed by W and F whatever the
 * history: {@code 4·W·F} bytes of values plus a few dozen for the rest. A Flink POJO, so that the
 * state backend neither falls back to Kryo nor loses it when a field is added later.
 *
 * <p>A ring rather than a shifted array: adding a record copies F values and reading the window
 * copies W × F once, where shifting would copy the window twice per record. {@link WindowAssembler}
 * is the only writer.
 */
public class WindowState {
    /** The ring: slot {@code s} holds a record's features at {@code [s·F, (s+1)·F)}. */
    public float[] values;

    /** The slot the next record goes to; the oldest record's slot once the ring is full. */
    public int next;

    /** Records of the current run in the ring, 0 to W. */
    public int filled;

    /** Event time of the newest record in the ring; meaningless while {@link #filled} is 0. */
    public long lastTs;

    /** Processing time of the registered idle-expiry timer, or {@link IdleExpiry#NONE}. */
    public long expiryTimer = IdleExpiry.NONE;

    /**
     * The {@link dev.residual.model.BundleIdentity} of the model whose windows the ring holds;
     * {@link dev.residual.model.BundleIdentity#UNKNOWN} (0) in state written before the field
     * existed. See {@link #holds}.
     */
    public long bundle;

    /** What offering a record did to the window. */
    public enum Step {
        /**
         * Older than the newest record by at most the gap limit: left out, the window unchanged.
         */
        OUT_OF_ORDER,
        /**
         * More than the gap limit after the newest record, or before it (a clock jump): the record
         * starts a new run, which warms up.
         */
        RESTART,
        /** In the run's first W − 1 records: no full window yet. */
        WARMUP,
        /** The record completes a full window. */
        FULL
    }

    /** For Flink's POJO serializer. */
    public WindowState() {}

    /** An empty window of {@code window} vectors of {@code features} values. */
    public static WindowState empty(int window, int features) {
        WindowState s = new WindowState();
        s.values = new float[window * features];
        return s;
    }

    /**
     * Whether the ring holds windows of {@code window} × {@code features} values for the model
     * {@code bundle}. A state restored from a savepoint under a new bundle does not: its ring may
     * be of another W (handed on, windows of the old length would fail the scorer or be cut), and
     * even of the same W its records were the old model's input. State of an unknown bundle (older
     * than the field) does not either: starting a window again costs W − 1 records.
     */
    public boolean holds(int window, int features, long bundle) {
        return values != null && values.length == window * features && this.bundle == bundle;
    }

    /**
     * Offers the next record of the entity, by the window rules of {@link WindowAssembler}: a
     * record older than the newest by at most {@code maxGapMillis} is left out; one more than
     * {@code maxGapMillis} after it, or before it, starts a new run; otherwise it is appended,
     * completing a full window or not. The only place these rules live, so that the job and the
     * evaluation's replay assemble the same windows.
     */
    public Step offer(float[] features, long ts, long maxGapMillis) {
        if (filled > 0 && ts < lastTs && !clockJump(ts, maxGapMillis)) {
            return Step.OUT_OF_ORDER;
        }
        boolean gap = filled > 0 && (ts - lastTs > maxGapMillis || clockJump(ts, maxGapMillis));
        if (gap) {
            restart();
        }
        add(features, ts);
        if (gap) {
            return Step.RESTART;
        }
        return full(features.length) ? Step.FULL : Step.WARMUP;
    }

    /**
     * Whether a record lies further before the newest than a window may span: the newest came from
     * a clock that was off (the decoder accepts event times up to a day ahead), or this one does.
     * Either way, leaving out every record until event time catches up with the newest would
     * silence the entity for that long; a new run from this record costs one warm-up instead.
     */
    private boolean clockJump(long ts, long maxGapMillis) {
        return lastTs - ts > maxGapMillis;
    }

    /** Appends a record, overwriting the oldest once the window is full. */
    void add(float[] features, long ts) {
        int width = features.length;
        System.arraycopy(features, 0, values, next * width, width);
        next = (next + 1) % slots(width);
        filled = Math.min(filled + 1, slots(width));
        lastTs = ts;
    }

    /** Forgets the records of the current run: the next record starts a new window. */
    void restart() {
        next = 0;
        filled = 0;
    }

    /** Whether the window holds W records. */
    boolean full(int features) {
        return filled == slots(features);
    }

    /**
     * The full window flattened time-major, oldest first: value {@code f} of step {@code t} at
     * {@code t·F + f}, the newest record at step W − 1. A new array: it travels downstream while
     * the ring moves on.
     */
    public float[] flatten(int features) {
        float[] out = new float[values.length];
        int split = next * features;
        System.arraycopy(values, split, out, 0, values.length - split);
        System.arraycopy(values, 0, out, values.length - split, split);
        return out;
    }

    private int slots(int features) {
        return values.length / features;
    }
}
