package dev.residual.cli;

import dev.residual.eval.SyntheticFleet.Injection;
import dev.residual.eval.SyntheticFleet.Kind;
import dev.residual.io.AnomalyEvent;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Matches alerts to injected incidents: an alert catches an incident when it is for the same entity
 * and falls between the incident's first record and its last record plus a grace period (the
 * cool-down). Any other alert is a false alert.
 */
record IncidentScore(int injected, int caught, int falseAlerts, Map<Kind, int[]> byKind) {

    static IncidentScore of(
            List<Injection> injections,
            List<AnomalyEvent> alerts,
            long startMillis,
            long intervalMillis,
            long graceMillis) {
        Map<Kind, int[]> byKind = new EnumMap<>(Kind.class);
        int caught = 0;
        boolean[] used = new boolean[alerts.size()];
        for (Injection inj : injections) {
            long from = startMillis + inj.start() * intervalMillis;
            long to = startMillis + (inj.start() + inj.length() - 1) * intervalMillis + graceMillis;
            boolean hit = false;
            for (int i = 0; i < alerts.size(); i++) {
                AnomalyEvent a = alerts.get(i);
                if (a.entity.equals(inj.entity()) && a.ts >= from && a.ts <= to) {
                    used[i] = true;
                    hit = true;
                }
            }
            int[] counts = byKind.computeIfAbsent(inj.kind(), k -> new int[2]);
            counts[0]++;
            if (hit) {
                counts[1]++;
                caught++;
            }
        }
        int falseAlerts = 0;
        for (boolean u : used) {
            if (!u) {
                falseAlerts++;
            }
        }
        return new IncidentScore(injections.size(), caught, falseAlerts, byKind);
    }
}
