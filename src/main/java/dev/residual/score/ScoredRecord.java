package dev.residual.score;

import dev.residual.io.FeatureRecord;

/**
 * What the threshold needs of a scored record, and no more: the entity, event time, score and
 * source coordinates, plus the attribution an alert carries, already cut to the top {@code k}
 * features. It crosses the keyBy for every record while alerts are rare, so the full per-feature
 * arrays (features, errors, reconstruction: three float[F]) stay in the scoring operator; shipping
 * them cost more than the threshold itself (42-46% of the threshold threads in the profile).
 *
 * <p>A Flink POJO: public fields, a public no-argument constructor, primitive arrays.
 */
public class ScoredRecord {
    public String entity;

    /** Event time, epoch millis. */
    public long ts;

    public float score;

    public String topic;
    public int partition;
    public long offset;

    /**
     * The sum of all squared feature errors, the denominator of each top feature's share (the sum
     * over every feature, not only the top ones).
     */
    public double errorSum;

    /** Indices of the top features by squared error, largest first (NaN ranks first). */
    public int[] topIndex;

    /** Squared error of each top feature, in scaled units. */
    public float[] topError;

    /** Observed value of each top feature, in feature units. */
    public float[] topValue;

    /** Reconstruction of each top feature in feature units, or null when the model has none. */
    public float[] topExpected;

    /**
     * True for a record the model did not score because its entity had no full window (warm-up, a
     * restart after a gap, or the record came out of order) or no baseline yet (the baseline's
     * warm-up); its score is then NaN, its top features null, and the threshold neither learns from
     * it nor alerts on it.
     */
    public boolean unscored;

    public ScoredRecord() {}

    /**
     * The scored form of {@code record}, keeping the {@code topK} features with the largest errors.
     *
     * @param errors squared errors of the record's features, {@code features} of them from {@code
     *     from} (a row of a row-major batch)
     * @param expected the reconstruction, laid out as {@code errors}, or null
     */
    public static ScoredRecord of(
            FeatureRecord record,
            float score,
            float[] errors,
            float[] expected,
            int from,
            int features,
            int topK) {
        ScoredRecord s = about(record, score);
        double sum = 0;
        for (int i = from; i < from + features; i++) {
            sum += errors[i];
        }
        s.errorSum = sum;
        int k = Math.max(0, Math.min(topK, features));
        s.topIndex = new int[k];
        s.topError = new float[k];
        s.topValue = new float[k];
        s.topExpected = expected == null ? null : new float[k];
        // Selection rather than a sort: k is a handful. A feature is taken once its index is in
        // topIndex[0..rank), so no mark array per record.
        for (int rank = 0; rank < k; rank++) {
            int best = -1;
            for (int i = 0; i < features; i++) {
                // Float.compare ranks NaN above everything, ties keep the lower index.
                if (!taken(s.topIndex, rank, i)
                        && (best < 0 || Float.compare(errors[from + i], errors[from + best]) > 0)) {
                    best = i;
                }
            }
            s.topIndex[rank] = best;
            s.topError[rank] = errors[from + best];
            s.topValue[rank] = valueAt(record.features, best);
            if (expected != null) {
                s.topExpected[rank] = expected[from + best];
            }
        }
        return s;
    }

    /** The scored form of a record whose errors (and reconstruction) are arrays of their own. */
    public static ScoredRecord of(
            FeatureRecord record, float score, float[] errors, float[] expected, int topK) {
        return of(record, score, errors, expected, 0, errors.length, topK);
    }

    private static boolean taken(int[] chosen, int count, int i) {
        for (int r = 0; r < count; r++) {
            if (chosen[r] == i) {
                return true;
            }
        }
        return false;
    }

    private static float valueAt(float[] values, int i) {
        return values != null && i < values.length ? values[i] : Float.NaN;
    }

    /**
     * A record that reaches the threshold without a score (see {@link #unscored}): its entity, time
     * and source, a NaN score and no top features.
     */
    public static ScoredRecord unscored(FeatureRecord record) {
        ScoredRecord s = about(record, Float.NaN);
        s.errorSum = Double.NaN;
        s.unscored = true;
        return s;
    }

    /** The record's entity, time and source with a score, and nothing else yet. */
    private static ScoredRecord about(FeatureRecord record, float score) {
        ScoredRecord s = new ScoredRecord();
        s.entity = record.entity;
        s.ts = record.ts;
        s.score = score;
        s.topic = record.topic;
        s.partition = record.partition;
        s.offset = record.offset;
        return s;
    }
}
