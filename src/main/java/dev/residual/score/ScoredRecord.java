package dev.residual.score;

import dev.residual.io.FeatureRecord;

/**
 * A record with its reconstruction error: the score, the per-feature errors (the attribution an
 * alert carries) and, when the model outputs it, the reconstruction in feature units.
 */
public class ScoredRecord {
    public FeatureRecord record;
    public float score;

    /** Squared error per feature, in scaled units; the score graph's {@code feature_errors}. */
    public float[] featureErrors;

    /** The reconstruction in feature units, or null when the model has no such output. */
    public float[] expected;

    /**
     * True for a record the model did not score because its entity had no full window (warm-up, a
     * restart after a gap, or the record came out of order); score and errors are then NaN and
     * null, and the threshold neither learns from it nor alerts on it.
     */
    public boolean unscored;

    public ScoredRecord() {}

    public ScoredRecord(
            FeatureRecord record, float score, float[] featureErrors, float[] expected) {
        this.record = record;
        this.score = score;
        this.featureErrors = featureErrors;
        this.expected = expected;
    }

    /** A record that reaches the threshold without a score (see {@link #unscored}). */
    public static ScoredRecord unscored(FeatureRecord record) {
        ScoredRecord r = new ScoredRecord(record, Float.NaN, null, null);
        r.unscored = true;
        return r;
    }
}
