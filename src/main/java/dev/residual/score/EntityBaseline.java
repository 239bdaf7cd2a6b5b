package dev.residual.score;

import dev.residual.model.Manifest;
import java.io.Serializable;

/**
 * The per-entity baseline rule, free of Flink so that the job, {@code retrain} and {@code evaluate}
 * run the same code: each entity's features standardised by its own rolling mean and spread, so
 * that machines that differ in level look alike to one model. All it remembers lives in a {@link
 * BaselineState}, which it reads and updates in place.
 *
 * <ul>
 *   <li><b>Warm-up.</b> The entity's first warm-up-records records give the mean and variance of
 *       each feature (Welford's algorithm: equal to the two-pass figures). They are not
 *       standardised: the job passes them on unscored, as a window's warm-up, and training leaves
 *       them out.
 *   <li><b>Standardising.</b> After it, z = (x − mean) / sd with the state before the record, so a
 *       record never judges itself. sd is floored at {@link #SPREAD_FLOOR_RATIO} × (|mean| + 1): a
 *       feature constant through the warm-up (a valve closed, a quantised reading) would otherwise
 *       have sd 0 and turn its first change into an infinite z. The floor bounds a step of one part
 *       in a thousand of the level to z of about 1. It is relative to the level, so a feature whose
 *       noise is below a thousandth of its level (pressure in pascals near atmospheric) is judged
 *       by the floor instead of its noise, less sharply: express such a feature relative to its
 *       reference (gauge pressure) before it reaches the job.
 *   <li><b>Following.</b> Then the mean and variance follow the entity by a time-decayed weighted
 *       update (West's, as {@code RollingThreshold}'s estimate): a record's weight halves every
 *       half-life of event time after it; a record older than the newest absorbed decays nothing;
 *       the total weight never decays below the warm-up's records, so that after a long gap the
 *       spread is still that of many records, not of the one after the gap. Each deviation is
 *       clipped to ±clip·sd first (Huber), so that an incident moves the mean by at most clip·sd /
 *       weight per record and the baseline does not learn the incident away. A half-life of 0
 *       freezes the baseline after the warm-up.
 * </ul>
 */
