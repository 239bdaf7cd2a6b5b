package dev.residual.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.io.FeatureRecord;
import java.util.Arrays;
import java.util.Random;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class ScoredRecordTest {
    @Test
    void crossesTheKeyByAsAFlinkPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ScoredRecord.class);
    }

    @Test
    void keepsTheTopFeaturesOfItsRowOfABatchWithTheSumOfAllErrors() {
        // Two rows of four features, row-major; the second row is this record's.
        float[] errors = {9f, 9f, 9f, 9f, 0.1f, 0.4f, Float.NaN, 0.4f};
        float[] expected = {0f, 0f, 0f, 0f, 10f, 11f, 12f, 13f};
        FeatureRecord r = new FeatureRecord("e", 5L, new float[] {1f, 2f, 3f, 4f}, "t", 1, 7L);

        ScoredRecord s = ScoredRecord.of(r, 0.3f, errors, expected, 4, 4, 3);

        // NaN ranks first, then the tie of 0.4 in index order.
        assertThat(s.topIndex).containsExactly(2, 1, 3);
        assertThat(s.topError).containsExactly(Float.NaN, 0.4f, 0.4f);
        assertThat(s.topValue).containsExactly(3f, 2f, 4f);
        assertThat(s.topExpected).containsExactly(12f, 11f, 13f);
        assertThat(s.errorSum).isNaN();
        assertThat(s.offset).isEqualTo(7L);
    }

    @Test
    void ranksAsAStableSortByErrorDescendingWithTiesAndNaNs() {
        Random random = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int f = 1 + random.nextInt(12);
            float[] errors = new float[f];
            for (int i = 0; i < f; i++) {
                errors[i] = random.nextInt(10) == 0 ? Float.NaN : random.nextInt(4);
            }
            int k = 1 + random.nextInt(5);
            ScoredRecord s =
                    ScoredRecord.of(
                            new FeatureRecord("e", 0L, new float[f], "t", 0, 0L),
                            1f,
                            errors,
                            null,
                            k);
            Integer[] order = new Integer[f];
            for (int i = 0; i < f; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (x, y) -> Float.compare(errors[y], errors[x]));
            int[] expected = new int[Math.min(k, f)];
            for (int r = 0; r < expected.length; r++) {
                expected[r] = order[r];
            }
            assertThat(s.topIndex)
                    .as("errors %s, k %d", Arrays.toString(errors), k)
                    .containsExactly(expected);
        }
    }

    @Test
    void keepsNoMoreFeaturesThanThereAreAndNoReconstructionWithoutOne() {
        FeatureRecord r = new FeatureRecord("e", 5L, new float[] {1f, 2f}, "t", 1, 7L);
        ScoredRecord s = ScoredRecord.of(r, 0.3f, new float[] {0.5f, 0.25f}, null, 5);
        assertThat(s.topIndex).containsExactly(0, 1);
        assertThat(s.topExpected).isNull();
        assertThat(s.errorSum).isEqualTo(0.75);
    }
}
