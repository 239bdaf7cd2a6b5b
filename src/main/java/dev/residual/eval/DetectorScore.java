package dev.residual.eval;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One detector's figures on the test rows of a data set: the row of results.json and results.md.
 * FAR and MAR are percentages, as SKAB prints them; NAB scores are NaN (null in JSON) where the
 * data marks no change points. {@code nab_standard_chance} is NAB-standard with the same number of
 * predicted change points per entity put on random rows ({@link NabScorer#chance}): the level a
 * detector's NAB must clear before it says anything about where it puts them. Test rows a windowed
 * model leaves unscored (the first W − 1 of an entity's run) count as not flagged and rank lowest;
 * {@code unscored_test_rows} says how many.
 */
public record DetectorScore(
        @JsonProperty("dataset") String dataset,
        @JsonProperty("detector") String detector,
        @JsonProperty("precision") double precision,
        @JsonProperty("recall") double recall,
        @JsonProperty("f1") double f1,
        @JsonProperty("far") double far,
        @JsonProperty("mar") double mar,
        @JsonProperty("episodes") long episodes,
        @JsonProperty("episodes_caught") long episodesCaught,
        @JsonProperty("event_recall") double eventRecall,
        @JsonProperty("alerts") long alerts,
        @JsonProperty("false_alerts") long falseAlerts,
        @JsonProperty("false_alerts_per_entity_day") double falseAlertsPerEntityDay,
        @JsonProperty("detection_delay_s") double detectionDelaySeconds,
        @JsonProperty("nab_standard") double nabStandard,
        @JsonProperty("nab_standard_chance") double nabStandardChance,
        @JsonProperty("nab_low_fp") double nabLowFp,
        @JsonProperty("nab_low_fn") double nabLowFn,
        @JsonProperty("roc_auc") double rocAuc,
        @JsonProperty("pr_auc") double prAuc,
        @JsonProperty("test_rows") long testRows,
        @JsonProperty("unscored_test_rows") long unscoredTestRows) {

    /**
     * Scores {@code output} against the labels of {@code set}, on the rows the protocol keeps for
     * testing, pooled over entities. The only place where labels are read.
     */
    public static DetectorScore of(LabelledSet set, DetectorOutput output) {
        PointMetrics points = new PointMetrics(0, 0, 0, 0);
        EventMetrics events = new EventMetrics();
        NabScorer nab = new NabScorer(NabScorer.SKAB_WINDOW_MILLIS);
        int total = 0;
        for (LabelledSet.Entity e : set.entities()) {
            total += testCount(e.rows().train());
        }
        double[] scores = new double[total];
        boolean[] labels = new boolean[total];
        int k = 0;
        long unscored = 0;
        for (LabelledSet.Entity e : set.entities()) {
            DetectorOutput.Verdicts v = output.of(e.rows().name());
            int[] test = testIndices(e.rows().train());
            long[] ts = pick(e.rows().ts(), test);
            boolean[] truth = pick(e.anomaly(), test);
            boolean[] flagged = pick(v.flagged(), test);
            points = points.plus(PointMetrics.of(truth, flagged));
            events.add(ts, truth, flagged, pick(v.alert(), test));
            if (set.hasChangepoints() && output.alertsAreChangePoints()) {
                nab.addAlerts(ts, pick(e.changepoint(), test), pick(v.alert(), test));
            } else if (set.hasChangepoints()) {
                nab.add(ts, pick(e.changepoint(), test), flagged);
            }
            for (int i : test) {
                // An unscored row (a window's or baseline's warm-up) ranks below every scored one.
                double s = v.score()[i];
                unscored += Double.isNaN(s) ? 1 : 0;
                scores[k] = Double.isNaN(s) ? Double.NEGATIVE_INFINITY : s;
                labels[k++] = e.anomaly()[i];
            }
        }
        return new DetectorScore(
                set.name(),
                output.name(),
                points.precision(),
                points.recall(),
                points.f1(),
                points.farPercent(),
                points.marPercent(),
                events.episodes(),
                events.caught(),
                events.recall(),
                events.alerts(),
                events.falseAlerts(),
                events.falseAlertsPerEntityDay(),
                events.meanDelaySeconds(),
                nab.score(NabScorer.Profile.STANDARD),
                nab.chance(NabScorer.Profile.STANDARD),
                nab.score(NabScorer.Profile.LOW_FP),
                nab.score(NabScorer.Profile.LOW_FN),
                RankMetrics.rocAuc(scores, labels),
                RankMetrics.prAuc(scores, labels),
                total,
                unscored);
    }

    private static int testCount(boolean[] train) {
        int n = 0;
        for (boolean t : train) {
            n += t ? 0 : 1;
        }
        return n;
    }

    private static int[] testIndices(boolean[] train) {
        int[] out = new int[testCount(train)];
        int k = 0;
        for (int i = 0; i < train.length; i++) {
            if (!train[i]) {
                out[k++] = i;
            }
        }
        return out;
    }

    private static long[] pick(long[] a, int[] idx) {
        long[] out = new long[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = a[idx[i]];
        }
        return out;
    }

    private static boolean[] pick(boolean[] a, int[] idx) {
        boolean[] out = new boolean[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = a[idx[i]];
        }
        return out;
    }
}
