package dev.residual.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.residual.threshold.Decision.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link RollingThreshold} with threshold.smoothing: an event-time EWMA of the log score is judged
 * and learned from instead of each record's score. One record a second, so a smoothing half-life of
 * 10 s is 10 records.
 */
class SmoothingTest {
    private static final double GLOBAL = 1.0;
    private static final long SECOND = 1_000L;
    private static final int HALF_LIFE_RECORDS = 10;
    private static final int LEARNED = 3000;

    /** SKAB's settings, entity spread included, with a warm-up of 50. */
    private static ThresholdConfig.Builder base() {
        return TestStreams.skabSettings().spread(ThresholdConfig.SPREAD_ENTITY);
    }

    private static RollingThreshold unsmoothed() {
        return new RollingThreshold(base().build(), GLOBAL);
    }

    private static RollingThreshold smoothed() {
        return new RollingThreshold(
                base().smoothing(Duration.ofSeconds(HALF_LIFE_RECORDS)).build(), GLOBAL);
    }

    /**
     * An entity that learned {@link #LEARNED} seeded log-normal scores (median 0.1, log sd 0.3),
     * then saw {@code 3 × half-life} records at the median, so that its smoothed score sits at its
     * level rather than wherever the noise left it, and no episode is open.
     */
    private static ThresholdState learned(RollingThreshold rule) {
        ThresholdState s = new ThresholdState();
        Random random = new Random(11);
        for (int i = 0; i < LEARNED; i++) {
            rule.observe(s, TestStreams.logNormal(random, 0.1, 0.3), i * SECOND);
        }
        for (int i = 0; i < 3 * HALF_LIFE_RECORDS; i++) {
            assertThat(rule.observe(s, 0.1, (LEARNED + i) * SECOND).isAnomalous()).isFalse();
        }
        assertThat(rule.inEpisode(s, next(s))).isFalse();
        return s;
    }

    private final RollingThreshold plain = unsmoothed();
    private final RollingThreshold smooth = smoothed();
    private final ThresholdState p = learned(plain);
    private final ThresholdState s = learned(smooth);

    private static long next(ThresholdState s) {
        return s.latestTs + SECOND;
    }

    /** How often the anomalous flag changes from one record to the next. */
    private static int changes(List<Decision> decisions) {
        int changes = 0;
        for (int i = 1; i < decisions.size(); i++) {
            if (decisions.get(i).isAnomalous() != decisions.get(i - 1).isAnomalous()) {
                changes++;
            }
        }
        return changes;
    }

    /**
     * One record whose event time is hours ahead (the decoder accepts up to a day ahead of the
     * Kafka timestamp) makes every later record of the entity "late" against it; ScoreSmoothing
     * gives a late record the weight 2^(-lateness / half-life), here 2^(-8280), i.e. 0, so the
     * smoothed score stays where the stray record left it and a minute-long incident at 100 times
     * the entity's level is judged as that one normal score: it never alerts.
     */
    @Test
    void aStrayFutureRecordDoesNotFreezeTheSmoothedScore() {
        long now = next(s);
        smooth.observe(s, 0.1, now + Duration.ofHours(23).toMillis());
        List<Decision> incident = new ArrayList<>();
        for (int i = 1; i <= 6 * HALF_LIFE_RECORDS; i++) {
            incident.add(smooth.observe(s, 10.0, now + i * SECOND));
        }

        assertThat(incident)
                .as("a minute at 100 times the level, after the stray record")
                .anySatisfy(d -> assertThat(d.isAnomalous()).isTrue());
    }

