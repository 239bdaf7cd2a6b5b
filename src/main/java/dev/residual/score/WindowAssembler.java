package dev.residual.score;

import dev.residual.io.FeatureRecord;
import dev.residual.model.BundleIdentity;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Assembles each entity's sliding window for a windowed model: keyed by entity, it keeps the
 * entity's last W records in one {@link WindowState} and passes every record on with the window it
 * completes, flattened time-major and oldest first, as the model's input expects.
 *
 * <ul>
 *   <li><b>Warm-up.</b> The first W − 1 records of an entity (and of every new run, below) have no
 *       full window: they go on without one, counted by {@code windowWarmup}, and are neither
 *       scored nor judged downstream.
 *   <li><b>Gaps.</b> A record more than {@code maxGap} of event time after the entity's newest
 *       starts a new run: a window must not join records across an outage. So does a record more
 *       than {@code maxGap} before the newest, a clock jump (one record from a clock hours ahead
 *       must not leave every later record out until event time catches up with it). Counted by
 *       {@code windowRestarts}.
 *   <li><b>Out of order.</b> A record older than the entity's newest by at most {@code maxGap} goes
 *       on without a window and leaves the window as it is, counted by {@code windowOutOfOrder}:
 *       inserting it would change windows that were already scored, and scoring it with the newer
 *       records would put it in the wrong place. Records with the same event time are in order.
 *   <li><b>Idle expiry.</b> One processing-time timer per entity, as {@link IdleExpiry}: an entity
 *       idle for idle-ttl loses its window and timer ({@code expiredWindows}) and warms up again.
 * </ul>
 *
 * <p>The window is keyed state, so checkpoints and savepoints keep it and a restored job scores an
 * entity's next record with the window it had. Unless the job was restored under another bundle
 * (see {@link WindowState#holds}): then the entity's window starts again, and warms up.
 */
public class WindowAssembler extends KeyedProcessFunction<String, FeatureRecord, WindowedRecord> {
    private static final long serialVersionUID = 1L;

    /** Name of the keyed state; part of savepoints, so it must not change. */
    public static final String STATE_NAME = "window";

    private final int window;
    private final int features;
    private final long maxGapMillis;
    private final long idleTtlMillis;
    private final long bundle;

    private transient ValueState<WindowState> state;
    private transient Counter warmup;
    private transient Counter restarts;
    private transient Counter outOfOrder;
    private transient Counter expired;

    /**
     * @param window W, the records per window, at least 2
     * @param features F, the values per record
     * @param maxGapMillis the longest event time between two records of one window, positive
     * @param idleTtlMillis processing time after which an idle entity's window goes, positive
     */
    public WindowAssembler(int window, int features, long maxGapMillis, long idleTtlMillis) {
        this(window, features, maxGapMillis, idleTtlMillis, BundleIdentity.UNKNOWN);
    }

    /**
     * An assembler for the model whose {@link BundleIdentity} is {@code bundle}: a window restored
     * from another (or an unknown) bundle starts again, as does one of another W × F whatever the
     * bundle.
     */
    public WindowAssembler(
            int window, int features, long maxGapMillis, long idleTtlMillis, long bundle) {
        if (window < 2 || features < 1) {
            throw new IllegalArgumentException(
                    "a window needs W >= 2 and F >= 1, got W " + window + ", F " + features);
        }
        if (maxGapMillis <= 0 || idleTtlMillis <= 0) {
            throw new IllegalArgumentException(
                    "max gap and idle ttl must be positive, got "
                            + maxGapMillis
                            + " and "
                            + idleTtlMillis
                            + " ms");
        }
        this.window = window;
        this.features = features;
        this.maxGapMillis = maxGapMillis;
        this.idleTtlMillis = idleTtlMillis;
        this.bundle = bundle;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<WindowState> descriptor =
                new ValueStateDescriptor<>(STATE_NAME, TypeInformation.of(WindowState.class));
        state = getRuntimeContext().getState(descriptor);
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("residual");
        warmup = metrics.counter("windowWarmup");
        restarts = metrics.counter("windowRestarts");
        outOfOrder = metrics.counter("windowOutOfOrder");
        expired = metrics.counter("expiredWindows");
    }

    @Override
    public void processElement(FeatureRecord r, Context ctx, Collector<WindowedRecord> out)
            throws Exception {
        out.collect(process(r, r.features, ctx.timerService()));
    }

    /**
     * Moves the current entity's window on by {@code values}, the model's view of {@code r} (its
     * features, or them standardised by a baseline), and returns what goes downstream with it.
     */
    WindowedRecord process(FeatureRecord r, float[] values, TimerService timers) throws Exception {
        RecordWidth.require(r, features, "the window");
        WindowState current = state.value();
        if (current == null || !current.holds(window, features, bundle)) {
            current = emptyWindow(current);
        }
        WindowedRecord next = next(current, r, values);
        current.expiryTimer = IdleExpiry.keepAlive(current.expiryTimer, timers, idleTtlMillis);
        state.update(current);
        return next;
    }

    /**
     * An empty window for this bundle; one that replaces a window restored under another bundle
     * keeps its idle-expiry timer, which is registered.
     */
    private WindowState emptyWindow(WindowState restored) {
        WindowState empty = WindowState.empty(window, features);
        empty.bundle = bundle;
        if (restored != null) {
            empty.expiryTimer = restored.expiryTimer;
        }
        return empty;
    }

    /** Moves the window on by {@code values} of {@code r} and says what goes downstream with it. */
    private WindowedRecord next(WindowState current, FeatureRecord r, float[] values) {
        switch (current.offer(values, r.ts, maxGapMillis)) {
            case OUT_OF_ORDER:
                outOfOrder.inc();
                return new WindowedRecord(r, null, 0);
            case RESTART:
                restarts.inc();
                warmup.inc();
                return new WindowedRecord(r, null, current.filled);
            case WARMUP:
                warmup.inc();
                return new WindowedRecord(r, null, current.filled);
            default:
                return new WindowedRecord(r, current.flatten(features), window);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowedRecord> out)
            throws Exception {
        expire(timestamp);
    }

    /** Clears the current entity's window if {@code timestamp} is its idle-expiry timer. */
    void expire(long timestamp) throws Exception {
        WindowState current = state.value();
        if (current != null && current.expiryTimer == timestamp) {
            state.clear();
            expired.inc();
        }
    }
}
