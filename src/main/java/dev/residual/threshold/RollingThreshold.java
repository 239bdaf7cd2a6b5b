package dev.residual.threshold;

import dev.residual.model.BundleIdentity;
import dev.residual.model.Manifest;
import java.io.Serializable;

/**
 * The per-entity threshold rule, free of Flink so that it can be tested and replayed on its own.
 * All it remembers lives in a {@link ThresholdState}, which it reads and updates in place.
 *
 * <ul>
 *   <li><b>Estimate.</b> A time-decayed mean and variance of log(score + epsilon); a record's
 *       weight halves every {@link ThresholdConfig#halfLifeMillis()} of event time after it. A
 *       record older than the latest one absorbed decays nothing: out-of-order data must not make
 *       the past fade faster. Negative scores count as zero, since scores are errors.
 *   <li><b>Threshold.</b> exp(mean + k·sd) − epsilon, never below floor-ratio × the global
 *       threshold. The spread sd is the entity's own, or a fixed one from the bundle's validation
 *       scores: thousands of validation rows measure it far better than an entity's few hundred
 *       records, whose estimate a slow drift just below the threshold inflates, so that the
 *       threshold runs away from the drift it should catch. Until the entity has absorbed
 *       warm-up-records normal records, the bundle's global threshold applies instead.
 *   <li><b>Censoring.</b> Only scores at or below the threshold update the estimate, so an incident
 *       cannot raise the bar it is measured against, until its episode has lasted {@link
 *       ThresholdConfig#rebaselineAfterMillis()}: then it is the entity's new level.
 *   <li><b>Episodes.</b> With no episode open, the {@link ThresholdConfig#confirmRecords()}-th
 *       anomalous record in a row (the first, by default) is an {@link Decision.Kind#ALERT} and
 *       opens an episode that starts at the first record of that run; the run's earlier records are
 *       {@link Decision.Kind#PENDING}, and a normal record before the N-th ends the run without an
 *       episode. Later anomalous records are {@link Decision.Kind#IN_EPISODE} until cool-down of
 *       event time has passed since the episode's last anomalous record. Normal records in between
 *       do not end an episode: flapping around the threshold is one incident. Pending records are
 *       anomalous like any other: censored, never absorbed into the estimate.
 *   <li><b>Non-finite scores</b> (NaN, ±infinity) are anomalous and never touch the estimate. The
 *       decoder has already refused non-finite features, so such a score means the model broke down
 *       on this input: a person should look, and the state stays usable. Such a record alerts at
 *       once, whatever confirm-records says (the episode starts at the pending run's first record
 *       when one was under way): no later record can make a broken model more certain.
 *   <li><b>Smoothing.</b> With {@link ThresholdConfig#smoothingMillis()} above 0, what is judged,
 *       absorbed into the estimate (normal records, and an episode's after rebaseline-after) and
 *       reported in the {@link Decision} is not the record's score but the entity's smoothed score
 *       ({@link ScoreSmoothing}), so the estimate's spread is that of the smoothed series; while
 *       the entity warms up, the global threshold judges the smoothed score. Non-finite scores
 *       bypass it, as above. Off (0), nothing of it runs and the state's smoothing fields stay 0.
 *       The state records the setting its estimate was learned with: restored under another one
 *       (the option turned on or off, or its half-life changed, on a savepoint), an entity warms up
 *       again rather than judge one series by the spread of the other.
 *   <li><b>Another model.</b> Likewise the state records the {@link BundleIdentity} of the model
 *       whose scores it learned: restored under another bundle, or from a savepoint written before
 *       it recorded one, an entity warms up again rather than judge the new model's scores by the
 *       old model's level.
 * </ul>
 */
