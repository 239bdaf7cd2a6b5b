package dev.residual.io;

import java.util.ArrayList;
import java.util.List;

/**
 * One alert: an entity whose reconstruction error crossed its threshold, with the features that
 * caused it. The JSON form is in DESIGN.md; {@link AnomalyEventCodec} writes and reads it.
 */
public class AnomalyEvent {
    public String entity;
    public long ts;

    /** The alerting record's own score, never the smoothed one. */
    public double score;

    public double threshold;

    /**
     * With threshold.smoothing, the entity's smoothed score that crossed the threshold; NaN (left
     * out of the JSON) when the record's own score was judged.
     */
    public double smoothedScore = Double.NaN;

    /** The judged score (smoothedScore when set, else score) / threshold. */
    public double severity;

    /** The model id of the bundle that scored the record. */
    public String model;

    public List<FeatureContribution> topFeatures = new ArrayList<>();

    public String episodeId;
    public long episodeStart;
    public int episodeRecords;

    public String sourceTopic;
    public int sourcePartition;
    public long sourceOffset;

    public AnomalyEvent() {}

    /** One feature's part in an anomaly. */
    public static class FeatureContribution {
        public String name;

        /** This feature's share of the squared reconstruction error, 0 to 1. */
        public double share;

        /** The observed value, in feature units. */
        public double value;

        /** The reconstruction, in feature units; NaN when the model does not output it. */
        public double expected;

        public FeatureContribution() {}

        public FeatureContribution(String name, double share, double value, double expected) {
            this.name = name;
            this.share = share;
            this.value = value;
            this.expected = expected;
        }
    }
}
