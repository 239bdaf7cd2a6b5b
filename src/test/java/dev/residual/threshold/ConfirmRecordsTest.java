package dev.residual.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.threshold.Decision.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link RollingThreshold} with threshold.confirm-records: N anomalous records in a row alert. */
class ConfirmRecordsTest {
    private static final double GLOBAL = 1.0;
    private static final long MINUTE = 60_000L;
    private static final long SECOND = 1_000L;

    /** The settings of the SKAB runs, but with a warm-up of 50; confirm-records left default. */
    private static ThresholdConfig.Builder base() {
        return TestStreams.skabSettings();
    }

    private static ThresholdConfig config(int confirmRecords) {
        return base().confirmRecords(confirmRecords).build();
    }

    private static RollingThreshold rule(int confirmRecords) {
        return new RollingThreshold(config(confirmRecords), GLOBAL);
    }

    /** A learned entity: median score 0.1, its threshold near 0.2 (2.33 sigmas of 0.3). */
    private static ThresholdState learned(RollingThreshold rule) {
        ThresholdState s = new ThresholdState();
        Random random = new Random(11);
        for (int i = 0; i < 3000; i++) {
            rule.observe(s, TestStreams.logNormal(random, 0.1, 0.3) * 0.5, i * SECOND);
        }
        return s;
    }

    @Test
    void oneRecordDecidesExactlyAsTheDefaultRule() {
        List<double[]> in = TestStreams.randomStream(3, 5000, false);
        RollingThreshold byDefault = new RollingThreshold(base().build(), GLOBAL);
        ThresholdState a = new ThresholdState();
        ThresholdState b = new ThresholdState();
        List<Decision> expected = TestStreams.replay(byDefault, a, in);
        List<Decision> actual = TestStreams.replay(rule(1), b, in);

        assertThat(actual).isEqualTo(expected);
        assertThat(b).usingRecursiveComparison().isEqualTo(a);
        assertThat(expected).extracting(Decision::kind).doesNotContain(Kind.PENDING);
        assertThat(expected).filteredOn(Decision::isAlert).hasSizeGreaterThan(10);
        // As before the option existed: every alert opens its episode at itself.
        RollingThreshold one = rule(1);
        ThresholdState s = new ThresholdState();
        for (double[] r : in) {
            if (one.observe(s, r[1], (long) r[0]).isAlert()) {
                assertThat(s.episodeStart).isEqualTo((long) r[0]);
                assertThat(s.episodeRecords).isEqualTo(1);
            }
            assertThat(s.pendingRecords).isZero();
        }
    }

    @Test
    void twoAnomalousThenNormalDoNotAlertAndResetTheCount() {
        RollingThreshold rule = rule(3);
        ThresholdState s = learned(rule);
        long t = 10_000 * SECOND;
        assertThat(rule.observe(s, 5.0, t).kind()).isEqualTo(Kind.PENDING);
        assertThat(rule.observe(s, 5.0, t + SECOND).kind()).isEqualTo(Kind.PENDING);
        assertThat(s.pendingRecords).isEqualTo(2);
        assertThat(rule.observe(s, 0.05, t + 2 * SECOND).kind()).isEqualTo(Kind.NORMAL);
        assertThat(s.pendingRecords).isZero();
        assertThat(s.pendingStart).isEqualTo(ThresholdState.NONE);
        assertThat(s.episodeStart).isEqualTo(ThresholdState.NONE);

        // The count starts again: two more are still not three in a row.
        assertThat(rule.observe(s, 5.0, t + 3 * SECOND).kind()).isEqualTo(Kind.PENDING);
        assertThat(rule.observe(s, 5.0, t + 4 * SECOND).kind()).isEqualTo(Kind.PENDING);
        assertThat(rule.observe(s, 5.0, t + 5 * SECOND).kind()).isEqualTo(Kind.ALERT);
        assertThat(s.episodeStart).isEqualTo(t + 3 * SECOND);
    }

    @Test
    void theThirdInARowAlertsAndTheEpisodeStartsAtTheFirst() {
        RollingThreshold rule = rule(3);
        ThresholdState s = learned(rule);
        long t = 10_000 * SECOND;
        List<Kind> kinds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            kinds.add(rule.observe(s, 5.0, t + i * SECOND).kind());
        }
        assertThat(kinds)
                .containsExactly(
                        Kind.PENDING, Kind.PENDING, Kind.ALERT, Kind.IN_EPISODE, Kind.IN_EPISODE);
        assertThat(s.episodeStart).isEqualTo(t);
        assertThat(s.episodeRecords).isEqualTo(5);
        assertThat(s.pendingRecords).isZero();

