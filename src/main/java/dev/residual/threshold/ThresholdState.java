package dev.residual.threshold;

/**
 * What one entity's rolling threshold remembers, as keyed state: eighteen primitive fields, 132
 * bytes of payload, whatever the history. A Flink POJO so that the state backend neither falls back
 * to Kryo nor loses it when a field is added later (POJO schema evolution).
 *
 * <p>The estimate is of log(score): reconstruction errors are roughly log-normal, so a mean and a
 * spread in log space describe them with two numbers. It is kept as a time-decayed weighted mean
 * and sum of squared deviations (West's incremental algorithm with every older weight scaled down
 * by the decay), which needs no priming value: the first record is the mean. With
 * threshold.smoothing, a second, short weighted mean of log(score + epsilon) is the smoothed score
 * that is judged and absorbed instead of the record's own. {@link RollingThreshold} is the only
 * writer.
 */
public class ThresholdState {
    /** Marks a timestamp that is not set; no event time or timer can take this value. */
    public static final long NONE = Long.MIN_VALUE;

    /** Normal records absorbed into the estimate, saturating; drives the warm-up. */
    public int normalRecords;

    /** Decayed sum of the weights of the absorbed records (each starts at 1). */
    public double weight;

    /** Weighted mean of log(score + epsilon). */
    public double logMean;

    /** Weighted sum of squared deviations from {@link #logMean}; variance = logM2 / weight. */
    public double logM2;

    /** Latest event time absorbed into the estimate, or {@link #NONE}. */
    public long lastUpdateTs = NONE;

    /** Event time of the first anomalous record of the current episode, or {@link #NONE}. */
    public long episodeStart = NONE;

    /** Latest event time of an anomalous record in the current episode, or {@link #NONE}. */
    public long lastAnomalousTs = NONE;

    /** Anomalous records in the current episode; 0 when no episode has been seen. */
    public int episodeRecords;

    /** Processing time of the registered idle-expiry timer, or {@link #NONE}. */
    public long expiryTimer = NONE;

    /** Event time of the first record observed, or {@link #NONE}: with the count, the rate. */
    public long firstTs = NONE;

    /** Latest event time observed, or {@link #NONE}. */
    public long latestTs = NONE;

    /** Records observed, normal or not, saturating. */
    public long records;

    /**
     * Anomalous records in a row with no episode open, not yet the threshold.confirm-records that
     * open one; a normal record resets it to 0, and so does opening or joining an episode.
     */
    public int pendingRecords;

    /**
     * Event time of the first of the {@link #pendingRecords}, or {@link #NONE} when there are none.
     */
    public long pendingStart = NONE;

    /**
     * threshold.smoothing: the decayed sum of the weights of the scores in {@link #smoothLogMean},
     * each starting at 1 and halving every smoothing half-life of event time; 0 when smoothing is
     * off or before the first finite score.
     */
    public double smoothWeight;

    /**
     * threshold.smoothing: weighted mean of log(score + epsilon) over the entity's recent finite
     * scores, exp(smoothLogMean) − epsilon being the smoothed score judged; 0 when smoothing is
     * off.
     */
    public double smoothLogMean;

    /**
     * The threshold.smoothing half-life, in millis, that the estimate ({@link #logMean}, {@link
     * #logM2}) was learned with; 0 without smoothing, as for all state written before the option
     * existed. An estimate of the raw scores must not judge smoothed ones, nor the reverse: when
     * the job runs with another setting, {@link RollingThreshold} has the entity learn again.
     */
    public long smoothingMillis;

    /**
     * The {@link dev.residual.model.BundleIdentity} of the model whose scores the estimate was
     * learned from; {@link dev.residual.model.BundleIdentity#UNKNOWN} (0) in state written before
     * the field existed. A new bundle's scores may lie on another scale: restored under another
     * model (a new bundle deployed from a savepoint), or under an unknown one, {@link
     * RollingThreshold} has the entity learn again.
     */
    public long bundle;

    /** An entity that has seen nothing. */
    public ThresholdState() {}

    /**
     * An independent copy. Heap state backends hand out the stored object itself, so a caller that
     * wants to judge a record without committing the outcome must work on a copy.
     */
    public ThresholdState copy() {
        ThresholdState c = new ThresholdState();
        c.normalRecords = normalRecords;
        c.weight = weight;
        c.logMean = logMean;
        c.logM2 = logM2;
        c.lastUpdateTs = lastUpdateTs;
        c.episodeStart = episodeStart;
        c.lastAnomalousTs = lastAnomalousTs;
        c.episodeRecords = episodeRecords;
        c.expiryTimer = expiryTimer;
        c.firstTs = firstTs;
        c.latestTs = latestTs;
        c.records = records;
        c.pendingRecords = pendingRecords;
        c.pendingStart = pendingStart;
        c.smoothWeight = smoothWeight;
        c.smoothLogMean = smoothLogMean;
        c.smoothingMillis = smoothingMillis;
        c.bundle = bundle;
        return c;
    }

    @Override
    public String toString() {
        return "ThresholdState{normalRecords="
                + normalRecords
                + ", weight="
                + weight
                + ", logMean="
                + logMean
                + ", logM2="
                + logM2
                + ", lastUpdateTs="
                + lastUpdateTs
                + ", episodeStart="
                + episodeStart
                + ", lastAnomalousTs="
                + lastAnomalousTs
                + ", episodeRecords="
                + episodeRecords
                + ", expiryTimer="
                + expiryTimer
                + ", firstTs="
                + firstTs
                + ", latestTs="
                + latestTs
                + ", records="
                + records
                + ", pendingRecords="
                + pendingRecords
                + ", pendingStart="
                + pendingStart
                + ", smoothWeight="
                + smoothWeight
                + ", smoothLogMean="
                + smoothLogMean
                + ", smoothingMillis="
                + smoothingMillis
                + ", bundle="
                + bundle
                + '}';
    }
}
