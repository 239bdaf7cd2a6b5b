package dev.residual.io;

import java.util.Objects;

/**
 * The outcome of decoding one {@link RawRecord}: either a {@link FeatureRecord} ready to score, or
 * a {@link DeadLetter} with the reason as an enum, so that callers can count reasons without
 * parsing the dead letter's string field.
 */
public final class DecodeResult {
    private final FeatureRecord record;
    private final DeadLetter deadLetter;
    private final DeadLetterReason reason;

    private DecodeResult(FeatureRecord record, DeadLetter deadLetter, DeadLetterReason reason) {
        this.record = record;
        this.deadLetter = deadLetter;
        this.reason = reason;
    }

    /** A record that can be scored. */
    public static DecodeResult valid(FeatureRecord record) {
        return new DecodeResult(Objects.requireNonNull(record, "record"), null, null);
    }

    /** A record that cannot be scored, kept with its original bytes and coordinates. */
    public static DecodeResult invalid(RawRecord raw, DeadLetterReason reason, String detail) {
        Objects.requireNonNull(reason, "reason");
        return new DecodeResult(null, new DeadLetter(raw, reason, detail), reason);
    }

    public boolean isValid() {
        return record != null;
    }

    /** The decoded record; only for a valid result. */
    public FeatureRecord record() {
        if (record == null) {
            throw new IllegalStateException("not a valid record: " + reason);
        }
        return record;
    }

    /** The dead letter; only for an invalid result. */
    public DeadLetter deadLetter() {
        if (deadLetter == null) {
            throw new IllegalStateException("not a dead letter");
        }
        return deadLetter;
    }

    /** Why the record is a dead letter; null for a valid result. */
    public DeadLetterReason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return isValid()
                ? "valid " + record.entity + "@" + record.ts
                : "dead letter " + reason + ": " + deadLetter.detail;
    }
}
