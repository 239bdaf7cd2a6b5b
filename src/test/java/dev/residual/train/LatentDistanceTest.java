package dev.residual.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The latent half of the reconstruction+latent score, on codes of known distribution. */
class LatentDistanceTest {
    /** Correlated Gaussian codes, h = m + A z: three dimensions, strongly mixed. */
    private static double[] codes(int rows, long seed) {
        double[][] mixing = {{2.0, 0.0, 0.0}, {1.5, 0.5, 0.0}, {-0.3, 0.2, 0.4}};
        double[] offset = {1.0, -2.0, 0.5};
        SplittableRandom random = new SplittableRandom(seed);
        double[] codes = new double[rows * 3];
        for (int r = 0; r < rows; r++) {
            double[] z = {gaussian(random), gaussian(random), gaussian(random)};
            for (int i = 0; i < 3; i++) {
                double v = offset[i];
                for (int j = 0; j < 3; j++) {
                    v += mixing[i][j] * z[j];
                }
                codes[r * 3 + i] = v;
            }
        }
        return codes;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static double[] ones(int rows) {
        double[] s = new double[rows];
        java.util.Arrays.fill(s, 0.5);
        return s;
    }

    @Test
    void t2AveragesTheCodeWidthOnTheRowsItWasFittedOn() {
        double[] codes = codes(5000, 1);
        LatentDistance d = LatentDistance.fit(codes, 3, ones(5000));
        double sum = 0;
        for (int r = 0; r < 5000; r++) {
            sum += d.t2(codes, r * 3, 1);
        }
        assertThat(sum / 5000).isCloseTo(3.0, offset(1e-3));
        assertThat(d.t2Mean()).isCloseTo(3.0, offset(1e-3));
        assertThat(d.flooredDimensions()).isZero();
        assertThat(d.scoreMean()).isEqualTo(0.5);
    }

    @Test
    void whitenedCodesHaveUnitCovariance() {
        double[] codes = codes(5000, 2);
        LatentDistance d = LatentDistance.fit(codes, 3, ones(5000));
        double[] w = d.whitening();
        double[] m = d.mean();
        double[][] cov = new double[3][3];
        for (int r = 0; r < 5000; r++) {
            double[] z = new double[3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    z[i] += w[i * 3 + j] * (codes[r * 3 + j] - m[j]);
                }
            }
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    cov[i][j] += z[i] * z[j] / 5000;
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(cov[i][j]).isCloseTo(i == j ? 1.0 : 0.0, offset(1e-3));
            }
        }
    }

    @Test
    void combinedScoreIsOneAndOneOnAnAverageRowAndGrowsWithTheCodesDistance() {
        double[] codes = codes(5000, 3);
        LatentDistance d = LatentDistance.fit(codes, 3, ones(5000));
        double[] mean = d.mean();
        assertThat(d.combine(0.5, d.t2Mean())).isCloseTo(2.0, offset(1e-9));
        assertThat(d.t2(mean, 0, 1)).isZero();
        // Five standard deviations along the code's first axis: T² about 25.
        double[] far = mean.clone();
        far[0] += 5 * 2.0;
        far[1] += 5 * 1.5;
        far[2] -= 5 * 0.3;
        assertThat(d.t2(far, 0, 1)).isCloseTo(25.0, offset(0.5));
    }

    @Test
    void aDeadCodeDimensionIsFlooredRatherThanBlownUp() {
        double[] codes = codes(2000, 4);
        for (int r = 0; r < 2000; r++) {
            // A code unit the network left saturated: it varies only by round-off.
            codes[r * 3 + 2] = 0.999999 + 1e-12 * (r % 7);
        }
        LatentDistance d = LatentDistance.fit(codes, 3, ones(2000));
        assertThat(d.flooredDimensions()).isEqualTo(1);
        double[] moved = d.mean();
        moved[2] += 1e-4;
        // Unfloored, 1e-4 over a standard deviation of 2e-12 would be a T² of 1e15.
        assertThat(d.t2(moved, 0, 1)).isLessThan(1e-3);
    }

    @Test
    void refusesRowsThatReconstructPerfectly() {
        double[] codes = codes(100, 5);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> LatentDistance.fit(codes, 3, new double[100]))
                .hasMessageContaining("reconstruct perfectly");
    }
}
