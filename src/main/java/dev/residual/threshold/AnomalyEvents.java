package dev.residual.threshold;

import dev.residual.io.AnomalyEvent;
import dev.residual.io.AnomalyEvent.FeatureContribution;
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
     * <p>Top features are those the scoring operator kept ({@link ScoredRecord#topIndex}, the
     * largest squared errors first, a NaN error first of all: it is where the model broke), at most
     * {@code topK} of them; a feature's share is its error over the sum of all errors, NaN when
     * that sum is not a positive finite number. A feature without a name (the names list is shorter
     * than the errors) is called {@code feature[i]} rather than failing the job; {@code expected}
     * is NaN when the model has no reconstruction output.
     *
     * <p>The event's score is the record's own; when {@code decision} judged a smoothed score
     * (threshold.smoothing) that is the event's smoothed score, and severity is the judged score
     * over the threshold, so an alert's severity is above 1 whichever was judged.
     *
     * @param decision the alerting decision: its threshold, and the score it judged
     * @param episodeStart event time of the episode's first anomalous record
     * @param episodeRecords anomalous records in the episode so far
     */
    public static AnomalyEvent of(
            ScoredRecord scored,
            Decision decision,
            String modelId,
            List<String> featureNames,
            int topK,
            long episodeStart,
            int episodeRecords) {
        AnomalyEvent event = new AnomalyEvent();
        event.entity = scored.entity;
        event.ts = scored.ts;
        event.score = widen(scored.score);
        event.threshold = decision.threshold();
        double judged = event.score;
        if (decision.smoothed()) {
            event.smoothedScore = decision.score();
            judged = decision.score();
        }
        event.severity = judged / event.threshold;
        event.model = modelId;
        event.topFeatures = topFeatures(scored, featureNames, topK);
        event.episodeId = scored.entity + "/" + episodeStart;
        event.episodeStart = episodeStart;
        event.episodeRecords = episodeRecords;
        event.sourceTopic = scored.topic;
        event.sourcePartition = scored.partition;
        event.sourceOffset = scored.offset;
        return event;
    }

    static List<FeatureContribution> topFeatures(
            ScoredRecord scored, List<String> featureNames, int topK) {
        int[] index = scored.topIndex;
        if (index == null || index.length == 0) {
            return new ArrayList<>();
        }
        double sum = scored.errorSum;
        boolean shareable = sum > 0 && Double.isFinite(sum);
        int k = Math.min(topK, index.length);
        List<FeatureContribution> top = new ArrayList<>(k);
        for (int rank = 0; rank < k; rank++) {
            top.add(
                    new FeatureContribution(
                            nameOf(featureNames, index[rank]),
                            shareable ? scored.topError[rank] / sum : Double.NaN,
                            widen(scored.topValue[rank]),
                            scored.topExpected == null
                                    ? Double.NaN
                                    : widen(scored.topExpected[rank])));
        }
        return top;
    }

    private static String nameOf(List<String> names, int i) {
        return names != null && i < names.size() ? names.get(i) : "feature[" + i + "]";
    }

    /**
     * The double that prints as the float does: a plain cast would show 4.81f as 4.809999942779541
     * in the alert's JSON. Alerts are rare, so the string round trip is cheap.
     */
    static double widen(float value) {
        return Float.isFinite(value) ? Double.parseDouble(Float.toString(value)) : value;
    }
}
