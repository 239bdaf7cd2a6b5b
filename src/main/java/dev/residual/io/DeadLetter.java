package dev.residual.io;

/**
 * A record that could not be scored: its original bytes and coordinates, and why. Written to the
 * dead-letter topic with the original key and value untouched, and the reason in headers.
 */
public class DeadLetter {
    public byte[] key;
    public byte[] value;
    public String topic;
    public int partition;
    public long offset;
    public long timestamp;

    /** A {@link DeadLetterReason} name. */
    public String reason;

    /** What exactly was wrong, for a person: the field, the value, the expected dimension. */
    public String detail;

    public DeadLetter() {}

    public DeadLetter(RawRecord raw, DeadLetterReason reason, String detail) {
        this.key = raw.key;
        this.value = raw.value;
        this.topic = raw.topic;
        this.partition = raw.partition;
        this.offset = raw.offset;
        this.timestamp = raw.timestamp;
        this.reason = reason.name();
        this.detail = detail;
    }
}
