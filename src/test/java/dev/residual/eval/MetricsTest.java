package dev.residual.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Every metric against a case small enough to work out by hand. */
class MetricsTest {
    private static boolean[] b(int... v) {
        boolean[] out = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] == 1;
        }
        return out;
    }

    private static long[] seconds(int n) {
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = i * 1000L;
        }
        return ts;
    }

    @Test
    void pointMetricsAsSkabPrintsThem() {
        // labels 1 1 1 1 0 0 0 0 0 0, predicted 1 1 1 0 1 0 0 0 0 0: TP 3, FN 1, FP 1, TN 5.
        PointMetrics m =
                PointMetrics.of(b(1, 1, 1, 1, 0, 0, 0, 0, 0, 0), b(1, 1, 1, 0, 1, 0, 0, 0, 0, 0));
        assertThat(m).isEqualTo(new PointMetrics(3, 1, 5, 1));
        assertThat(m.precision()).isEqualTo(0.75);
        assertThat(m.recall()).isEqualTo(0.75);
        assertThat(m.f1()).isEqualTo(3 / (3 + 1.0));
        assertThat(m.farPercent()).isCloseTo(100.0 / 6, within(1e-12));
        assertThat(m.marPercent()).isEqualTo(25.0);
    }

    @Test
    void flaggingEveryRowHasAFalseAlarmRateOfAHundred() {
        PointMetrics m = PointMetrics.of(b(1, 1, 0, 0), b(1, 1, 1, 1));
        assertThat(m.farPercent()).isEqualTo(100.0);
        assertThat(m.f1()).isCloseTo(2 / 3.0, within(1e-12));
    }

    @Test
    void rocAucCountsTiesAsHalf() {
        // positives 0.9, 0.5; negatives 0.5, 0.1: pairs (0.9>0.5) (0.9>0.1) (0.5=0.5) (0.5>0.1).
        double auc = RankMetrics.rocAuc(new double[] {0.9, 0.5, 0.5, 0.1}, b(1, 1, 0, 0));
        assertThat(auc).isCloseTo(3.5 / 4, within(1e-12));
    }

    @Test
    void prAucIsAveragePrecision() {
        // Ranked 0.9 (pos), 0.8 (neg), 0.7 (pos), 0.1 (neg): AP = 1/2 * 1 + 1/2 * 2/3.
        double ap = RankMetrics.prAuc(new double[] {0.9, 0.8, 0.7, 0.1}, b(1, 0, 1, 0));
        assertThat(ap).isCloseTo(0.5 + 1 / 3.0, within(1e-12));
    }

    @Test
    void eventMetricsCountEpisodesDelaysAndFalseAlerts() {
        EventMetrics m = new EventMetrics();
        // Episode rows 2-4 caught at row 3 (1 s late); episode rows 7-8 missed; alert at row 5
        // false.
        m.add(
                seconds(10),
                b(0, 0, 1, 1, 1, 0, 0, 1, 1, 0),
                b(0, 0, 0, 1, 1, 1, 0, 0, 0, 0),
                b(0, 0, 0, 1, 0, 1, 0, 0, 0, 0));
        assertThat(m.episodes()).isEqualTo(2);
        assertThat(m.caught()).isEqualTo(1);
        assertThat(m.recall()).isEqualTo(0.5);
        assertThat(m.meanDelaySeconds()).isEqualTo(1.0);
        assertThat(m.alerts()).isEqualTo(2);
        assertThat(m.falseAlerts()).isEqualTo(1);
        // Ten rows one second apart span 10 s: one false alert in 10 s is 8640 a day.
        assertThat(m.falseAlertsPerEntityDay()).isCloseTo(8640, within(1e-6));
    }

    @Test
    void nabOnASmallExampleWorkedOutByHand() {
        // Change point at 2 s, window [2 s, 6 s]. Predictions 1 from 3 s to 7 s: a change point
        // predicted at 3 s, a quarter into the window (SKAB's tanh at index 250 of 1000), and one
        // at 8 s, outside it: a false positive.
        NabScorer nab = new NabScorer(4000);
        nab.add(seconds(10), b(0, 0, 1, 0, 0, 0, 0, 0, 0, 0), b(0, 0, 0, 1, 1, 1, 1, 1, 0, 0));
        double x = -Math.PI / 2 + 250 * Math.PI / 999;
        double standardTp = 1.11 / 2 * -Math.tanh(x) / Math.tanh(Math.PI / 2) + 1.11 / 2 - 0.11;
        double lowFpTp = 1.22 / 2 * -Math.tanh(x) / Math.tanh(Math.PI / 2) + 1.22 / 2 - 0.22;
        assertThat(standardTp).isCloseTo(0.8415720409613807, within(1e-12));
        // (score - null) / (perfect - null), null = A_fn per window, perfect = A_tp per window.
        assertThat(nab.score(NabScorer.Profile.STANDARD))
                .isCloseTo(100 * (standardTp - 0.11 + 1) / 2, within(1e-9));
        assertThat(nab.score(NabScorer.Profile.LOW_FP))
                .isCloseTo(100 * (lowFpTp - 0.22 + 1) / 2, within(1e-9));
        assertThat(nab.score(NabScorer.Profile.LOW_FN))
                .isCloseTo(100 * (standardTp - 0.11 + 2) / 3, within(1e-9));
        assertThat(nab.score(NabScorer.Profile.STANDARD)).isCloseTo(86.5786, within(1e-4));
    }

    @Test
    void nabScoresThePerfectDetectorHundredAndTheNullOneZero() {
        boolean[] cp = b(0, 0, 1, 0, 0, 0, 0, 0, 0, 0);
        NabScorer perfect = new NabScorer(4000);
        perfect.add(seconds(10), cp, b(0, 0, 1, 1, 1, 1, 1, 1, 1, 1));
        NabScorer nothing = new NabScorer(4000);
        nothing.add(seconds(10), cp, new boolean[10]);
        for (NabScorer.Profile p : NabScorer.Profile.values()) {
            assertThat(perfect.score(p)).isCloseTo(100, within(1e-9));
            assertThat(nothing.score(p)).isCloseTo(0, within(1e-9));
        }
    }

    @Test
    void nabOfAlertsTakesEachAlertAsAChangePoint() {
        // Change point at 2 s, window [2 s, 6 s]. Alerts at 3 s (a quarter into the window) and
        // 8 s (outside it): the same change points as the flag flips of the example above, so the
        // same score; the flags' own end (no flip) is not a prediction.
        NabScorer alerts = new NabScorer(4000);
        alerts.addAlerts(
                seconds(10), b(0, 0, 1, 0, 0, 0, 0, 0, 0, 0), b(0, 0, 0, 1, 0, 0, 0, 0, 1, 0));
        assertThat(alerts.score(NabScorer.Profile.STANDARD)).isCloseTo(86.5786, within(1e-4));
        // One alert only, at the window's start: the best a detector can do.
        NabScorer first = new NabScorer(4000);
        first.addAlerts(
                seconds(10), b(0, 0, 1, 0, 0, 0, 0, 0, 0, 0), b(0, 0, 1, 0, 0, 0, 0, 0, 0, 0));
        assertThat(first.score(NabScorer.Profile.STANDARD)).isCloseTo(100, within(1e-9));
    }

    @Test
    void nabChanceKeepsTheCountOfPredictionsButNotTheirPlace() {
        // 100 rows, one change point at 50 s with a 4 s window: five of the 100 rows lie in it.
        // An alert at 50 s scores 100; the same single alert on a random row misses the window
        // 95 times in 100, and then scores A_fp + A_fn: (-0.11 - 1 + 1) / 2 = -5.5 normalised.
        boolean[] cp = new boolean[100];
        cp[50] = true;
        boolean[] alert = new boolean[100];
        alert[50] = true;
        NabScorer nab = new NabScorer(4000);
        nab.addAlerts(seconds(100), cp, alert);
        assertThat(nab.score(NabScorer.Profile.STANDARD)).isCloseTo(100, within(1e-9));
        assertThat(nab.chance(NabScorer.Profile.STANDARD)).isCloseTo(-5.5, within(1e-9));
        assertThat(nab.chance(NabScorer.Profile.LOW_FP)).isCloseTo(-11, within(1e-9));
        // Drawn from a fixed seed: the same input gives the same reference.
        NabScorer again = new NabScorer(4000);
        again.addAlerts(seconds(100), cp, alert);
        assertThat(again.chance(NabScorer.Profile.STANDARD))
                .isEqualTo(nab.chance(NabScorer.Profile.STANDARD));
    }

    @Test
    void nabChanceOfNoPredictionIsZeroAndOfEveryRowTheScoreItself() {
        boolean[] cp = b(0, 0, 1, 0, 0, 0, 0, 1, 0, 0);
        NabScorer nothing = new NabScorer(2000);
        nothing.addAlerts(seconds(10), cp, new boolean[10]);
        NabScorer everyRow = new NabScorer(2000);
        everyRow.addAlerts(seconds(10), cp, b(1, 1, 1, 1, 1, 1, 1, 1, 1, 1));
        for (NabScorer.Profile p : NabScorer.Profile.values()) {
            assertThat(nothing.chance(p)).isCloseTo(0, within(1e-9));
            // Every row taken: no placement differs from the detector's own.
            assertThat(everyRow.chance(p)).isCloseTo(everyRow.score(p), within(1e-9));
        }
        assertThat(everyRow.score(NabScorer.Profile.STANDARD)).isLessThan(100);
    }

    @Test
    void overlappingNabWindowsAreCutOnTheRight() {
        // Change points at 1 s and 3 s with 4 s windows: the second starts where the first ends
        // (5 s). A prediction at 5 s is in both; the first window takes it at its very end.
        NabScorer nab = new NabScorer(4000);
        nab.add(seconds(10), b(0, 1, 0, 1, 0, 0, 0, 0, 0, 0), b(0, 0, 0, 0, 0, 1, 1, 1, 1, 1));
        double end = NabScorer.scaled(1.0, NabScorer.Profile.STANDARD);
        double start = NabScorer.scaled(0.0, NabScorer.Profile.STANDARD);
        assertThat(end).isCloseTo(-0.11, within(1e-12));
        assertThat(nab.score(NabScorer.Profile.STANDARD))
                .isCloseTo(100 * (end + start + 2) / 4, within(1e-9));
    }

    @Test
    void alertsFollowTheCooldown() {
        DetectorOutput.Verdicts v =
                new DetectorOutput.Verdicts(new double[6], b(1, 1, 0, 0, 1, 1), new boolean[6]);
        DetectorOutput.alertsByCooldown(seconds(6), v, 3000);
        assertThat(v.alert()).containsExactly(true, false, false, false, true, false);
    }
}