    @Test
    void offJudgesEachRecordsOwnScoreAndLeavesTheSmoothingAlone() {
        for (String spread :
                List.of(ThresholdConfig.SPREAD_BUNDLE, ThresholdConfig.SPREAD_ENTITY)) {
            List<double[]> in = TestStreams.randomStream(5, 6000, true);
            ThresholdConfig off = base().spread(spread).smoothing(Duration.ZERO).build();
            ThresholdState b = new ThresholdState();
            List<Decision> actual =
                    TestStreams.replay(new RollingThreshold(off, GLOBAL, 0.3), b, in);

            assertThat(b.smoothWeight).isZero();
            assertThat(b.smoothLogMean).isZero();
            assertThat(b.smoothingMillis).isZero();
            assertThat(actual).filteredOn(Decision::isAlert).hasSizeGreaterThan(10);
            for (int i = 0; i < in.size(); i++) {
                // What was judged is the record's own score, bit for bit.
                assertThat(actual.get(i).smoothed()).isFalse();
                assertThat(Double.compare(actual.get(i).score(), in.get(i)[1])).isZero();
            }
        }
    }

    @Test
    void flappingIncidentIsOneAnomalousRunWhenSmoothed() {
        // Every other record above the unsmoothed threshold, the others below it.
        double t = plain.currentThreshold(p);
        List<Decision> byRecord = new ArrayList<>();
        List<Decision> bySmoothed = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double score = i % 2 == 0 ? 1.5 * t : t / 1.5;
            byRecord.add(plain.observe(p, score, next(p)));
            bySmoothed.add(smooth.observe(s, score, next(s)));
        }

