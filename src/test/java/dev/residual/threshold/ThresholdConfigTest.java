package dev.residual.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ThresholdConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ThresholdConfig c = ThresholdConfig.defaults();
        assertThat(c.halfLifeMillis()).isEqualTo(Duration.ofHours(24).toMillis());
        assertThat(c.sigmas()).isEqualTo(4.0);
        assertThat(c.warmupRecords()).isEqualTo(100);
        assertThat(c.cooldownMillis()).isEqualTo(Duration.ofMinutes(10).toMillis());
        assertThat(c.idleTtlMillis()).isEqualTo(Duration.ofDays(7).toMillis());
        assertThat(c.topFeatures()).isEqualTo(3);
        assertThat(c.floorRatio()).isEqualTo(1.0);
        assertThat(c.confirmRecords()).isEqualTo(1);
        assertThat(c.smoothingMillis()).isZero();
        assertThat(c.toString())
                .contains(
                        ThresholdConfig.HALF_LIFE,
                        ThresholdConfig.FLOOR_RATIO,
                        ThresholdConfig.CONFIRM_RECORDS + "=1");
    }

    @Test
    void acceptsTheEdgesOfTheRanges() {
        ThresholdConfig c =
                ThresholdConfig.builder()
                        .cooldown(Duration.ZERO)
                        .floorRatio(0)
                        .warmupRecords(2)
                        .topFeatures(1)
                        .halfLife(Duration.ofMillis(1))
                        .build();
        assertThat(c.cooldownMillis()).isZero();
        assertThat(c.floorRatio()).isZero();
    }

    @Test
    void smoothingNeedsTheEntitySpreadAndWorksWithBudgetAndConfirmRecords() {
        ThresholdConfig c =
                ThresholdConfig.builder()
                        .spread(ThresholdConfig.SPREAD_ENTITY)
                        .smoothing(Duration.ofSeconds(5))
                        .alertBudget("1/day")
                        .confirmRecords(3)
                        .build();
        assertThat(c.smoothingMillis()).isEqualTo(5_000L);
        assertThat(c.toString()).contains(ThresholdConfig.SMOOTHING + "=5000 ms");
    }

    static Stream<Arguments> outOfRange() {
        return Stream.of(
                bad(b -> b.sigmas(-1), "threshold.sigmas must be > 0 and finite, got -1.0"),
                bad(b -> b.sigmas(Double.NaN), "threshold.sigmas must be > 0"),
                bad(b -> b.halfLife(Duration.ZERO), "threshold.half-life must be between 1 ms"),
                bad(b -> b.halfLife(null), "threshold.half-life must be set"),
                bad(b -> b.warmupRecords(1), "threshold.warmup-records must be between 2 and"),
                bad(b -> b.cooldown(Duration.ofSeconds(-1)), "threshold.cooldown must be between"),
                bad(b -> b.idleTtl(Duration.ofDays(4000)), "threshold.idle-ttl must be between"),
                bad(b -> b.topFeatures(0), "threshold.top-features must be between 1 and 100"),
                bad(b -> b.floorRatio(1.5), "threshold.floor-ratio must be between 0 and 1"),
                bad(b -> b.floorRatio(Double.NaN), "threshold.floor-ratio must be between"),
                bad(
                        b -> b.confirmRecords(0),
                        "threshold.confirm-records must be between 1 and 1000000, got 0"),
                bad(
                        b -> b.confirmRecords(-3),
                        "threshold.confirm-records must be between 1 and 1000000, got -3"),
                bad(
                        b -> b.spread("entity").smoothing(Duration.ofSeconds(-5)),
                        "threshold.smoothing must be between 0 ms"),
                bad(
                        b -> b.spread("entity").smoothing(Duration.ofNanos(500)),
                        "threshold.smoothing must be 0 (off) or at least 1 ms"),
                bad(b -> b.spread("entity").smoothing(null), "threshold.smoothing must be set"),
                bad(
                        b -> b.smoothing(Duration.ofSeconds(5)),
                        "threshold.smoothing = 5000 ms needs threshold.spread = entity"));
    }

    private static Arguments bad(UnaryOperator<ThresholdConfig.Builder> change, String message) {
        return Arguments.of(change, message);
    }

    @ParameterizedTest
    @MethodSource("outOfRange")
    void rejectsOutOfRangeValueNamingTheParameter(
            UnaryOperator<ThresholdConfig.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(ThresholdConfig.builder()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
