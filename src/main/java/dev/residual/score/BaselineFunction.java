package dev.residual.score;

import dev.residual.io.FeatureRecord;
import dev.residual.model.BundleIdentity;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Standardises each entity's features by its own baseline ({@link EntityBaseline}) for a bundle
 * trained behind one: keyed by entity, it keeps a {@link BaselineState} per entity and passes every
 * record on with its standardised features as the model's input, as a {@link WindowedRecord} of one
 * step that still holds the record in feature units (an alert's values) and the mean and spread it
 * was standardised with (its expected values).
 *
 * <ul>
 *   <li><b>Warm-up.</b> The entity's first warm-up-records records have no baseline yet: they go on
 *       without a model input, counted by {@code baselineWarmup}, and are neither scored nor judged
 *       downstream, as a window's warm-up.
 *   <li><b>Idle expiry.</b> One processing-time timer per entity, as {@link IdleExpiry}: an entity
 *       idle for idle-ttl loses its baseline ({@code expiredBaselines}) and warms up again.
 *   <li><b>A new bundle.</b> Restored from a savepoint under a bundle of other features (another
 *       count, or other names or order), an entity's baseline starts again and warms up: its
 *       statistics are of other features. Under a bundle of the same features it goes on, since it
 *       describes the entity, not the model. A baseline from before states recorded their features
 *       is kept when it has the bundle's feature count: it was learned by this job on this topic,
 *       and a retrained model of the same features is the usual new bundle; another count starts it
 *       again, as it must.
 * </ul>
 *
 * <p>The baseline is keyed state, so checkpoints and savepoints keep it.
 *
 * <p>Each record goes on with arrays of its own, never buffers this function reuses: with object
 * reuse on ({@code pipeline.object-reuse}, as the job runs) nothing copies them on the way, and the
 * {@link BatchingOperator} behind keeps every record's model input, mean and spread until its batch
 * is scored, so an array written again for the next record would change records already emitted.
 * They are the only arrays it allocates per record.
 */
public class BaselineFunction extends KeyedProcessFunction<String, FeatureRecord, WindowedRecord> {
    private static final long serialVersionUID = 1L;

    /** Name of the keyed state; part of savepoints, so it must not change. */
    public static final String STATE_NAME = "baseline";

    private final EntityBaseline rule;
    private final int features;
    private final long idleTtlMillis;
    private final long featureSet;

    private transient ValueState<BaselineState> state;
    private transient Counter warmup;
    private transient Counter expired;

    /**
     * @param rule the bundle's baseline rule
     * @param features F, the values per record
     * @param idleTtlMillis processing time after which an idle entity's baseline goes, positive
     */
    public BaselineFunction(EntityBaseline rule, int features, long idleTtlMillis) {
        this(rule, features, idleTtlMillis, BundleIdentity.UNKNOWN);
    }

    /**
     * A function for the bundle whose features have the {@link BundleIdentity#ofFeatures} identity
     * {@code featureSet}: a baseline restored from other features starts again.
     */
    public BaselineFunction(
            EntityBaseline rule, int features, long idleTtlMillis, long featureSet) {
        if (rule == null || features < 1 || idleTtlMillis <= 0) {
            throw new IllegalArgumentException(
                    "a baseline needs a rule, F >= 1 and a positive idle ttl, got "
                            + rule
                            + ", F "
                            + features
                            + ", "
                            + idleTtlMillis
                            + " ms");
        }
        this.rule = rule;
        this.features = features;
        this.idleTtlMillis = idleTtlMillis;
        this.featureSet = featureSet;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<BaselineState> descriptor =
                new ValueStateDescriptor<>(STATE_NAME, TypeInformation.of(BaselineState.class));
        state = getRuntimeContext().getState(descriptor);
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("residual");
        warmup = metrics.counter("baselineWarmup");
        expired = metrics.counter("expiredBaselines");
    }

    @Override
    public void processElement(FeatureRecord r, Context ctx, Collector<WindowedRecord> out)
            throws Exception {
        RecordWidth.require(r, features, "the baseline");
        BaselineState current = state.value();
        if (current == null || !isOfTheseFeatures(current)) {
            current = emptyBaseline(current);
        }
        current.featureSet = featureSet;
        EntityBaseline.Standardised z = rule.observe(current, r.features, r.ts);
        if (z == null) {
            warmup.inc();
            out.collect(new WindowedRecord(r, null, 0));
        } else {
            WindowedRecord w = new WindowedRecord(r, z.z(), 1);
            w.center = z.center();
            w.scale = z.scale();
            out.collect(w);
        }
        current.expiryTimer =
                IdleExpiry.keepAlive(current.expiryTimer, ctx.timerService(), idleTtlMillis);
        state.update(current);
    }

    /**
     * Whether {@code restored} holds statistics of this bundle's features; see the class comment.
     */
    private boolean isOfTheseFeatures(BaselineState restored) {
        if (restored.mean == null) {
            return true;
        }
        if (restored.mean.length != features) {
            return false;
        }
        return restored.featureSet == BundleIdentity.UNKNOWN || restored.featureSet == featureSet;
    }

    /**
     * A new baseline; one that replaces another keeps its idle-expiry timer, which is registered.
     */
    private static BaselineState emptyBaseline(BaselineState restored) {
        BaselineState empty = new BaselineState();
        if (restored != null) {
            empty.expiryTimer = restored.expiryTimer;
        }
        return empty;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowedRecord> out)
            throws Exception {
        BaselineState current = state.value();
        if (current != null && current.expiryTimer == timestamp) {
            state.clear();
            expired.inc();
        }
    }
}
