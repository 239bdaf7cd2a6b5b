package dev.residual.io;

/**
 * A Kafka record as it arrived: its bytes and its coordinates, before any decoding. A Flink POJO,
 * so it crosses the network without Kryo.
 */
public class RawRecord {
    public byte[] key;
    public byte[] value;
    public String topic;
    public int partition;
    public long offset;

    /** The Kafka record timestamp, epoch millis. */
    public long timestamp;

    public RawRecord() {}

    public RawRecord(
            byte[] key, byte[] value, String topic, int partition, long offset, long timestamp) {
        this.key = key;
        this.value = value;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
    }
}