        // Normal records within the cool-down keep the episode open, as with one record.
        assertThat(rule.observe(s, 0.05, t + 30 * SECOND).kind()).isEqualTo(Kind.NORMAL);
        assertThat(rule.observe(s, 5.0, t + 40 * SECOND).kind()).isEqualTo(Kind.IN_EPISODE);
        // Once it has ended, a new episode needs three in a row again.
        long later = t + 40 * SECOND + MINUTE;
        assertThat(rule.observe(s, 5.0, later).kind()).isEqualTo(Kind.PENDING);
        assertThat(rule.observe(s, 5.0, later + SECOND).kind()).isEqualTo(Kind.PENDING);
        assertThat(rule.observe(s, 5.0, later + 2 * SECOND).kind()).isEqualTo(Kind.ALERT);
        assertThat(s.episodeStart).isEqualTo(later);
        assertThat(s.episodeRecords).isEqualTo(3);
    }

    @Test
    void aRunOlderThanTheCooldownStartsAgainSoABlipCannotDateALaterIncident() {
        RollingThreshold rule = rule(3);
        ThresholdState s = learned(rule);
        long t = 10_000 * SECOND;
        // A blip, then (no record in between) an incident six days later.
        assertThat(rule.observe(s, 5.0, t).kind()).isEqualTo(Kind.PENDING);
        long later = t + 6 * 24 * 60 * MINUTE;
        List<Kind> kinds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            kinds.add(rule.observe(s, 5.0, later + i * SECOND).kind());
        }
        assertThat(kinds).containsExactly(Kind.PENDING, Kind.PENDING, Kind.ALERT, Kind.IN_EPISODE);
        assertThat(s.episodeStart).isEqualTo(later);
        // Not rebaselined: the incident's records did not teach the estimate.
        double mean = s.logMean;
        assertThat(rule.observe(s, 5.0, later + 4 * SECOND).kind()).isEqualTo(Kind.IN_EPISODE);
        assertThat(s.logMean).isEqualTo(mean);
    }

    @Test
    void moreThanOneRecordNeedsACooldown() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> base().cooldown(Duration.ZERO).confirmRecords(2).build())
                .hasMessageContaining("threshold.confirm-records")
                .hasMessageContaining("threshold.cooldown");
        assertThat(base().cooldown(Duration.ZERO).confirmRecords(1).build().confirmRecords())
                .isEqualTo(1);
    }

    @Test
    void pendingRecordsAreCensoredAsAnyAnomalousRecord() {
        List<double[]> in = TestStreams.randomStream(5, 5000, false);
        ThresholdState one = new ThresholdState();
        ThresholdState three = new ThresholdState();
        List<Decision> byOne = TestStreams.replay(rule(1), one, in);
        List<Decision> byThree = TestStreams.replay(rule(3), three, in);

        assertThat(byThree).extracting(Decision::kind).contains(Kind.PENDING);
        // The same records are anomalous, against the same thresholds, and the estimate is the
        // same: no episode lasts threshold.rebaseline-after, so only normal records are absorbed.
        assertThat(byThree)
                .extracting(Decision::isAnomalous)
                .isEqualTo(byOne.stream().map(Decision::isAnomalous).toList());
        assertThat(byThree)
                .extracting(Decision::threshold)
                .isEqualTo(byOne.stream().map(Decision::threshold).toList());
        assertThat(three)
                .usingRecursiveComparison()
                .comparingOnlyFields("normalRecords", "weight", "logMean", "logM2", "lastUpdateTs")
                .isEqualTo(one);
        assertThat(byThree.stream().filter(Decision::isAlert).count())
                .isLessThan(byOne.stream().filter(Decision::isAlert).count());
    }

    @Test
    void aNonFiniteScoreAlertsAtOnce() {
        RollingThreshold rule = rule(3);
        ThresholdState s = learned(rule);
        long t = 10_000 * SECOND;
        assertThat(rule.observe(s, Double.NaN, t).kind()).isEqualTo(Kind.ALERT);
        assertThat(s.episodeStart).isEqualTo(t);

        long later = t + 2 * MINUTE;
        assertThat(rule.observe(s, 5.0, later).kind()).isEqualTo(Kind.PENDING);
        assertThat(rule.observe(s, Double.POSITIVE_INFINITY, later + SECOND).kind())
                .isEqualTo(Kind.ALERT);
        // The run under way is the episode's start.
        assertThat(s.episodeStart).isEqualTo(later);
        assertThat(s.episodeRecords).isEqualTo(2);
    }
}
