package dev.residual.threshold;

/**
 * How {@link RollingThreshold#observe} judged one record, and against what.
 *
 * @param kind normal, the alert that opens an episode, or a further record of an open episode
 * @param threshold the threshold the score was compared with (before the record was absorbed)
 * @param warmingUp true when that threshold was the global one because the entity is warming up
 */
public record Decision(Kind kind, double threshold, boolean warmingUp) {

    /** The three outcomes; only {@link #ALERT} becomes an anomaly event. */
    public enum Kind {
        /** At or below the threshold; absorbed into the entity's estimate. */
        NORMAL,
        /** Anomalous and no episode open: the first record of a new episode. */
        ALERT,
        /** Anomalous within the cool-down of the episode's last anomalous record. */
        IN_EPISODE
    }

    /** True for the first anomalous record of a new episode. */
    public boolean isAlert() {
        return kind == Kind.ALERT;
    }

    /** True for any record above the threshold, alerting or not. */
    public boolean isAnomalous() {
        return kind != Kind.NORMAL;
    }
}
