package dev.residual.score;

import org.apache.flink.streaming.api.TimerService;

/**
 * The idle-expiry timer of an entity's keyed state, shared by the keyed functions that keep state
 * per entity. Each entity has one processing-time timer, its timestamp kept in the entity's state
 * so that it can be deleted. Moving it on every record would cost a timer delete and register per
 * record, so the timer is set to now + 1.1 × idle-ttl and moved only once fewer than idle-ttl
 * remain before it fires, i.e. at most once per idle-ttl / 10 of processing time. Hence the timer
 * always lies at least idle-ttl after the entity's latest record: when the entity's current timer
 * fires, the entity has been idle for between 1 and 1.1 × idle-ttl.
 */
public final class IdleExpiry {
    /** Marks a timer that is not set; no processing time can take this value. */
    public static final long NONE = Long.MIN_VALUE;

    private IdleExpiry() {}

    /**
     * Keeps the current entity alive after a record.
     *
     * @param timer the entity's registered timer, or {@link #NONE}
     * @param idleTtlMillis processing time of inactivity after which the entity's state goes
     * @return the entity's timer from now on, to keep in its state
     */
    public static long keepAlive(long timer, TimerService timers, long idleTtlMillis) {
        long now = timers.currentProcessingTime();
        if (timer != NONE && timer - now >= idleTtlMillis) {
            return timer;
        }
        if (timer != NONE) {
            timers.deleteProcessingTimeTimer(timer);
        }
        long next = now + idleTtlMillis + idleTtlMillis / 10;
        timers.registerProcessingTimeTimer(next);
        return next;
    }

    /** Deletes the entity's timer, if it has one, before its state is cleared. */
    public static void cancel(long timer, TimerService timers) {
        if (timer != NONE) {
            timers.deleteProcessingTimeTimer(timer);
        }
    }
}