public final class EntityBaseline implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The floor of a feature's spread as a share of its level plus one; see the class comment. */
    public static final double SPREAD_FLOOR_RATIO = 1e-3;

    private static final double LN2 = Math.log(2);

    private final int warmupRecords;
    private final long halfLifeMillis;
    private final double clip;

    /**
     * @param warmupRecords records whose statistics start the baseline, at least 2
     * @param halfLifeMillis event time over which a record's weight halves, 0 to freeze the
     *     baseline after the warm-up
     * @param clip deviations beyond clip standard deviations count as clip, positive
     */
    public EntityBaseline(int warmupRecords, long halfLifeMillis, double clip) {
        if (warmupRecords < 2) {
            throw new IllegalArgumentException(
                    "baseline warm-up must be at least 2 records, got " + warmupRecords);
        }
        if (halfLifeMillis < 0) {
            throw new IllegalArgumentException(
                    "baseline half-life must be 0 (frozen) or positive, got "
                            + halfLifeMillis
                            + " ms");
        }
        if (!(clip > 0) || !Double.isFinite(clip)) {
            throw new IllegalArgumentException(
                    "baseline clip must be positive and finite, got " + clip);
        }
        this.warmupRecords = warmupRecords;
        this.halfLifeMillis = halfLifeMillis;
        this.clip = clip;
    }

    /** The rule a bundle's {@code entity_baseline} block describes; null when it has none. */
    public static EntityBaseline of(Manifest.Baseline block) {
        if (block == null) {
            return null;
        }
        return new EntityBaseline(block.warmupRecords, block.halfLifeMs, block.clip);
    }

    /** The manifest block that describes this rule. */
    public Manifest.Baseline toManifest() {
        Manifest.Baseline b = new Manifest.Baseline();
        b.warmupRecords = warmupRecords;
        b.halfLifeMs = halfLifeMillis;
        b.clip = clip;
        return b;
    }

    public int warmupRecords() {
        return warmupRecords;
    }

    public long halfLifeMillis() {
        return halfLifeMillis;
    }

    public double clip() {
        return clip;
    }

    /**
     * A record standardised by its entity's baseline.
     *
     * @param z (x − center) / scale, what the model takes
     * @param center the mean it was standardised with, in feature units
     * @param scale the (floored) standard deviation it was standardised with, in feature units
     */
    public record Standardised(float[] z, float[] center, float[] scale) {
        /**
         * Three new arrays of {@code features} values, for {@link #observe(BaselineState, float[],
         * long, Standardised)} to fill.
         */
        public static Standardised of(int features) {
            return new Standardised(new float[features], new float[features], new float[features]);
        }
    }

    /**
     * Standardises one record of the entity and updates its baseline with it, into new arrays: for
     * callers that keep or pass on what it returns.
     *
     * @param x the record's features, F of them, every one finite
     * @param ts its event time, epoch millis
     * @return the record standardised, or null while the entity warms up
     */
    public Standardised observe(BaselineState state, float[] x, long ts) {
        Standardised out = isWarmingUp(state) ? null : Standardised.of(x.length);
        return observe(state, x, ts, out) ? out : null;
    }

    /**
     * Standardises one record of the entity into {@code out}'s arrays and updates its baseline with
     * it; allocates nothing once the entity has its first record. For callers that are done with
     * {@code out} before the next record, so that one {@code out} serves them all.
     *
     * @param x the record's features, F of them, every one finite
     * @param ts its event time, epoch millis
     * @param out arrays of F values that receive the result; not read, and may be null while the
     *     entity warms up ({@link #isWarmingUp})
     * @return false, {@code out} untouched, while the entity warms up; true once it is filled
     */
    public boolean observe(BaselineState state, float[] x, long ts, Standardised out) {
        if (state.mean == null) {
            state.mean = new double[x.length];
            state.m2 = new double[x.length];
        } else if (state.mean.length != x.length) {
            throw new IllegalArgumentException(
                    "the baseline has " + state.mean.length + " features, the record " + x.length);
        }
        boolean warmingUp = state.records < warmupRecords;
        if (!warmingUp) {
            requireWidth(out, x.length);
        }
        if (state.records < Long.MAX_VALUE) {
            state.records++;
        }
        if (warmingUp) {
            absorb(state, x, ts, 1.0, null);
            return false;
        }
        standardise(state, x, out);
        if (halfLifeMillis > 0) {
            // Never below the warm-up's worth of records: after a gap of many half-lives the
            // old weights would decay to nothing, the variance with them, and the next records
            // would be judged by a spread of one record (a machine's restart after a weekend).
            double decay = decaySinceLast(state, ts);
            decay = Math.max(decay, Math.min(1.0, (warmupRecords - 1) / state.weight));
            absorb(state, x, ts, decay, out.scale());
        }
        return true;
    }

    /** True while the entity has seen fewer records than the warm-up. */
    public boolean isWarmingUp(BaselineState state) {
        return state.records < warmupRecords;
    }

    private static void standardise(BaselineState state, float[] x, Standardised out) {
        float[] z = out.z();
        float[] center = out.center();
        float[] scale = out.scale();
        for (int i = 0; i < x.length; i++) {
            double sd = spread(state, i);
            z[i] = (float) ((x[i] - state.mean[i]) / sd);
            center[i] = (float) state.mean[i];
            scale[i] = (float) sd;
        }
    }

    /** Refuses, before the state changes, arrays that cannot hold a record of F features. */
    private static void requireWidth(Standardised out, int features) {
        if (out == null) {
            throw new IllegalArgumentException(
                    "the entity is past its baseline's warm-up: the record needs arrays for its"
                            + " result");
        }
        if (out.z().length != features
                || out.center().length != features
                || out.scale().length != features) {
            throw new IllegalArgumentException(
                    "the record has "
                            + features
                            + " features, the arrays for its result "
                            + out.z().length
                            + ", "
                            + out.center().length
                            + " and "
                            + out.scale().length);
        }
    }

    /** The feature's standard deviation, floored (see the class comment). */
    static double spread(BaselineState state, int feature) {
        double variance = state.weight > 0 ? Math.max(0.0, state.m2[feature] / state.weight) : 0;
        double floor = SPREAD_FLOOR_RATIO * (Math.abs(state.mean[feature]) + 1.0);
        return Math.max(Math.sqrt(variance), floor);
    }

    /**
     * West's weighted update with the older weights scaled by {@code decay}; each deviation clipped
     * to ±clip·sd when {@code sd} is given (after the warm-up), as is in the warm-up, where decay
     * is 1 and this is Welford's algorithm.
     */
    private void absorb(BaselineState state, float[] x, long ts, double decay, float[] sd) {
        double weight = decay * state.weight + 1.0;
        for (int i = 0; i < x.length; i++) {
            double delta = x[i] - state.mean[i];
            if (sd != null) {
                double bound = clip * sd[i];
                delta = Math.max(-bound, Math.min(bound, delta));
            }
            state.mean[i] += delta / weight;
            state.m2[i] = decay * state.m2[i] + delta * (delta - delta / weight);
        }
        state.weight = weight;
        if (state.lastTs == BaselineState.NONE || ts > state.lastTs) {
            state.lastTs = ts;
        }
    }

    private double decaySinceLast(BaselineState state, long ts) {
        if (state.lastTs == BaselineState.NONE || ts <= state.lastTs) {
            return 1.0;
        }
        // In doubles: a wild event time must not overflow the subtraction.
        double elapsed = (double) ts - (double) state.lastTs;
        return Math.exp(-LN2 * elapsed / halfLifeMillis);
    }

    @Override
    public String toString() {
        return "EntityBaseline(warmup="
                + warmupRecords
                + ", halfLifeMillis="
                + halfLifeMillis
                + ", clip="
                + clip
                + ")";
    }
}
