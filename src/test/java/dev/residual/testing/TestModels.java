package dev.residual.testing;

import dev.residual.eval.SyntheticFleet;
import dev.residual.train.CsvHistorySource;
import dev.residual.train.DenseAutoencoderTrainer;
import dev.residual.train.Retrain;
import dev.residual.train.RetrainedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A small dense model trained once per test JVM on a generated fleet, for scoring tests. */
public final class TestModels {
    public static final SyntheticFleet FLEET = new SyntheticFleet(8, 5);
    private static RetrainedModel dense;

    private TestModels() {}

    public static synchronized RetrainedModel dense() {
        if (dense == null) {
            try {
                Path csv = Files.createTempFile("fleet", ".csv");
                try (Writer w = Files.newBufferedWriter(csv)) {
                    w.write(String.join(",", FLEET.featureNames()) + "\n");
                    for (var row : FLEET.generate("m", 2000, 0, 1000, List.of())) {
                        StringBuilder line = new StringBuilder();
                        for (double v : row.values()) {
                            line.append(line.length() == 0 ? "" : ",").append((float) v);
                        }
                        w.write(line + "\n");
                    }
                }
                Retrain retrain =
                        new Retrain(new DenseAutoencoderTrainer().epochs(20).seed(1), 1, 0.2, 0.99);
                dense = retrain.train(CsvHistorySource.open(csv, ','), (e, t, v, r) -> {});
                Files.delete(csv);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dense;
    }

    /** Rows of the fleet, as the job would pass them to the scorer. */
    public static float[][] rows(int n, long seed) {
        float[][] rows = new float[n][];
        var generated = FLEET.generate("r" + seed, n, 0, 1000, List.of());
        for (int i = 0; i < n; i++) {
            double[] v = generated.get(i).values();
            rows[i] = new float[v.length];
            for (int f = 0; f < v.length; f++) {
                rows[i][f] = (float) v[f];
            }
        }
        return rows;
    }
}
