package dev.residual.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one detector made of every entity's rows: a raw score, whether the row was flagged, and
 * whether it opened an alert (the first flagged row of an episode).
 */
public final class DetectorOutput {
    /** One entity's verdicts, row by row. */
    public record Verdicts(double[] score, boolean[] flagged, boolean[] alert) {
        public Verdicts(int n) {
            this(new double[n], new boolean[n], new boolean[n]);
        }
    }

    private final String name;
    private final boolean alertsAreChangePoints;
    private final Map<String, Verdicts> byEntity = new LinkedHashMap<>();

    /** A detector whose predicted change points are where its flags change, as SKAB takes them. */
    public DetectorOutput(String name) {
        this(name, false);
    }

    private DetectorOutput(String name, boolean alertsAreChangePoints) {
        this.name = name;
        this.alertsAreChangePoints = alertsAreChangePoints;
    }

    /**
     * A detector that predicts change points itself: its alerts, as the job's anomaly events (one
     * at the first record of each episode). NAB scores those rows, not the changes of its flags.
     */
    public static DetectorOutput ofEvents(String name) {
        return new DetectorOutput(name, true);
    }

    public String name() {
        return name;
    }

    /** Whether NAB takes the alert rows as the predicted change points. */
    public boolean alertsAreChangePoints() {
        return alertsAreChangePoints;
    }

    public void put(String entity, Verdicts v) {
        byEntity.put(entity, v);
    }

    public Verdicts of(String entity) {
        Verdicts v = byEntity.get(entity);
        if (v == null) {
            throw new IllegalStateException(name + " has no verdicts for entity " + entity);
        }
        return v;
    }

    /**
     * Alerts for a detector without episodes of its own: a flagged row opens one unless another
     * flagged row lies less than {@code cooldownMillis} before it, as the job's cool-down.
     */
    public static void alertsByCooldown(long[] ts, Verdicts v, long cooldownMillis) {
        long last = Long.MIN_VALUE;
        for (int i = 0; i < ts.length; i++) {
            if (v.flagged()[i]) {
                v.alert()[i] = last == Long.MIN_VALUE || ts[i] - last >= cooldownMillis;
                last = ts[i];
            }
        }
    }
}
