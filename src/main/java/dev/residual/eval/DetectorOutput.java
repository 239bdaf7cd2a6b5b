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
    private final Map<String, Verdicts> byEntity = new LinkedHashMap<>();

    public DetectorOutput(String name) {
        this.name = name;
    }

    public String name() {
        return name;
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
