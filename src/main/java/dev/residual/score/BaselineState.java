package dev.residual.score;

/**
 * What one entity's baseline remembers, as keyed state: a decayed weight, the weighted mean and sum
 * of squared deviations of each feature, the records seen, the latest event time and the
 * idle-expiry timer. Its size is fixed by F whatever the history: two double[F] plus a few dozen
 * bytes (16·F + 56 bytes serialised: 664 at F = 38). A Flink POJO, so that the state backend
 * neither falls back to Kryo nor loses it when a field is added later. {@link EntityBaseline} is
 * the only writer.
 */
public class BaselineState {
    /** Marks a time that is not set; no event time or timer can take this value. */
    public static final long NONE = Long.MIN_VALUE;

    /** Records seen, saturating; the first warm-up-records of them are the warm-up. */
    public long records;

    /** Decayed sum of the weights of the records absorbed (each starts at 1). */
    public double weight;

    /** Weighted mean of each feature; null until the first record. */
    public double[] mean;

    /** Weighted sum of squared deviations of each feature; variance = m2 / weight. */
    public double[] m2;

    /** Latest event time absorbed, or {@link #NONE}. */
    public long lastTs = NONE;

    /** Processing time of the registered idle-expiry timer, or {@link IdleExpiry#NONE}. */
    public long expiryTimer = IdleExpiry.NONE;

    /**
     * The {@link dev.residual.model.BundleIdentity} of the feature names, in order, that the
     * statistics are of; {@link dev.residual.model.BundleIdentity#UNKNOWN} (0) in state written
     * before the field existed. Not of the model: a baseline describes the entity's features, and
     * stays valid under a model retrained on the same ones. See {@link BaselineFunction}.
     */
    public long featureSet;

    /** An entity that has seen nothing. */
    public BaselineState() {}
}
