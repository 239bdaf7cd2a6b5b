package dev.residual.threshold;

import dev.residual.io.AnomalyEvent;
import dev.residual.model.BundleIdentity;
import dev.residual.score.IdleExpiry;
import dev.residual.score.ScoredRecord;
import java.util.List;
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
 * The rolling threshold as a keyed function: keyed by entity, it judges each scored record with
 * {@link RollingThreshold} against the entity's own {@link ThresholdState} and emits one {@link
 * AnomalyEvent} per episode, on the record that opens it: the first anomalous record, or with
 * threshold.confirm-records = N the N-th in a row (the event's episode start is then the run's
 * first record, its episode records N).
 *
 * <p><b>Idle expiry.</b> Each entity has one processing-time timer, kept in its state and moved as
 * {@link IdleExpiry} describes: when it fires, the entity has been idle for between 1 and 1.1 ×
 * idle-ttl, and {@link #cleanUp} removes everything it kept. A timer that is not the current one
 * (there should be none) changes nothing.
 *
 * <p><b>A new bundle.</b> The state records the model it was learned under (a hash of the model
 * id): a job restored from a savepoint with another bundle, or from one written before states
 * recorded it, has each entity warm up again on the new model's scores, as {@link RollingThreshold}
 * says.
 *
 * <p>Metrics, under the {@code residual} group: {@code anomalies} (events emitted), {@code
 * anomalousRecords} (records above their threshold, alerting or not), {@code pendingRecords} (those
 * of them that were not yet confirm-records in a row), {@code warmupScored} (records judged against
 * the global threshold), {@code expiredEntities} and {@code unscored} (records of a windowed model
 * that had no full window, or of an entity whose baseline warms up: they change nothing here).
 */
public class ThresholdFunction extends KeyedProcessFunction<String, ScoredRecord, AnomalyEvent> {
    private static final long serialVersionUID = 1L;

    /** Name of the keyed state; part of savepoints, so it must not change. */
    public static final String STATE_NAME = "rolling-threshold";

    private final RollingThreshold rule;
    private final String modelId;
    private final List<String> featureNames;

    private transient ValueState<ThresholdState> state;
    private transient Counter anomalies;
    private transient Counter anomalousRecords;
    private transient Counter pendingRecords;
    private transient Counter warmupScored;
    private transient Counter expiredEntities;
    private transient Counter unscored;

    /**
     * A function whose entities learn both the level and the spread of their log scores.
     *
     * @param config the checked threshold parameters
     * @param globalThreshold the bundle's calibrated threshold, used while an entity warms up
     * @param modelId the bundle's model id, carried by every event
     * @param featureNames the bundle's feature names, in the order of the feature errors
     */
    public ThresholdFunction(
            ThresholdConfig config,
            double globalThreshold,
            String modelId,
            List<String> featureNames) {
        this(config, globalThreshold, Double.NaN, modelId, featureNames);
    }

    /**
     * A function whose entities learn the level of their log scores and take the spread from the
     * bundle's validation scores ({@code logSpread}), when that is finite.
     */
    public ThresholdFunction(
            ThresholdConfig config,
            double globalThreshold,
            double logSpread,
            String modelId,
            List<String> featureNames) {
        if (modelId == null || featureNames == null) {
            throw new IllegalArgumentException("model id and feature names must be set");
        }
        this.rule =
                new RollingThreshold(
                        config, globalThreshold, logSpread, BundleIdentity.ofModel(modelId));
        this.modelId = modelId;
        this.featureNames = List.copyOf(featureNames);
    }

    @Override
    public void open(OpenContext openContext) {
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        STATE_NAME, TypeInformation.of(ThresholdState.class)));
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("residual");
        anomalies = metrics.counter("anomalies");
        anomalousRecords = metrics.counter("anomalousRecords");
        pendingRecords = metrics.counter("pendingRecords");
        warmupScored = metrics.counter("warmupScored");
        expiredEntities = metrics.counter("expiredEntities");
        unscored = metrics.counter("unscored");
    }

    @Override
    public void processElement(ScoredRecord scored, Context ctx, Collector<AnomalyEvent> out)
            throws Exception {
        if (scored.unscored) {
            // A windowed model's warm-up: no score to judge or learn from.
            unscored.inc();
            return;
        }
        ThresholdState current = state.value();
        if (current == null) {
            current = new ThresholdState();
        }
        Decision decision = rule.observe(current, scored.score, scored.ts);
        count(decision);
        if (decision.isAlert()) {
            out.collect(
                    AnomalyEvents.of(
                            scored,
                            decision,
                            modelId,
                            featureNames,
                            rule.config().topFeatures(),
                            current.episodeStart,
                            current.episodeRecords));
        }
        current.expiryTimer =
                IdleExpiry.keepAlive(
                        current.expiryTimer, ctx.timerService(), rule.config().idleTtlMillis());
        state.update(current);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AnomalyEvent> out)
            throws Exception {
        ThresholdState current = state.value();
        if (current != null && current.expiryTimer == timestamp) {
            cleanUp(current, ctx.timerService());
            expiredEntities.inc();
        }
    }

    private void count(Decision decision) {
        if (decision.warmingUp()) {
            warmupScored.inc();
        }
        if (decision.isAnomalous()) {
            anomalousRecords.inc();
        }
        if (decision.kind() == Decision.Kind.PENDING) {
            pendingRecords.inc();
        }
        if (decision.isAlert()) {
            anomalies.inc();
        }
    }

    /** Removes everything this function keeps for the current entity: its timer and its state. */
    private void cleanUp(ThresholdState current, TimerService timers) {
        IdleExpiry.cancel(current.expiryTimer, timers);
        state.clear();
    }
}
