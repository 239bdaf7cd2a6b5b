package dev.residual.threshold;

import java.io.Serializable;
import java.time.Duration;

/**
 * The parameters of the per-entity rolling threshold, checked once when built so that a wrong value
 * fails the job at submission with a message naming the option and its allowed range.
 *
 * <p>Defaults, and why a production user would expect them:
 *
 * <ul>
 *   <li>{@code threshold.half-life} = 24 h: the estimate averages over a full daily cycle, so the
 *       night shift does not look anomalous to the day shift, yet it follows a re-baselined entity
 *       (after maintenance, a sensor swap) within a few days.
 *   <li>{@code threshold.sigmas}: the job takes it from the bundle's calibration when it is not
 *       set, as the distance of the global threshold above the mean log validation score in
 *       standard deviations, so each entity's threshold sits at the calibrated quantile of its own
 *       scores. 4 (a one-sided normal tail of about 3e-5) for bundles without log statistics.
 *   <li>{@code threshold.warmup-records} = 100: with 100 normal records the log-space mean is known
 *       to a tenth of the spread and the spread to about 7%; until then the bundle's calibrated
 *       global threshold, which is what the model was validated with, judges the entity.
 *   <li>{@code threshold.cooldown} = 10 min: one incident that flaps around the threshold yields
 *       one alert, while a second incident later the same hour still alerts.
 *   <li>{@code threshold.idle-ttl} = 7 days: outlives weekends and maintenance windows, so a paused
 *       entity keeps what it learned, but the state of decommissioned entities goes away.
 *   <li>{@code threshold.top-features} = 3: enough for a person to see what broke without bloating
 *       each event.
 *   <li>{@code threshold.floor-ratio} = 1: an entity's own estimate raises the bar for a noisy
 *       entity but never lowers it below the global threshold. A few hundred censored, correlated
 *       records underestimate the tail of an entity's scores, and thresholds below the calibrated
 *       one were the main source of false alerts on generated fleets; lower it (say to 0.25) to
 *       make steady entities more sensitive.
 *   <li>{@code threshold.rebaseline-after} = 6 h: an episode that long is a new normal (after
 *       maintenance, a recalibrated sensor), not an incident still to report; its records then move
 *       the entity's level, so the entity alerts once and does not stay silent in one endless
 *       episode.
 *   <li>{@code threshold.spread} = bundle: the bundle's spread of log validation scores, measured
 *       on thousands of rows, judges every entity; {@code entity} lets each learn its own.
 *   <li>{@code threshold.alert-budget} = none: when set (say {@code 1/day}), a warm entity's
 *       threshold is the quantile of its log-normal score estimate that normal records exceed that
 *       often, given the entity's record rate in event time, instead of {@code threshold.sigmas}.
 *   <li>{@code threshold.confirm-records} = 1: the first anomalous record with no episode open
 *       alerts, as an alerting rule without a {@code for:} clause. N > 1 alerts only on the N-th
 *       anomalous record in a row, so that a lone normal record above the threshold (at a 0.99
 *       quantile, one in a hundred) opens no episode; the price is N − 1 records of delay. The run
 *       must fall within one {@code threshold.cooldown} of its first record (a run older than that
 *       starts again), so a blip cannot date, or hasten the rebaseline of, an incident days later;
 *       N > 1 therefore needs a cool-down above 0.
 *   <li>{@code threshold.smoothing} = 0 (off): each record is judged on its own score. A half-life
 *       h > 0 judges instead an event-time EWMA of the entity's log scores (a record's weight
 *       halving every h), which turns a flapping incident into one run of anomalous records, but
 *       also lets a lone-record spike (the demo's spike incidents, a one-sample glitch a person
 *       wants to see) pass, diluted by the records before it: off by default so that such spikes
 *       keep alerting. It needs {@code threshold.spread} = entity, since the bundle's spread is
 *       that of unsmoothed validation scores and would put a smoothed series' threshold far too
 *       high; an alert budget or confirm-records apply to the smoothed series unchanged.
 * </ul>
 */
