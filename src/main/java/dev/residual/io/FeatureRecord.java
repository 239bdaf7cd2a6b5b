package dev.residual.io;

/**
 * A decoded, valid input record: the entity, its event time and its features in the bundle's
 * feature order, plus where it came from so that an alert can point back to it.
 */
public class FeatureRecord {
    public String entity;

    /** Event time, epoch millis. */
    public long ts;

    /** Feature values in the bundle's feature order; every value is finite. */
    public float[] features;

    public String topic;
    public int partition;
    public long offset;

    public FeatureRecord() {}

    public FeatureRecord(
            String entity, long ts, float[] features, String topic, int partition, long offset) {
        this.entity = entity;
        this.ts = ts;
        this.features = features;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }
}
