package dev.residual.eval;

/**
 * Incident-level counts, pooled over entities: a labelled episode (a run of anomalous rows) is
 * caught when a row in it is flagged, with the delay from its first row to the first flagged one;
 * an alert (the first flagged row of a detector's episode) outside every labelled episode is a
 * false alert. Time is the rows' event time, so false alerts are counted per entity per day of
 * data.
 */
public final class EventMetrics {
    private static final double DAY_MILLIS = 24 * 3600 * 1000.0;

    private long episodes;
    private long caught;
    private double delayMillisSum;
    private long alerts;
    private long falseAlerts;
    private double spanMillis;
    private int entities;

    /** Adds one entity's test rows, in time order. */
    public void add(long[] ts, boolean[] labels, boolean[] flagged, boolean[] alert) {
        entities++;
        if (ts.length > 1) {
            // Each row stands for the interval to the next; the last for the mean step.
            spanMillis +=
                    ts[ts.length - 1]
                            - ts[0]
                            + (double) (ts[ts.length - 1] - ts[0]) / (ts.length - 1);
        }
        int i = 0;
        while (i < ts.length) {
            if (!labels[i]) {
                if (alert[i]) {
                    falseAlerts++;
                }
                alerts += alert[i] ? 1 : 0;
                i++;
                continue;
            }
            int start = i;
            int firstFlag = -1;
            while (i < ts.length && labels[i]) {
                alerts += alert[i] ? 1 : 0;
                if (firstFlag < 0 && flagged[i]) {
                    firstFlag = i;
                }
                i++;
            }
            episodes++;
            if (firstFlag >= 0) {
                caught++;
                delayMillisSum += ts[firstFlag] - ts[start];
            }
        }
    }

    public long episodes() {
        return episodes;
    }

    public long caught() {
        return caught;
    }

    public long alerts() {
        return alerts;
    }

    public long falseAlerts() {
        return falseAlerts;
    }

    /** Share of labelled episodes caught; NaN without episodes. */
    public double recall() {
        return episodes == 0 ? Double.NaN : (double) caught / episodes;
    }

    /** Mean delay, in seconds of event time, from an episode's start to its first flag. */
    public double meanDelaySeconds() {
        return caught == 0 ? Double.NaN : delayMillisSum / caught / 1000;
    }

    /** False alerts per entity per day of data. */
    public double falseAlertsPerEntityDay() {
        return spanMillis == 0 ? Double.NaN : falseAlerts / (spanMillis / DAY_MILLIS);
    }

    public int entities() {
        return entities;
    }
}
