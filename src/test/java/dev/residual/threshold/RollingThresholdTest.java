package dev.residual.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.residual.threshold.Decision.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RollingThresholdTest {
    private static final double GLOBAL = 1.0;
    private static final long HOUR = 3_600_000L;
    private static final long MINUTE = 60_000L;
    private static final ThresholdConfig CONFIG =
            ThresholdConfig.builder()
                    .halfLife(Duration.ofHours(1))
                    .warmupRecords(50)
                    .cooldown(Duration.ofMinutes(10))
                    .sigmas(4)
                    .floorRatio(0.25)
                    .build();

    private final RollingThreshold rule = new RollingThreshold(CONFIG, GLOBAL);
    private final Random random = new Random(42);

    /** Feeds log-normal scores, one per {@code step} ms from {@code t}; returns the next ts. */
    private long feed(ThresholdState s, long t, int n, long step, double median, double sigma) {
        for (int i = 0; i < n; i++, t += step) {
            Decision d = rule.observe(s, TestStreams.logNormal(random, median, sigma), t);
            assertThat(d.kind()).as("record %d at %d", i, t).isEqualTo(Kind.NORMAL);
        }
        return t;
    }

    private ThresholdState learned(double median, double sigma) {
        ThresholdState s = new ThresholdState();
        feed(s, 0, 5000, 10_000, median, sigma);
        return s;
    }

    @Test
    void lastingLevelShiftAlertsOnceThenBecomesTheNewNormal() {
        ThresholdState s = learned(0.1, 0.2);
        long t = 100_000_000L;
        long rebaseline = ThresholdConfig.DEFAULT_REBASELINE_AFTER.toMillis();
        assertThat(rule.observe(s, 20.0, t).kind()).isEqualTo(Kind.ALERT);
        int alerts = 0;
        Kind last = null;
        // Ten times the shift at one record a minute: well past the re-baselining point.
        for (long end = t + 3 * rebaseline; t < end; t += MINUTE) {
            last = rule.observe(s, TestStreams.logNormal(random, 10.0, 0.2), t).kind();
            alerts += last == Kind.ALERT ? 1 : 0;
        }
        assertThat(alerts).isZero();
        assertThat(last).as("the new level is normal by now").isEqualTo(Kind.NORMAL);
        assertThat(rule.currentThreshold(s)).isGreaterThan(10.0);
    }

    @Test
    void farOutOfOrderAnomalyNeitherJoinsNorHoldsOpenAnEpisode() {
        ThresholdState s = learned(0.1, 0.2);
        long now = 100_000_000L;
        long day = 24 * 60 * MINUTE;
        assertThat(rule.observe(s, 50.0, now + 30 * day).kind()).isEqualTo(Kind.ALERT);
        // A month earlier than that stray record: a new incident, not part of its episode.
        assertThat(rule.observe(s, 50.0, now).kind()).isEqualTo(Kind.ALERT);
        assertThat(rule.observe(s, 50.0, now + MINUTE).kind()).isEqualTo(Kind.IN_EPISODE);
    }

    /**
     * The estimate's own decay with a record a day ahead: later records are late against its
     * lastUpdateTs and decay nothing until event time catches up, but they enter at full weight
     * (unlike the smoothing's 2^-lateness), so the estimate goes on learning and judging; it only
     * forgets more slowly for that day.
     */
    @Test
    void aStrayFutureRecordLeavesTheEstimateLearningAndJudging() {
        ThresholdState s = learned(0.1, 0.2);
        long now = 5000 * 10_000L;
        assertThat(rule.observe(s, 0.1, now + 23 * HOUR).kind()).isEqualTo(Kind.NORMAL);
        double weight = s.weight;
        long t = feed(s, now, 100, 10_000, 0.1, 0.2);
        assertThat(s.weight).isCloseTo(weight + 100, within(1e-9));
        assertThat(rule.observe(s, 0.6, t).kind()).isEqualTo(Kind.ALERT);
    }

    @Test
    void fixedSpreadFromTheBundleIsNotInflatedByAnEntitysOwnRecords() {
        RollingThreshold own = new RollingThreshold(CONFIG, GLOBAL);
        RollingThreshold fixed = new RollingThreshold(CONFIG, GLOBAL, 0.2);
        ThresholdState a = new ThresholdState();
        ThresholdState b = new ThresholdState();
        long t = 0;
        for (int i = 0; i < 400; i++, t += MINUTE) {
            // A slow drift of scores that stay below the threshold: every one is absorbed.
            double score = TestStreams.logNormal(random, 0.1 * (1 + i / 100.0), 0.2);
            own.observe(a, score, t);
            fixed.observe(b, score, t);
        }
        assertThat(fixed.currentThreshold(b)).isLessThan(own.currentThreshold(a));
    }

    @Test
    void usesGlobalThresholdUntilWarmedUp() {
        ThresholdState s = new ThresholdState();
        assertThat(rule.currentThreshold(s)).isEqualTo(GLOBAL);
        long t = feed(s, 0, 49, MINUTE, 0.1, 0.2);
        assertThat(rule.isWarmingUp(s)).isTrue();
        assertThat(rule.currentThreshold(s)).isEqualTo(GLOBAL);

        Decision spike = rule.observe(s.copy(), 1.5, t);
        assertThat(spike.kind()).isEqualTo(Kind.ALERT);
        assertThat(spike.threshold()).isEqualTo(GLOBAL);
        assertThat(spike.warmingUp()).isTrue();

        // High for this entity but under the global threshold: warm-up lets it through.
        Decision high = rule.observe(s, 0.9, t);
        assertThat(high.kind()).isEqualTo(Kind.NORMAL);
        assertThat(high.warmingUp()).isTrue();
        assertThat(rule.isWarmingUp(s)).isFalse();
        assertThat(rule.currentThreshold(s)).isLessThan(GLOBAL);
    }

    @Test
    void learnsEntityLevelAfterWarmUp() {
        ThresholdState s = learned(0.15, 0.25);
        double expected = 0.15 * Math.exp(4 * 0.25);
        assertThat(rule.currentThreshold(s)).isCloseTo(expected, within(0.1 * expected));
    }

    @Test
    void flagsSpikeAfterWarmUp() {
        ThresholdState s = learned(0.15, 0.25);
        // Well under the global threshold, but four times this entity's threshold.
        Decision d = rule.observe(s, 0.6, 5000 * 10_000L);
        assertThat(d.kind()).isEqualTo(Kind.ALERT);
        assertThat(d.warmingUp()).isFalse();
        assertThat(d.threshold()).isLessThan(0.6);
    }

    @Test
    void oldHistoryFadesWithHalfLife() {
        ThresholdState s = new ThresholdState();
        List<double[]> seen = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 1260; i++, t += MINUTE) {
            double median = i < 1200 ? 0.4 : 0.1; // the level drops for the last hour
            double score = TestStreams.logNormal(random, median, 0.1);
            assertThat(rule.observe(s, score, t).kind()).isEqualTo(Kind.NORMAL);
            seen.add(new double[] {t, Math.log(score + RollingThreshold.EPSILON_RATIO * GLOBAL)});
        }
        // Reference: weights 2^(-age / half-life), computed in one pass over the whole history.
        long now = t - MINUTE;
        double w = 0;
        double wx = 0;
        double wxx = 0;
        for (double[] r : seen) {
            double weight = Math.pow(2, -(now - r[0]) / HOUR);
            w += weight;
            wx += weight * r[1];
            wxx += weight * r[1] * r[1];
        }
        double mean = wx / w;
        assertThat(s.logMean).isCloseTo(mean, within(1e-9));
        assertThat(s.logM2 / s.weight).isCloseTo(wxx / w - mean * mean, within(1e-9));
        // After one half-life at the new level, old and new weigh the same: halfway in log space.
        double eps = RollingThreshold.EPSILON_RATIO * GLOBAL;
        double halfway = (Math.log(0.4 + eps) + Math.log(0.1 + eps)) / 2;
        assertThat(s.logMean).isCloseTo(halfway, within(0.02));
    }

    @Test
    void lateRecordDecaysNothing() {
        ThresholdState s = new ThresholdState();
        rule.observe(s, 0.2, 10 * HOUR);
        rule.observe(s, 0.05, 0); // ten half-lives late: still weighs as much as the first
        double eps = RollingThreshold.EPSILON_RATIO * GLOBAL;
        assertThat(s.weight).isEqualTo(2.0);
        assertThat(s.logMean)
                .isCloseTo((Math.log(0.2 + eps) + Math.log(0.05 + eps)) / 2, within(1e-12));
        assertThat(s.lastUpdateTs).isEqualTo(10 * HOUR);
    }

    @Test
    void anomalousScoresDoNotRaiseThreshold() {
        ThresholdState s = learned(0.15, 0.25);
        double before = rule.currentThreshold(s);
        ThresholdState estimate = s.copy();
        long t = 5000 * 10_000L;
        // Five hours of incident: shorter than threshold.rebaseline-after.
        for (int i = 0; i < 300; i++, t += MINUTE) {
            double score = before * (3 + 7 * random.nextDouble());
            assertThat(rule.observe(s, score, t).isAnomalous()).isTrue();
        }
        assertThat(rule.currentThreshold(s)).isEqualTo(before);
        assertThat(s.normalRecords).isEqualTo(estimate.normalRecords);
        assertThat(s.weight).isEqualTo(estimate.weight);
        assertThat(s.logMean).isEqualTo(estimate.logMean);
        assertThat(s.logM2).isEqualTo(estimate.logM2);
    }

    @Test
    void alertsOncePerEpisode() {
        ThresholdState s = learned(0.15, 0.25);
        long start = 5000 * 10_000L;
        List<Kind> kinds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            kinds.add(rule.observe(s, 2.0, start + i * 2 * MINUTE).kind());
            // Normal records in between do not end the episode.
            rule.observe(s, 0.15, start + i * 2 * MINUTE + MINUTE);
        }
        assertThat(kinds)
                .containsExactly(
                        Kind.ALERT,
                        Kind.IN_EPISODE,
                        Kind.IN_EPISODE,
                        Kind.IN_EPISODE,
                        Kind.IN_EPISODE);
        assertThat(s.episodeStart).isEqualTo(start);
        assertThat(s.episodeRecords).isEqualTo(5);
    }

    @Test
    void alertsAgainOnlyAfterCoolDown() {
        ThresholdState s = learned(0.15, 0.25);
        long first = 5000 * 10_000L;
        long cooldown = CONFIG.cooldownMillis();
        assertThat(rule.observe(s, 2.0, first).kind()).isEqualTo(Kind.ALERT);
        feed(s, first + MINUTE, 9, MINUTE, 0.15, 0.05);

        ThresholdState justBefore = s.copy();
        assertThat(rule.observe(justBefore, 2.0, first + cooldown - 1).kind())
                .isEqualTo(Kind.IN_EPISODE);

        Decision again = rule.observe(s, 2.0, first + cooldown);
        assertThat(again.kind()).isEqualTo(Kind.ALERT);
        assertThat(s.episodeStart).isEqualTo(first + cooldown);
        assertThat(s.episodeRecords).isEqualTo(1);
    }

    @Test
    void floorKeepsSteadyEntityAboveNearZero() {
        ThresholdState s = learned(1e-5, 0.05);
        assertThat(rule.currentThreshold(s)).isEqualTo(CONFIG.floorRatio() * GLOBAL);
        long t = 5000 * 10_000L;
        assertThat(rule.observe(s, 0.2, t).kind()).isEqualTo(Kind.NORMAL);
        assertThat(rule.observe(s, 0.3, t + MINUTE).kind()).isEqualTo(Kind.ALERT);
    }

    @Test
    void nonFiniteScoresAlertAndLeaveEstimateAlone() {
        ThresholdState s = learned(0.15, 0.25);
        double before = rule.currentThreshold(s);
        long t = 5000 * 10_000L;
        assertThat(rule.observe(s, Double.NaN, t).kind()).isEqualTo(Kind.ALERT);
        assertThat(rule.observe(s, Double.POSITIVE_INFINITY, t + 1).kind())
                .isEqualTo(Kind.IN_EPISODE);
        assertThat(rule.observe(s, Double.NEGATIVE_INFINITY, t + 2).kind())
                .isEqualTo(Kind.IN_EPISODE);
        assertThat(rule.currentThreshold(s)).isEqualTo(before).isFinite();
    }

    @Test
    void negativeScoreCountsAsZero() {
        ThresholdState s = new ThresholdState();
        assertThat(rule.observe(s, -3.0, 0).kind()).isEqualTo(Kind.NORMAL);
        assertThat(s.logMean).isEqualTo(Math.log(RollingThreshold.EPSILON_RATIO * GLOBAL));
    }

    @Test
    void rejectsUnusableGlobalThreshold() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new RollingThreshold(CONFIG, bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("global threshold")
                    .hasMessageContaining("got " + bad);
        }
    }
}
