package dev.residual.threshold;

/**
 * How {@link RollingThreshold#observe} judged one record, and against what.
 *
 * @param kind normal, anomalous but not yet confirmed, the alert that opens an episode, or a
 *     further record of an open episode
 * @param score the score compared with the threshold: the record's own, or with threshold.smoothing
 *     the entity's smoothed score after this record (the record's own when it is not finite, since
 *     such a score is never smoothed)
 * @param smoothed true when {@code score} is the smoothed score, false when it is the record's own
 * @param threshold the threshold the score was compared with (before the record was absorbed)
 * @param warmingUp true when that threshold was the global one because the entity is warming up
 */
public record Decision(
        Kind kind, double score, boolean smoothed, double threshold, boolean warmingUp) {

    /** The four outcomes; only {@link #ALERT} becomes an anomaly event. */
    public enum Kind {
        /** At or below the threshold; absorbed into the entity's estimate. */
        NORMAL,
        /**
         * Anomalous with no episode open, but fewer than threshold.confirm-records in a row so far:
         * no event yet. If the run reaches that many, these records are the start of the episode;
         * if a normal record comes first, they were a blip. Never with confirm-records = 1.
         */
        PENDING,
        /**
         * Anomalous and no episode open, the confirm-records-th in a row (the first by default):
         * the record that opens a new episode and its one event.
         */
        ALERT,
        /** Anomalous within the cool-down of the episode's last anomalous record. */
        IN_EPISODE
    }

    /** True for the record that opens a new episode. */
    public boolean isAlert() {
        return kind == Kind.ALERT;
    }

    /** True for any record above the threshold (or non-finite), alerting, pending or not. */
    public boolean isAnomalous() {
        return kind != Kind.NORMAL;
    }
}
