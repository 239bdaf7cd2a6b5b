package dev.residual.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EntityScalingTest {
    @Test
    void eachEntityIsCentredAndScaledByItsOwnTrainingRows() {
        // Training rows 1..5: median 3, IQR 4 - 2 = 2, scale 2 / 1.349. The test row is left out.
        float[][] rows = {{1}, {2}, {3}, {4}, {5}, {103}};
        boolean[] train = {true, true, true, true, true, false};
        EntityRows e = new EntityRows("m", new long[6], rows, train);

        EntityRows scaled = EntityScaling.apply(List.of(e)).get(0);

        assertThat(scaled.rows()[2][0]).isZero();
        assertThat((double) scaled.rows()[3][0]).isCloseTo(1.349 / 2, within(1e-6));
        assertThat((double) scaled.rows()[5][0]).isCloseTo(100 * 1.349 / 2, within(1e-4));
        assertThat(e.rows()[5][0]).as("the input is not changed").isEqualTo(103f);
    }

    @Test
    void aConstantFeatureKeepsItsUnitScale() {
        float[][] rows = {{7}, {7}, {8}};
        EntityRows e = new EntityRows("m", new long[3], rows, new boolean[] {true, true, false});
        assertThat(EntityScaling.apply(List.of(e)).get(0).rows()[2][0]).isEqualTo(1f);
    }
}