public final class ThresholdConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String HALF_LIFE = "threshold.half-life";
    public static final String SIGMAS = "threshold.sigmas";
    public static final String WARMUP_RECORDS = "threshold.warmup-records";
    public static final String COOLDOWN = "threshold.cooldown";
    public static final String IDLE_TTL = "threshold.idle-ttl";
    public static final String TOP_FEATURES = "threshold.top-features";
    public static final String FLOOR_RATIO = "threshold.floor-ratio";
    public static final String REBASELINE_AFTER = "threshold.rebaseline-after";
    public static final String SPREAD = "threshold.spread";
    public static final String ALERT_BUDGET = "threshold.alert-budget";
    public static final String CONFIRM_RECORDS = "threshold.confirm-records";
    public static final String SMOOTHING = "threshold.smoothing";

    /** {@link #ALERT_BUDGET}: no budget, {@link #SIGMAS} sets the threshold. */
    public static final String NO_BUDGET = "none";

    /** {@link #SPREAD}: the bundle's spread of log validation scores judges every entity. */
    public static final String SPREAD_BUNDLE = "bundle";

    /** {@link #SPREAD}: each entity learns the spread of its own log scores. */
    public static final String SPREAD_ENTITY = "entity";

    public static final Duration DEFAULT_HALF_LIFE = Duration.ofHours(24);
    public static final double DEFAULT_SIGMAS = 4.0;
    public static final int DEFAULT_WARMUP_RECORDS = 100;
    public static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(10);
    public static final Duration DEFAULT_IDLE_TTL = Duration.ofDays(7);
    public static final int DEFAULT_TOP_FEATURES = 3;
    public static final double DEFAULT_FLOOR_RATIO = 1.0;
    public static final Duration DEFAULT_REBASELINE_AFTER = Duration.ofHours(6);
    public static final String DEFAULT_SPREAD = SPREAD_BUNDLE;
    public static final String DEFAULT_ALERT_BUDGET = NO_BUDGET;
    public static final int DEFAULT_CONFIRM_RECORDS = 1;
    public static final Duration DEFAULT_SMOOTHING = Duration.ZERO;

    /**
     * Upper bound of every duration: far beyond any sensible setting, and low enough that adding
     * two of them to an epoch-millis timestamp cannot overflow.
     */
    public static final Duration MAX_DURATION = Duration.ofDays(3650);

    private final long halfLifeMillis;
    private final double sigmas;
    private final int warmupRecords;
    private final long cooldownMillis;
    private final long idleTtlMillis;
    private final int topFeatures;
    private final double floorRatio;
    private final long rebaselineAfterMillis;
    private final boolean entitySpread;
    private final double alertBudgetPerDay;
    private final int confirmRecords;
    private final long smoothingMillis;

    private ThresholdConfig(Builder b) {
        this.halfLifeMillis = checkDuration(HALF_LIFE, b.halfLife, 1);
        this.sigmas = checkSigmas(b.sigmas);
        this.warmupRecords = checkIntRange(WARMUP_RECORDS, b.warmupRecords, 2, 1_000_000);
        this.cooldownMillis = checkDuration(COOLDOWN, b.cooldown, 0);
        this.idleTtlMillis = checkDuration(IDLE_TTL, b.idleTtl, 1);
        this.topFeatures = checkIntRange(TOP_FEATURES, b.topFeatures, 1, 100);
        this.floorRatio = checkFloorRatio(b.floorRatio);
        this.rebaselineAfterMillis = checkDuration(REBASELINE_AFTER, b.rebaselineAfter, 1);
        this.entitySpread = checkSpread(b.spread);
        this.alertBudgetPerDay = parseBudget(b.alertBudget);
        this.confirmRecords = checkIntRange(CONFIRM_RECORDS, b.confirmRecords, 1, 1_000_000);
        if (confirmRecords > 1 && cooldownMillis == 0) {
            throw new IllegalArgumentException(
                    CONFIRM_RECORDS
                            + " = "
                            + confirmRecords
                            + " needs "
                            + COOLDOWN
                            + " > 0: a run of anomalous records must fall within one cool-down"
                            + " of its first");
        }
        this.smoothingMillis = checkSmoothing(b.smoothing, entitySpread);
    }

    /** The defaults documented on this class. */
    public static ThresholdConfig defaults() {
        return builder().build();
    }

    /** A builder that starts from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Event time, in millis, after which a record's weight in the estimate has halved. */
    public long halfLifeMillis() {
        return halfLifeMillis;
    }

    /** How many standard deviations of log(score) above the mean the threshold sits. */
    public double sigmas() {
        return sigmas;
    }

    /** Normal records an entity needs before its own threshold replaces the global one. */
    public int warmupRecords() {
        return warmupRecords;
    }

    /** Event time, in millis, without an anomalous record after which an episode ends. */
    public long cooldownMillis() {
        return cooldownMillis;
    }

    /** Processing time, in millis, without records after which an entity's state is removed. */
    public long idleTtlMillis() {
        return idleTtlMillis;
    }

    /** How many features, by share of the error, an anomaly event names. */
    public int topFeatures() {
        return topFeatures;
    }

    /** The lowest an entity's threshold may go, as a fraction of the global threshold. */
    public double floorRatio() {
        return floorRatio;
    }

    /**
     * Event time, in millis, an episode may last before its records count as the entity's new
     * normal: an entity whose level moved for good alerts once, then relearns its level.
     */
    public long rebaselineAfterMillis() {
        return rebaselineAfterMillis;
    }

    /**
     * True when each entity learns the spread of its own log scores ({@code threshold.spread =
     * entity}), false when the bundle's validation spread judges all of them (the default). Fleets
     * whose machines differ in noise, or a bundle trained on many machines whose pooled spread
     * includes their differences in level, are the case for the entity's own.
     */
    public boolean entitySpread() {
        return entitySpread;
    }

    /**
     * Anomalous records per entity per day of event time that the threshold aims at on normal data
     * ({@code threshold.alert-budget}, such as {@code 1/day}); 0 when there is no budget.
     */
    public double alertBudgetPerDay() {
        return alertBudgetPerDay;
    }

    /**
     * Anomalous records in a row, with no episode open and within one cool-down of the run's first,
     * that it takes to open one ({@code threshold.confirm-records}); 1 alerts on the first.
     */
    public int confirmRecords() {
        return confirmRecords;
    }

    /**
     * Event-time half-life, in millis, of the EWMA of log scores that is judged instead of each
     * record's own score ({@code threshold.smoothing}); 0 when off.
     */
    public long smoothingMillis() {
        return smoothingMillis;
    }

    @Override
    public String toString() {
        return String.format(
                "ThresholdConfig{%s=%d ms, %s=%s, %s=%d, %s=%d ms, %s=%d ms, %s=%d, %s=%s, %s=%d ms,"
                        + " %s=%s, %s=%s, %s=%d, %s=%d ms}",
                HALF_LIFE,
                halfLifeMillis,
                SIGMAS,
                sigmas,
                WARMUP_RECORDS,
                warmupRecords,
                COOLDOWN,
                cooldownMillis,
                IDLE_TTL,
                idleTtlMillis,
                TOP_FEATURES,
                topFeatures,
                FLOOR_RATIO,
                floorRatio,
                REBASELINE_AFTER,
                rebaselineAfterMillis,
                SPREAD,
                entitySpread ? SPREAD_ENTITY : SPREAD_BUNDLE,
                ALERT_BUDGET,
                alertBudgetPerDay > 0 ? alertBudgetPerDay + "/day" : NO_BUDGET,
                CONFIRM_RECORDS,
                confirmRecords,
                SMOOTHING,
                smoothingMillis);
    }

    /** "none", or N per day, hour or minute ("1/day", "0.5/h", "2/min"), as per day. */
    private static double parseBudget(String value) {
        if (value == null || NO_BUDGET.equals(value.trim())) {
            return 0;
        }
        String[] parts = value.trim().split("\\s*/\\s*");
        double perDay = Double.NaN;
        if (parts.length == 2) {
            double unit =
                    switch (parts[1]) {
                        case "day", "d" -> 1;
                        case "h", "hour" -> 24;
                        case "min", "minute" -> 24 * 60;
                        default -> Double.NaN;
                    };
            try {
                perDay = Double.parseDouble(parts[0]) * unit;
            } catch (NumberFormatException e) {
                perDay = Double.NaN;
            }
        }
        if (!(perDay > 0) || !Double.isFinite(perDay)) {
            throw new IllegalArgumentException(
                    ALERT_BUDGET
                            + " must be none or a positive number per day, h or min, e.g. 1/day;"
                            + " got "
                            + value);
        }
        return perDay;
    }

    /**
     * The smoothing half-life in millis; refused below a millisecond (it would silently turn
     * smoothing off) and without the entity spread.
     */
    private static long checkSmoothing(Duration value, boolean entitySpread) {
        long millis = checkDuration(SMOOTHING, value, 0);
        if (millis == 0 && !value.isZero()) {
            throw new IllegalArgumentException(
                    SMOOTHING + " must be 0 (off) or at least 1 ms, got " + value);
        }
        if (millis > 0 && !entitySpread) {
            throw new IllegalArgumentException(
                    SMOOTHING
                            + " = "
                            + millis
                            + " ms needs "
                            + SPREAD
                            + " = "
                            + SPREAD_ENTITY
                            + ": the bundle's spread is that of unsmoothed validation scores, far"
                            + " wider than a smoothed series', and would put the threshold far"
                            + " too high");
        }
        return millis;
    }

    private static boolean checkSpread(String value) {
        if (SPREAD_ENTITY.equals(value)) {
            return true;
        }
        if (SPREAD_BUNDLE.equals(value)) {
            return false;
        }
        throw new IllegalArgumentException(
                SPREAD + " must be " + SPREAD_BUNDLE + " or " + SPREAD_ENTITY + ", got " + value);
    }

    private static long checkDuration(String name, Duration value, long minMillis) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must be set");
        }
        long max = MAX_DURATION.toMillis();
        if (value.isNegative() || value.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(
                    rangeMessage(name, minMillis + " ms", max + " ms", value.toString()));
        }
        long millis = value.toMillis();
        if (millis < minMillis) {
            throw new IllegalArgumentException(
                    rangeMessage(name, minMillis + " ms", max + " ms", millis + " ms"));
        }
        return millis;
    }

    private static int checkIntRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    rangeMessage(name, String.valueOf(min), String.valueOf(max), "" + value));
        }
        return value;
    }

    private static double checkSigmas(double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(SIGMAS + " must be > 0 and finite, got " + value);
        }
        return value;
    }

    private static double checkFloorRatio(double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(rangeMessage(FLOOR_RATIO, "0", "1", "" + value));
        }
        return value;
    }

    private static String rangeMessage(String name, String min, String max, String got) {
        return name + " must be between " + min + " and " + max + ", got " + got;
    }

    /** Collects the parameters; {@link #build()} checks them all. Starts from the defaults. */
    public static final class Builder {
        private Duration halfLife = DEFAULT_HALF_LIFE;
        private double sigmas = DEFAULT_SIGMAS;
        private int warmupRecords = DEFAULT_WARMUP_RECORDS;
        private Duration cooldown = DEFAULT_COOLDOWN;
        private Duration idleTtl = DEFAULT_IDLE_TTL;
        private int topFeatures = DEFAULT_TOP_FEATURES;
        private double floorRatio = DEFAULT_FLOOR_RATIO;
        private Duration rebaselineAfter = DEFAULT_REBASELINE_AFTER;
        private String spread = DEFAULT_SPREAD;
        private String alertBudget = DEFAULT_ALERT_BUDGET;
        private int confirmRecords = DEFAULT_CONFIRM_RECORDS;
        private Duration smoothing = DEFAULT_SMOOTHING;

        private Builder() {}

        public Builder smoothing(Duration smoothing) {
            this.smoothing = smoothing;
            return this;
        }

        public Builder confirmRecords(int confirmRecords) {
            this.confirmRecords = confirmRecords;
            return this;
        }

        public Builder alertBudget(String alertBudget) {
            this.alertBudget = alertBudget;
            return this;
        }

        public Builder spread(String spread) {
            this.spread = spread;
            return this;
        }

        public Builder halfLife(Duration halfLife) {
            this.halfLife = halfLife;
            return this;
        }

        public Builder sigmas(double sigmas) {
            this.sigmas = sigmas;
            return this;
        }

        public Builder warmupRecords(int warmupRecords) {
            this.warmupRecords = warmupRecords;
            return this;
        }

        public Builder cooldown(Duration cooldown) {
            this.cooldown = cooldown;
            return this;
        }

        public Builder idleTtl(Duration idleTtl) {
            this.idleTtl = idleTtl;
            return this;
        }

        public Builder topFeatures(int topFeatures) {
            this.topFeatures = topFeatures;
            return this;
        }

        public Builder floorRatio(double floorRatio) {
            this.floorRatio = floorRatio;
            return this;
        }

        public Builder rebaselineAfter(Duration rebaselineAfter) {
            this.rebaselineAfter = rebaselineAfter;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first parameter out of its allowed range
         */
        public ThresholdConfig build() {
            return new ThresholdConfig(this);
        }
    }
}
