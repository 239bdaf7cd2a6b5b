package dev.residual.io;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The decode counters. The per-reason counters live in a {@code reason} key/value group rather than
 * in a group named {@code deadLetters}: a group and a counter of the same name in one group make
 * Flink log a name collision and may hide one of them from reporters.
 */
final class DecodeMetrics {
    static final String GROUP = "residual";
    static final String DECODED = "decoded";
    static final String DEAD_LETTERS = "deadLetters";
    static final String REASON = "reason";

    private final Counter decoded;
    private final Counter deadLetters;
    private final Counter[] byReason;

    DecodeMetrics(MetricGroup operatorGroup) {
        MetricGroup group = operatorGroup.addGroup(GROUP);
        decoded = group.counter(DECODED);
        deadLetters = group.counter(DEAD_LETTERS);
        DeadLetterReason[] reasons = DeadLetterReason.values();
        byReason = new Counter[reasons.length];
        for (DeadLetterReason reason : reasons) {
            byReason[reason.ordinal()] =
                    group.addGroup(REASON, reason.name()).counter(DEAD_LETTERS);
        }
    }

    void decoded() {
        decoded.inc();
    }

    void deadLetter(DeadLetterReason reason) {
        deadLetters.inc();
        byReason[reason.ordinal()].inc();
    }
}
