package dev.residual.score;

import dev.residual.io.FeatureRecord;

/**
 * A record with its entity's window, as {@link WindowAssembler} passes it to the scorer: the window
 * of the last W records flattened time-major, oldest first, this record last. A record whose entity
 * has no full window yet (warm-up) or that came older than the entity's newest (out of order) has
 * no window: it is passed on unscored rather than dropped, so that every record reaches the end of
 * the pipeline and is counted. {@link BaselineFunction} passes records on in the same form, its
 * model input the record standardised (one step), none during the baseline's warm-up.
 */
public class WindowedRecord {
    public FeatureRecord record;

    /** {@code W × F} values, {@code x[t·F + f]}, the record at t = W − 1; null when unscored. */
    public float[] window;

    /**
     * Records of the current run this record completes: W for a full window, 1 to W − 1 while the
     * entity warms up, 0 for a record out of order.
     */
    public int steps;

    /**
     * For a bundle with per-entity baselines ({@link BaselineFunction}), the mean each feature was
     * standardised with, in feature units, so that an alert's expected values can be given in them;
     * null otherwise, and for records of a baseline's warm-up.
     */
    public float[] center;

    /** With {@link #center}, the standard deviation each feature was standardised with. */
    public float[] scale;

    /** For Flink's POJO serializer. */
    public WindowedRecord() {}

    public WindowedRecord(FeatureRecord record, float[] window, int steps) {
        this.record = record;
        this.window = window;
        this.steps = steps;
    }
}