public final class RollingThreshold implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Epsilon as a fraction of the global threshold. log(0) must stay finite, and a scale-free
     * constant would be huge for one model and negligible for another; a thousandth of the global
     * threshold is far below the floor, so it does not move any threshold that matters.
     */
    static final double EPSILON_RATIO = Manifest.Calibration.LOG_EPSILON_RATIO;

    private static final double LN2 = Math.log(2);
    private static final double DAY_MILLIS = 24 * 3600 * 1000.0;

    private final ThresholdConfig config;
    private final double globalThreshold;
    private final double epsilon;
    private final double floor;
    private final double fixedSpread;
    private final ScoreSmoothing smoothing;
    private final long bundle;

    /**
     * A rule that learns each entity's spread of log scores.
     *
     * @param config the checked parameters
     * @param globalThreshold the bundle's calibrated threshold; finite and positive
     */
    public RollingThreshold(ThresholdConfig config, double globalThreshold) {
        this(config, globalThreshold, Double.NaN);
    }

    /**
     * A rule that learns each entity's level and uses {@code fixedSpread} as the standard deviation
     * of its log scores; NaN to learn the spread too.
     */
    public RollingThreshold(ThresholdConfig config, double globalThreshold, double fixedSpread) {
        this(config, globalThreshold, fixedSpread, BundleIdentity.UNKNOWN);
    }

    /**
     * A rule for the scores of the model whose {@link BundleIdentity} is {@code bundle}: an
     * entity's estimate learned under another model, or an unknown one, is learned again. {@link
     * BundleIdentity#UNKNOWN} for a rule that does not check (a replay, where every state is new).
     */
    public RollingThreshold(
            ThresholdConfig config, double globalThreshold, double fixedSpread, long bundle) {
        if (config == null) {
            throw new IllegalArgumentException("threshold config must be set");
        }
        if (!(globalThreshold > 0) || !Double.isFinite(globalThreshold)) {
            throw new IllegalArgumentException(
                    "global threshold (the bundle's calibration.threshold) must be > 0 and"
                            + " finite, got "
                            + globalThreshold);
        }
        this.config = config;
        this.globalThreshold = globalThreshold;
        this.epsilon = EPSILON_RATIO * globalThreshold;
        this.floor = config.floorRatio() * globalThreshold;
        if (!Double.isNaN(fixedSpread) && !(fixedSpread >= 0 && Double.isFinite(fixedSpread))) {
            throw new IllegalArgumentException(
                    "log score spread must be finite and >= 0, got " + fixedSpread);
        }
        this.fixedSpread = fixedSpread;
        this.smoothing = new ScoreSmoothing(config.smoothingMillis(), epsilon);
        this.bundle = bundle;
    }

    /** The parameters this rule runs with. */
    public ThresholdConfig config() {
        return config;
    }

    /** The bundle's calibrated threshold, used while an entity warms up. */
    public double globalThreshold() {
        return globalThreshold;
    }

    /** True while the entity has absorbed fewer normal records than the warm-up needs. */
    public boolean isWarmingUp(ThresholdState state) {
        return state.normalRecords < config.warmupRecords();
    }

    /** The threshold the entity's next score will be compared with. */
    public double currentThreshold(ThresholdState state) {
        if (isWarmingUp(state)) {
            return globalThreshold;
        }
        double sd =
                Double.isNaN(fixedSpread)
                        ? Math.sqrt(Math.max(0.0, state.logM2 / state.weight))
                        : fixedSpread;
        double own = Math.exp(state.logMean + sigmas(state) * sd) - epsilon;
        return Math.max(floor, own);
    }

    /**
     * {@link ThresholdConfig#sigmas()}, or with an alert budget the standard normal quantile that
     * normal records exceed at budget / the entity's records per day: at most that many anomalous
     * records a day, so at most that many alerts (an episode's later records do not alert). Until
     * the entity's records span some event time, its rate is unknown and the sigmas apply.
     */
    double sigmas(ThresholdState state) {
        double budget = config.alertBudgetPerDay();
        if (budget <= 0 || state.records < 2 || state.latestTs <= state.firstTs) {
            return config.sigmas();
        }
        double days = ((double) state.latestTs - (double) state.firstTs) / DAY_MILLIS;
        double perDay = (state.records - 1) / days;
        double p = Math.min(0.5, budget / perDay);
        return NormalQuantile.upper(p);
    }

    /**
     * Judges one score (with threshold.smoothing, the entity's smoothed score after it) against the
     * entity's current threshold and updates the state: the estimate when the judged score is
     * normal, the episode when it is not.
     *
     * @param ts the record's event time, epoch millis
     */
    public Decision observe(ThresholdState state, double score, long ts) {
        if (state.smoothingMillis != config.smoothingMillis() || state.bundle != bundle) {
            relearn(state);
        }
        // Before the record is counted: the smoothing decays from the latest event time before it.
        double judged = smoothing.observe(state, score, ts);
        boolean smoothed = smoothing.isOn() && Double.isFinite(score);
        countRecord(state, ts);
        boolean warmingUp = isWarmingUp(state);
        double threshold = currentThreshold(state);
        if (Double.isFinite(judged) && judged <= threshold) {
            absorb(state, judged, ts);
            endPendingRun(state);
            return new Decision(Decision.Kind.NORMAL, judged, smoothed, threshold, warmingUp);
        }
        Decision.Kind kind = openOrExtendEpisode(state, ts, Double.isFinite(judged));
        if (kind == Decision.Kind.IN_EPISODE
                && Double.isFinite(judged)
                && (double) ts - (double) state.episodeStart >= config.rebaselineAfterMillis()) {
            absorb(state, judged, ts);
        }
        return new Decision(kind, judged, smoothed, threshold, warmingUp);
    }

    /**
     * The entity's estimate was learned under another threshold.smoothing (a job restored from a
     * savepoint with the option changed): of the raw scores when they are now smoothed, or the
     * reverse; or from another model's scores (a new bundle deployed from a savepoint), which may
     * lie on another scale. Either way its level and spread do not apply. The entity warms up
     * again, judged by the global threshold meanwhile; its episode, its rate and its event times
     * stay.
     */
    private void relearn(ThresholdState state) {
        state.normalRecords = 0;
        state.weight = 0.0;
        state.logMean = 0.0;
        state.logM2 = 0.0;
        state.lastUpdateTs = ThresholdState.NONE;
        state.smoothWeight = 0.0;
        state.smoothLogMean = 0.0;
        state.smoothingMillis = config.smoothingMillis();
        state.bundle = bundle;
    }

    /** True when an anomalous record at {@code ts} would belong to the episode already open. */
    public boolean inEpisode(ThresholdState state, long ts) {
        // Absolute distance: a record far out of order must not join, or hold open, an episode.
        return state.lastAnomalousTs != ThresholdState.NONE
                && Math.abs((double) ts - (double) state.lastAnomalousTs) < config.cooldownMillis();
    }

    /** The entity's record count and event-time span, which give its rate for an alert budget. */
    private static void countRecord(ThresholdState state, long ts) {
        if (state.firstTs == ThresholdState.NONE || ts < state.firstTs) {
            state.firstTs = ts;
        }
        if (state.latestTs == ThresholdState.NONE || ts > state.latestTs) {
            state.latestTs = ts;
        }
        if (state.records < Long.MAX_VALUE) {
            state.records++;
        }
    }

    private void absorb(ThresholdState state, double score, long ts) {
        double x = logScore(score, epsilon);
        double decay = decay(state.lastUpdateTs, ts, config.halfLifeMillis());
        double weight = decay * state.weight + 1.0;
        double delta = x - state.logMean;
        double mean = state.logMean + delta / weight;
        // West's weighted update: the older deviations shrink with their weights.
        state.logM2 = decay * state.logM2 + delta * (x - mean);
        state.logMean = mean;
        state.weight = weight;
        state.lastUpdateTs = Math.max(state.lastUpdateTs, ts);
        if (state.normalRecords < Integer.MAX_VALUE) {
            state.normalRecords++;
        }
    }

    /** What the estimate and the smoothing average: log(score + epsilon), negatives as zero. */
    static double logScore(double score, double epsilon) {
        return Math.log(Math.max(score, 0.0) + epsilon);
    }

    /**
     * 2^(−(ts − since) / halfLife): how much weight a record at {@code since} keeps at {@code ts};
     * 1 when {@code since} is not set or not before {@code ts} (out-of-order data must not make the
     * past fade faster).
     */
    static double decay(long since, long ts, long halfLifeMillis) {
        if (since == ThresholdState.NONE || ts <= since) {
            return 1.0;
        }
        // In doubles: a wild event time must not overflow the subtraction.
        double elapsed = (double) ts - (double) since;
        return Math.exp(-LN2 * elapsed / halfLifeMillis);
    }

    /**
     * The anomalous record joins the open episode, or counts towards confirming a new one, which it
     * opens when it is the confirm-records-th in a row or its score is not finite.
     */
    private Decision.Kind openOrExtendEpisode(ThresholdState state, long ts, boolean finite) {
        if (inEpisode(state, ts)) {
            endPendingRun(state);
            if (state.episodeRecords < Integer.MAX_VALUE) {
                state.episodeRecords++;
            }
            // A late record must not pull the episode's end back.
            state.lastAnomalousTs = Math.max(state.lastAnomalousTs, ts);
            return Decision.Kind.IN_EPISODE;
        }
        if (state.pendingRecords > 0
                && Math.abs((double) ts - (double) state.pendingStart) >= config.cooldownMillis()) {
            // A run must be confirmed within one cool-down of its first record: a blip must not
            // date, or hasten the rebaseline of, an incident that comes much later.
            endPendingRun(state);
        }
        if (state.pendingRecords == 0) {
            state.pendingStart = ts;
        }
        // Never beyond confirm-records (at most 1,000,000): the run opens an episode there.
        state.pendingRecords++;
        if (finite && state.pendingRecords < config.confirmRecords()) {
            return Decision.Kind.PENDING;
        }
        state.episodeStart = state.pendingStart;
        state.episodeRecords = state.pendingRecords;
        state.lastAnomalousTs = ts;
        endPendingRun(state);
        return Decision.Kind.ALERT;
    }

    private static void endPendingRun(ThresholdState state) {
        state.pendingRecords = 0;
        state.pendingStart = ThresholdState.NONE;
    }
}
