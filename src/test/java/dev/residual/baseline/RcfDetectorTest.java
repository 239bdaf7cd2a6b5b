package dev.residual.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RcfDetectorTest {
    private static final int FEATURES = 4;

    private static float[] normal(SplittableRandom random, int t) {
        float[] v = new float[FEATURES];
        for (int f = 0; f < FEATURES; f++) {
            v[f] = (float) (Math.sin(t / 10.0 + f) + 0.05 * random.nextGaussian());
        }
        return v;
    }

    @Test
    void flagsAFarOutlierAfterSeeingNormalData() {
        RcfDetector rcf = RcfDetector.create(FEATURES, 1, 7);
        SplittableRandom random = new SplittableRandom(1);
        int flagged = 0;
        for (int t = 0; t < 2000; t++) {
            if (rcf.process(normal(random, t), t * 1000L).anomalous() && t > 1000) {
                flagged++;
            }
        }
        RcfDetector.Result outlier = rcf.process(new float[] {40, -40, 40, -40}, 2_000_000L);

        assertTrue(outlier.anomalous(), "an outlier 40 units away: " + outlier);
        assertTrue(flagged < 50, "normal points flagged after warm-up: " + flagged);
    }

    @Test
    void aRestoredDetectorContinuesWithTheSameScores() {
        RcfDetector rcf = RcfDetector.create(FEATURES, 4, 11);
        SplittableRandom random = new SplittableRandom(2);
        int t = 0;
        for (; t < 800; t++) {
            rcf.process(normal(random, t), t);
        }
        RcfDetector copy = RcfDetector.restore(rcf.snapshot());

        assertEquals(FEATURES, copy.features());
        assertEquals(4, copy.shingleSize());
        for (; t < 1000; t++) {
            float[] v = normal(random, t);
            if (t == 900) {
                v[2] += 25;
            }
            RcfDetector.Result a = rcf.process(v, t);
            RcfDetector.Result b = copy.process(v, t);
            assertEquals(a.score(), b.score(), 1e-9, "score at t=" + t);
            assertEquals(a.grade(), b.grade(), 1e-9, "grade at t=" + t);
        }
    }

    @Test
    void refusesVectorsOfTheWrongWidth() {
        RcfDetector rcf = RcfDetector.create(FEATURES, 1, 3);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> rcf.process(new float[3], 0));
        assertTrue(e.getMessage().contains("expected 4 values"));
        assertFalse(
                assertThrows(IllegalArgumentException.class, () -> RcfDetector.create(0, 1, 1))
                        .getMessage()
                        .isEmpty());
    }
}
