package dev.residual.threshold;

import dev.residual.io.AnomalyEvent;
import dev.residual.io.AnomalyEvent.FeatureContribution;
import dev.residual.io.FeatureRecord;
import dev.residual.score.ScoredRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link AnomalyEvent} for an alert: the score against its threshold, the episode, the
 * source coordinates and the features that carry most of the reconstruction error.
 */
public final class AnomalyEvents {
    private AnomalyEvents() {}

    /**
     * The event for one alerting record.
     *
     * <p>Top features are the {@code topK} largest {@link ScoredRecord#featureErrors}, largest
     * first (a NaN error ranks first: it is where the model broke); a feature's share is its error
     * over the sum of all errors, NaN when that sum is not a positive finite number. A feature
     * without a name (the names list is shorter than the errors) is called {@code feature[i]}
     * rather than failing the job; {@code expected} is NaN when the model has no reconstruction
     * output.
     *
     * @param threshold the threshold the score was judged against; severity = score / threshold
     * @param episodeStart event time of the episode's first anomalous record
     * @param episodeRecords anomalous records in the episode so far
     */
    public static AnomalyEvent of(
            ScoredRecord scored,
            double threshold,
            String modelId,
            List<String> featureNames,
            int topK,
            long episodeStart,
            int episodeRecords) {
        FeatureRecord record = scored.record;
        AnomalyEvent event = new AnomalyEvent();
        event.entity = record.entity;
        event.ts = record.ts;
        event.score = widen(scored.score);
        event.threshold = threshold;
        event.severity = event.score / threshold;
        event.model = modelId;
        event.topFeatures = topFeatures(scored, featureNames, topK);
        event.episodeId = record.entity + "/" + episodeStart;
        event.episodeStart = episodeStart;
        event.episodeRecords = episodeRecords;
        event.sourceTopic = record.topic;
        event.sourcePartition = record.partition;
        event.sourceOffset = record.offset;
        return event;
    }

    static List<FeatureContribution> topFeatures(
            ScoredRecord scored, List<String> featureNames, int topK) {
        float[] errors = scored.featureErrors;
        if (errors == null || errors.length == 0) {
            return new ArrayList<>();
        }
        double sum = 0;
        for (float e : errors) {
            sum += e;
        }
        boolean shareable = sum > 0 && Double.isFinite(sum);
        int k = Math.min(topK, errors.length);
        List<FeatureContribution> top = new ArrayList<>(k);
        boolean[] taken = new boolean[errors.length];
        // Selection rather than a sort: k is a handful, and no boxing per record.
        for (int rank = 0; rank < k; rank++) {
            int i = largestRemaining(errors, taken);
            taken[i] = true;
            top.add(
                    new FeatureContribution(
                            nameOf(featureNames, i),
                            shareable ? errors[i] / sum : Double.NaN,
                            valueAt(scored.record.features, i),
                            valueAt(scored.expected, i)));
        }
        return top;
    }

    private static int largestRemaining(float[] errors, boolean[] taken) {
        int best = -1;
        for (int i = 0; i < errors.length; i++) {
            // Float.compare ranks NaN above everything, ties keep the lower index.
            if (!taken[i] && (best < 0 || Float.compare(errors[i], errors[best]) > 0)) {
                best = i;
            }
        }
        return best;
    }

    private static String nameOf(List<String> names, int i) {
        return names != null && i < names.size() ? names.get(i) : "feature[" + i + "]";
    }

    private static double valueAt(float[] values, int i) {
        return values != null && i < values.length ? widen(values[i]) : Double.NaN;
    }

    /**
     * The double that prints as the float does: a plain cast would show 4.81f as 4.809999942779541
     * in the alert's JSON. Alerts are rare, so the string round trip is cheap.
     */
    static double widen(float value) {
        return Float.isFinite(value) ? Double.parseDouble(Float.toString(value)) : value;
    }
}
