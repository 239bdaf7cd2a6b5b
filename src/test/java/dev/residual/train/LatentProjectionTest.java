package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LatentProjectionTest {
    @Test
    void topComponentFollowsTheWidestDirection() {
        // Three dimensions: wide spread along (1, 1, 0)/sqrt 2, a little along z, none elsewhere.
        Random random = new Random(3);
        int rows = 2_000;
        double[] codes = new double[rows * 3];
        for (int r = 0; r < rows; r++) {
            double t = 10 * random.nextGaussian();
            codes[r * 3] = t + 1;
            codes[r * 3 + 1] = t - 2;
            codes[r * 3 + 2] = random.nextGaussian();
        }
        double[][] axes = LatentProjection.principalAxes(codes, 3, rows);
        double s = Math.sqrt(0.5);
        assertThat(Math.abs(axes[0][0])).isCloseTo(s, offset(1e-3));
        assertThat(Math.abs(axes[0][1])).isCloseTo(s, offset(1e-3));
        assertThat(Math.abs(axes[1][2])).isCloseTo(1, offset(1e-3));
        // The plane holds all the variance there is.
        assertThat(axes[2][0]).isLessThanOrEqualTo(1 + 1e-9).isCloseTo(1, offset(1e-9));
    }

    @Test
    void twoComponentsOfFourEqualOnesExplainHalf() {
        // Two points on each of four axes, +-e_k: equal variance in every direction.
        int width = 4;
        double[] codes = new double[2 * width * width];
        for (int k = 0; k < width; k++) {
            codes[(2 * k) * width + k] = 1;
            codes[(2 * k + 1) * width + k] = -1;
        }
        LatentProjection p = LatentProjection.of(codes, width, new double[2 * width], 1);
        assertThat(p.projected()).isTrue();
        assertThat(p.explained()).isCloseTo(0.5, offset(1e-9));
        assertThat(p.x()).hasSize(2 * width);
    }

    @Test
    void twoDimensionalCodesAreShownAsTheyAre() {
        double[] codes = {1, 2, 3, 4, 5, 6};
        LatentProjection p = LatentProjection.of(codes, 2, new double[] {0.1, 0.2, 0.3}, 1);
        assertThat(p.projected()).isFalse();
        assertThat(p.x()).containsExactly(1, 3, 5);
        assertThat(p.y()).containsExactly(2, 4, 6);
        assertThat(p.explained()).isEqualTo(1);
    }

    @Test
    void manyRowsAreSubsampledTheSameWayEachTime() {
        int rows = LatentProjection.MAX_POINTS + 1_000;
        double[] codes = new double[rows * 2];
        double[] scores = new double[rows];
        for (int r = 0; r < rows; r++) {
            codes[2 * r] = r;
            scores[r] = r;
        }
        LatentProjection a = LatentProjection.of(codes, 2, scores, 7);
        LatentProjection b = LatentProjection.of(codes, 2, scores, 7);
        assertThat(a.x()).hasSize(LatentProjection.MAX_POINTS).containsExactly(b.x());
        // The score travels with its row.
        assertThat(a.scores()).containsExactly(a.x());
    }
}