        assertThat(changes(byRecord)).isGreaterThanOrEqualTo(150);
        assertThat(changes(bySmoothed)).isEqualTo(1);
        assertThat(bySmoothed.get(0).isAnomalous()).isFalse();
        assertThat(bySmoothed).filteredOn(Decision::isAnomalous).hasSizeGreaterThan(190);
        assertThat(bySmoothed).filteredOn(Decision::isAlert).hasSize(1);
        assertThat(bySmoothed).allSatisfy(d -> assertThat(d.smoothed()).isTrue());
    }

    @Test
    void moderateLoneSpikeAlertsOnlyUnsmoothed() {
        double spike = 2 * plain.currentThreshold(p);

        assertThat(plain.observe(p, spike, next(p)).isAlert()).isTrue();
        Decision d = smooth.observe(s, spike, next(s));
        assertThat(d.kind()).isEqualTo(Kind.NORMAL);
        assertThat(d.score()).isLessThan(d.threshold()).isGreaterThan(0.1);
        // A lasting level that high does alert when smoothed.
        boolean alerted = false;
        for (int i = 0; i < HALF_LIFE_RECORDS && !alerted; i++) {
            alerted = smooth.observe(s, spike, next(s)).isAlert();
        }
        assertThat(alerted).isTrue();
    }

    @Test
    void stepChangeCrossesAfterAboutTheHalfLife() {
        // A step twice as far above the smoothed level (log space) as the threshold: the smoothed
        // mean covers half of it after one half-life.
        double eps = RollingThreshold.EPSILON_RATIO * GLOBAL;
        double level = s.smoothLogMean;
        double bar = Math.log(smooth.currentThreshold(s) + eps);
        double step = Math.exp(level + 2 * (bar - level)) - eps;

        int crossed = 0;
        for (int k = 1; k <= 5 * HALF_LIFE_RECORDS && crossed == 0; k++) {
            if (smooth.observe(s, step, next(s)).isAlert()) {
                crossed = k;
            }
        }
        assertThat(crossed).isBetween(HALF_LIFE_RECORDS - 1, HALF_LIFE_RECORDS + 3);
    }

    @Test
    void dayLongGapLeavesNothingOfTheOldSmoothedScore() {
        for (int i = 0; i < 5; i++) {
            smooth.observe(s, 5.0, next(s));
        }
        assertThat(Math.exp(s.smoothLogMean)).isGreaterThan(0.3);

        Decision d = smooth.observe(s, 0.1, s.latestTs + Duration.ofHours(24).toMillis());
        assertThat(s.smoothWeight).isEqualTo(1.0);
        assertThat(d.score()).isCloseTo(0.1, within(1e-12));
        assertThat(d.kind()).isEqualTo(Kind.NORMAL);
    }

    @Test
    void nonFiniteScoreAlertsAtOnceAndIsNotSmoothed() {
        for (double broken : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            ThresholdState state = learned(smooth);
            ThresholdState without = state.copy();
            long t = next(state);
            double mean = state.smoothLogMean;

            Decision d = smooth.observe(state, broken, t);
            assertThat(d.kind()).isEqualTo(Kind.ALERT);
            assertThat(d.smoothed()).isFalse();
            assertThat(Double.compare(d.score(), broken)).isZero();
            assertThat(state.smoothLogMean).isEqualTo(mean);

            // The next record is smoothed as if the broken one had never come.
            Decision after = smooth.observe(state, 0.3, t + SECOND);
            Decision skipped = smooth.observe(without, 0.3, t + SECOND);
            assertThat(after.score()).isCloseTo(skipped.score(), within(1e-12));
            assertThat(state.smoothWeight).isCloseTo(without.smoothWeight, within(1e-9));
        }
    }

    @Test
    void aLateRecordDecaysNothingAndWeighsWhatItWouldNow() {
        double weight = s.smoothWeight;
        double mean = s.smoothLogMean;
        long latest = s.latestTs;
        // Three half-lives late: it enters with weight 1/8, and the mean is not aged.
        Decision d = smooth.observe(s, 5.0, latest - 3 * HALF_LIFE_RECORDS * SECOND);
        double x = Math.log(5.0 + RollingThreshold.EPSILON_RATIO * GLOBAL);
        assertThat(s.smoothWeight).isCloseTo(weight + 0.125, within(1e-12));
        assertThat(s.smoothLogMean)
                .isCloseTo(mean + 0.125 * (x - mean) / (weight + 0.125), within(1e-12));
        assertThat(s.latestTs).isEqualTo(latest);
        // A score 50 times the median, a minute late, moves the smoothed score by little: no alert,
        // and the records on time after it are judged as before.
        ThresholdState t = learned(smooth);
        Decision late = smooth.observe(t, 5.0, t.latestTs - 60 * SECOND);
        assertThat(late.isAnomalous()).isFalse();
        for (int i = 0; i < 60; i++) {
            assertThat(smooth.observe(t, 0.1, next(t)).isAnomalous()).isFalse();
        }
        assertThat(d.smoothed()).isTrue();
    }

    @Test
    void aRecordMoreThanTenHalfLivesLateSetsTheLatestTimeBackAndEntersAtFullWeight() {
        long jump = s.latestTs - (10 * HALF_LIFE_RECORDS + 1) * SECOND;
        double weight = s.smoothWeight;
        double mean = s.smoothLogMean;
        smooth.observe(s, 0.3, jump);
        double x = Math.log(0.3 + RollingThreshold.EPSILON_RATIO * GLOBAL);
        // A clock jump: the mean and its weight are kept, the record enters as one in order.
        assertThat(s.smoothWeight).isCloseTo(weight + 1, within(1e-12));
        assertThat(s.smoothLogMean).isCloseTo(mean + (x - mean) / (weight + 1), within(1e-12));
        assertThat(s.latestTs).isEqualTo(jump);
        // Ten half-lives late exactly is still a late record: it enters at 2^-10.
        ThresholdState t = learned(smooth);
        double before = t.smoothWeight;
        long latest = t.latestTs;
        smooth.observe(t, 0.3, latest - 10 * HALF_LIFE_RECORDS * SECOND);
        assertThat(t.smoothWeight).isCloseTo(before + Math.pow(2, -10), within(1e-12));
        assertThat(t.latestTs).isEqualTo(latest);
    }

    /**
     * A clock-jump rule that restarted the smoothing at the late record (w = 1, m = x) would judge
     * that record, and the next in-order one (whose dt from it is the whole jump), on their raw
     * scores against a threshold learned from the smoothed series, whose spread is several times
     * narrower. A score that one normal raw record in ten exceeds (median 0.1, log sd 0.3: 0.15 is
     * +1.35 sd) enters at weight 2^-10 when it is ten half-lives late, but one millisecond later it
     * alone is what is judged, and it is anomalous: exactly the flapping the smoothing exists to
     * remove, at every late record or clock jump.
     */
    @Test
    void aRecordJustOverTenHalfLivesLateIsStillJudgedSmoothed() {
        ThresholdState late = learned(smooth);
        long tenHalfLives = 10 * HALF_LIFE_RECORDS * SECOND;

        Decision atTen = smooth.observe(s, 0.15, s.latestTs - tenHalfLives);
        Decision pastTen = smooth.observe(late, 0.15, late.latestTs - tenHalfLives - 1);

        assertThat(atTen.isAnomalous()).as("ten half-lives late").isFalse();
        assertThat(pastTen.isAnomalous())
                .as("ten half-lives and 1 ms late: judged %s raw", pastTen.score())
                .isFalse();
    }

    @Test
    void anEstimateLearnedWithoutSmoothingIsLearnedAgainWhenItIsTurnedOn() {
        // p learned the raw scores; restored into a job with smoothing on, it warms up again.
        assertThat(p.normalRecords).isGreaterThan(LEARNED / 2);
        ThresholdState restored = p.copy();
        Decision first = smooth.observe(restored, 0.1, next(restored));
        assertThat(first.warmingUp()).isTrue();
        assertThat(first.threshold()).isEqualTo(GLOBAL);
        assertThat(restored.normalRecords).isEqualTo(1);
        assertThat(restored.smoothingMillis).isEqualTo(HALF_LIFE_RECORDS * SECOND);
        assertThat(restored.records).isEqualTo(p.records + 1);
        // Once warm again, its threshold is that of an entity that learned with smoothing.
        Random random = new Random(11);
        for (int i = 0; i < LEARNED; i++) {
            smooth.observe(restored, TestStreams.logNormal(random, 0.1, 0.3), next(restored));
        }
        for (int i = 0; i < 3 * HALF_LIFE_RECORDS; i++) {
            smooth.observe(restored, 0.1, next(restored));
        }
        assertThat(smooth.currentThreshold(restored))
                .isCloseTo(smooth.currentThreshold(s), within(0.02 * smooth.currentThreshold(s)));
        assertThat(smooth.currentThreshold(restored)).isLessThan(plain.currentThreshold(p));
    }

    @Test
    void anEstimateLearnedWithSmoothingIsLearnedAgainWhenItIsTurnedOff() {
        ThresholdState restored = s.copy();
        Decision first = plain.observe(restored, 0.1, next(restored));
        assertThat(first.warmingUp()).isTrue();
        assertThat(first.smoothed()).isFalse();
        assertThat(restored.smoothingMillis).isZero();
        assertThat(restored.smoothWeight).isZero();
        assertThat(restored.smoothLogMean).isZero();
        assertThat(restored.normalRecords).isEqualTo(1);
        // And on again later: nothing of the old smoothed mean comes back.
        Decision again = smooth.observe(restored, 0.1, next(restored));
        assertThat(again.score()).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void firstRecordIsItsOwnSmoothedScore() {
        ThresholdState fresh = new ThresholdState();
        Decision d = smooth.observe(fresh, 0.42, 0L);
        assertThat(d.smoothed()).isTrue();
        assertThat(d.score()).isCloseTo(0.42, within(1e-12));
        // Warming up: the global threshold judges the smoothed score.
        assertThat(d.warmingUp()).isTrue();
        assertThat(d.threshold()).isEqualTo(GLOBAL);
        assertThat(fresh.smoothWeight).isEqualTo(1.0);
    }
}
