package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitTest {
    @Test
    void aSampleIsDistinctAscendingAndRepeatableFromTheSameSeed() {
        int[] sample = Split.sample(1000, 30, new SplittableRandom(7));
        assertThat(sample).hasSize(30).isSorted().doesNotHaveDuplicates();
        assertThat(sample[0]).isGreaterThanOrEqualTo(0);
        assertThat(sample[29]).isLessThan(1000);
        assertThat(Split.sample(1000, 30, new SplittableRandom(7))).isEqualTo(sample);
        assertThat(Split.sample(1000, 30, new SplittableRandom(8))).isNotEqualTo(sample);
        assertThat(Split.sample(5, 5, new SplittableRandom(1))).containsExactly(0, 1, 2, 3, 4);
        assertThat(Split.sample(5, 0, new SplittableRandom(1))).isEmpty();
    }

    @Test
    void everyIndexIsEquallyLikelyToBeSampled() {
        // 20,000 samples of 2 of 10: each index is expected 4,000 times, sd about 57.
        int[] counts = new int[10];
        SplittableRandom random = new SplittableRandom(3);
        for (int d = 0; d < 20_000; d++) {
            for (int i : Split.sample(10, 2, random)) {
                counts[i]++;
            }
        }
        for (int c : counts) {
            assertThat(c).isBetween(3_700, 4_300);
        }
    }

    @Test
    void aSampleLargerThanThePopulationIsRefused() {
        assertThatThrownBy(() -> Split.sample(3, 4, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 of 3");
    }
}
