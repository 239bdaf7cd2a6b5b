package dev.residual.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Generated labelled data in the generic CSV form: entities whose three features follow a slow
 * cycle with noise and keep a correlation, and in each one's test part an episode that breaks it.
 */
final class LabelledFleet {
    static final int ROWS = 300;
    static final int TRAIN_ROWS = 200;
    static final int EPISODE_START = 240;
    static final int EPISODE_END = 260;

    private LabelledFleet() {}

    /**
     * Writes {@code entities} entities to {@code file}: columns entity, ts, a, b, c, label, split.
     * With {@code scrambleTest}, every test row gets other values and the opposite label, to show
     * what fitting must never see.
     */
    static Path write(Path file, int entities, long seed, boolean scrambleTest) throws IOException {
        Random r = new Random(seed);
        Random scramble = new Random(seed + 1);
        StringBuilder b = new StringBuilder("entity,ts,a,b,c,label,split\n");
        for (int e = 0; e < entities; e++) {
            double level = e * 0.5;
            for (int i = 0; i < ROWS; i++) {
                double a = Math.sin(i / 10.0) + level + 0.05 * r.nextGaussian();
                double bv = 2 * a + 0.05 * r.nextGaussian();
                double c = 0.1 * r.nextGaussian();
                boolean anomalous = i >= EPISODE_START && i < EPISODE_END;
                if (anomalous) {
                    bv += 3;
                }
                boolean train = i < TRAIN_ROWS;
                if (scrambleTest && !train) {
                    a = 100 * scramble.nextGaussian();
                    bv = 100 * scramble.nextGaussian();
                    c = 100 * scramble.nextGaussian();
                    anomalous = !anomalous;
                }
                b.append(
                        String.format(
                                Locale.ROOT,
                                "m%d,%d,%.6f,%.6f,%.6f,%d,%s%n",
                                e,
                                1_700_000_000_000L + i * 1000L,
                                a,
                                bv,
                                c,
                                anomalous ? 1 : 0,
                                train ? "train" : "test"));
            }
        }
        return Files.writeString(file, b.toString());
    }
}
