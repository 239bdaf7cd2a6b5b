package dev.residual.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AlertBudgetTest {
    @Test
    void normalQuantilesMatchTheTables() {
        assertThat(NormalQuantile.upper(0.01)).isCloseTo(2.326348, within(1e-6));
        assertThat(NormalQuantile.upper(0.5)).isCloseTo(0, within(1e-12));
        assertThat(NormalQuantile.lower(0.975)).isCloseTo(1.959964, within(1e-6));
        assertThat(NormalQuantile.upper(1e-5)).isCloseTo(4.264891, within(1e-6));
    }

    @Test
    void budgetsParseToAlertsPerDayAndABadOneNamesTheOption() {
        assertThat(ThresholdConfig.defaults().alertBudgetPerDay()).isZero();
        assertThat(budget("1/day").alertBudgetPerDay()).isEqualTo(1.0);
        assertThat(budget("2/h").alertBudgetPerDay()).isEqualTo(48.0);
        assertThat(budget("0.5 / min").alertBudgetPerDay()).isEqualTo(720.0);
        for (String bad : new String[] {"1", "0/day", "x/day", "1/week", "-1/h"}) {
            assertThatThrownBy(() -> budget(bad))
                    .as(bad)
                    .hasMessageContaining(ThresholdConfig.ALERT_BUDGET);
        }
    }

    @Test
    void aBudgetSetsTheQuantileThatTheEntitysRateExceedsThatOften() {
        // One record a second is 86,400 a day: 864 a day is one record in a hundred, 2.326 sigmas.
        RollingThreshold withBudget = new RollingThreshold(budget("864/day"), 0.01, Double.NaN);
        RollingThreshold withSigmas =
                new RollingThreshold(
                        ThresholdConfig.builder().sigmas(NormalQuantile.upper(0.01)).build(),
                        0.01,
                        Double.NaN);
        ThresholdState a = new ThresholdState();
        ThresholdState b = new ThresholdState();
        Random random = new Random(3);
        for (int i = 0; i < 5_000; i++) {
            double score = TestStreams.logNormal(random, 0.05, 0.4);
            withBudget.observe(a, score, 1_700_000_000_000L + i * 1000L);
            withSigmas.observe(b, score, 1_700_000_000_000L + i * 1000L);
        }
        assertThat(withBudget.sigmas(a)).isCloseTo(2.326348, within(1e-6));
        assertThat(withBudget.currentThreshold(a))
                .isCloseTo(withSigmas.currentThreshold(b), within(1e-9));
        assertThat(a.records).isEqualTo(5_000);
    }

    @Test
    void aSmallerBudgetRaisesTheThreshold() {
        RollingThreshold tight = new RollingThreshold(budget("1/day"), 0.01, Double.NaN);
        RollingThreshold loose = new RollingThreshold(budget("100/h"), 0.01, Double.NaN);
        ThresholdState state = new ThresholdState();
        Random random = new Random(5);
        for (int i = 0; i < 1_000; i++) {
            tight.observe(state, TestStreams.logNormal(random, 0.05, 0.4), i * 60_000L);
        }
        assertThat(tight.currentThreshold(state)).isGreaterThan(loose.currentThreshold(state));
    }

    private static ThresholdConfig budget(String value) {
        return ThresholdConfig.builder().alertBudget(value).build();
    }
}
