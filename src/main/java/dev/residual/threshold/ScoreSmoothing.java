package dev.residual.threshold;

import java.io.Serializable;

/**
 * threshold.smoothing: an event-time exponentially weighted mean of an entity's log scores, kept in
 * two fields of its {@link ThresholdState}, whose value is judged instead of each record's own
 * score. A score that flaps around the threshold inside an incident then stays above it, and a
 * single record moves the mean by its share of the weight only: the streaming detector's usual
 * remedy for point flags that flap (Numenta's anomaly likelihood, process monitoring's EWMA
 * charts).
 *
 * <p>x = log(max(score, 0) + epsilon), as the estimate's; at each record the weight w decays by
 * 2^(−dt / half-life), dt being the event time since the latest record observed, then w = w + 1 and
 * m = m + (x − m) / w: a proper weighted mean, exact at the first record, with no priming value.
 * After a gap of many half-lives the old mean weighs nothing by itself. A record older than the
 * latest decays nothing and enters with weight a = 2^(−lateness / half-life) instead of 1 (w = w +
 * a, m = m + a·(x − m) / w), as if it had decayed since its own time.
 *
 * <p>A record more than {@value #JUMP_HALF_LIVES} half-lives older than the latest is a clock jump,
 * not a late record: the latest came from a clock that was ahead (the decoder accepts event times
 * up to a day after the Kafka timestamp), or this one is behind. Entering every later record at a
 * weight of 2^(−lateness / half-life), nothing, would freeze the smoothed score at the stray
 * record's until event time caught up with it, up to a day of an incident judged as one normal
 * score. Instead the entity's latest event time ({@link ThresholdState#latestTs}) goes back to the
 * record, which enters at weight 1 like a record in order; the mean and its weight are kept, so the
 * record is still judged smoothed (a restart would judge it raw against a threshold learned from
 * smoothed values). What this state cannot avoid, since it cannot tell the stray record from the
 * present: the record after a stray one is judged on nearly its own score, a stray record ahead
 * having aged the mean away, and after one behind the next record being the whole jump later. One
 * or two records go unsmoothed, rather than a day frozen. A genuinely late record that far behind
 * would have entered at a weight below 2^−10; now it weighs as a present one. A non-finite score is
 * not folded in (the mean stays as it was, its weight decaying with the time that passed) and is
 * judged as it is.
 */
final class ScoreSmoothing implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Half-lives of lateness beyond which a record is a clock jump that resets the latest time. */
    static final int JUMP_HALF_LIVES = 10;

    private final long halfLifeMillis;
    private final double epsilon;

    /**
     * @param halfLifeMillis the smoothing half-life; 0 turns smoothing off
     * @param epsilon the constant added before the log, the estimate's
     */
    ScoreSmoothing(long halfLifeMillis, double epsilon) {
        this.halfLifeMillis = halfLifeMillis;
        this.epsilon = epsilon;
    }

    /** True when a finite score is judged by its smoothed value. */
    boolean isOn() {
        return halfLifeMillis > 0;
    }

    /**
     * Folds the record's score into the entity's mean and returns the smoothed score, exp(m) −
     * epsilon; the score itself when smoothing is off (the state untouched) or the score is not
     * finite. Call it before the record's event time is counted in {@link ThresholdState#latestTs}:
     * dt runs from the latest before it, which a clock jump sets back to {@code ts}.
     */
    double observe(ThresholdState state, double score, long ts) {
        if (!isOn()) {
            return score;
        }
        if (isClockJump(state, ts)) {
            state.latestTs = ts;
        }
        // A record in order decays the mean by the time since the latest; a late one decays nothing
        // but enters with the weight it would have now, 2^(-lateness / half-life): a record a
        // minute late must not weigh as much as the present at a half-life of seconds.
        state.smoothWeight *= RollingThreshold.decay(state.latestTs, ts, halfLifeMillis);
        if (!Double.isFinite(score)) {
            return score;
        }
        double weight = RollingThreshold.decay(ts, state.latestTs, halfLifeMillis);
        double x = RollingThreshold.logScore(score, epsilon);
        state.smoothWeight += weight;
        state.smoothLogMean += weight * (x - state.smoothLogMean) / state.smoothWeight;
        return Math.exp(state.smoothLogMean) - epsilon;
    }

    /** Whether {@code ts} lies more than {@link #JUMP_HALF_LIVES} half-lives before the latest. */
    private boolean isClockJump(ThresholdState state, long ts) {
        // In doubles: a wild event time must not overflow the subtraction.
        return state.latestTs != ThresholdState.NONE
                && (double) state.latestTs - (double) ts
                        > JUMP_HALF_LIVES * (double) halfLifeMillis;
    }
}
