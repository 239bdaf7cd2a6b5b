package dev.residual.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.residual.model.BundleIdentity;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What an entity's threshold state does when the job is restored under a bundle: the same model
 * keeps its level, another model or one unknown (state written before the state recorded it) has
 * the entity learn again.
 */
class RollingThresholdBundleTest {
    private static final ThresholdConfig CONFIG = TestStreams.skabSettings().build();
    private static final long A = BundleIdentity.ofModel("dense-ae/A");
    private static final long B = BundleIdentity.ofModel("dense-ae/B");

    /** A state past its warm-up under model {@code bundle}. */
    private static ThresholdState learnedUnder(long bundle) {
        RollingThreshold rule = new RollingThreshold(CONFIG, 1.0, Double.NaN, bundle);
        ThresholdState state = new ThresholdState();
        Random random = new Random(11);
        for (int i = 0; i < 200; i++) {
            rule.observe(
                    state, TestStreams.logNormal(random, 0.1, 0.3), TestStreams.T0 + i * 1000L);
        }
        assertThat(rule.isWarmingUp(state)).isFalse();
        return state;
    }

    private static Decision nextUnder(long bundle, ThresholdState state) {
        return new RollingThreshold(CONFIG, 1.0, Double.NaN, bundle)
                .observe(state, 0.1, TestStreams.T0 + 1_000_000L);
    }

    @Test
    void theSameModelKeepsItsLevel() {
        ThresholdState state = learnedUnder(A);
        double level = state.logMean;

        Decision d = nextUnder(A, state);

        assertThat(d.warmingUp()).isFalse();
        assertThat(state.normalRecords).isGreaterThan(100);
        assertThat(state.logMean).isCloseTo(level, within(0.1));
    }

    @Test
    void anotherModelLearnsAgainAndKeepsTheEntitysRate() {
        ThresholdState state = learnedUnder(A);
        long records = state.records;

        Decision d = nextUnder(B, state);

        assertThat(d.warmingUp()).isTrue();
        assertThat(d.threshold()).isEqualTo(1.0);
        assertThat(state.normalRecords).isEqualTo(1);
        assertThat(state.bundle).isEqualTo(B);
        assertThat(state.records).isEqualTo(records + 1);
    }

    @Test
    void stateOfAnUnknownModelLearnsAgain() {
        ThresholdState state = learnedUnder(A);
        state.bundle = BundleIdentity.UNKNOWN;

        assertThat(nextUnder(A, state).warmingUp()).isTrue();
        assertThat(state.bundle).isEqualTo(A);
    }
}
