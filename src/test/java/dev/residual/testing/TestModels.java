package dev.residual.testing;

import dev.residual.cli.LocalStack;
import dev.residual.eval.SyntheticFleet;
import dev.residual.train.CsvHistorySource;
import dev.residual.train.DenseAutoencoderTrainer;
import dev.residual.train.Retrain;
import dev.residual.train.RetrainedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
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
            dense = dense(FLEET, 2000);
        }
        return dense;
    }

    /** A dense model trained, quickly and quietly, on {@code rows} normal rows of one machine. */
    public static RetrainedModel dense(SyntheticFleet fleet, int rows) {
        try {
            Path csv = Files.createTempFile("fleet", ".csv");
            fleet.writeHistoryCsv(csv, List.of("m"), rows, 0, 1000);
            Retrain retrain =
                    new Retrain(new DenseAutoencoderTrainer().epochs(20).seed(1), 1, 0.2, 0.99);
            RetrainedModel model =
                    retrain.train(CsvHistorySource.open(csv, ','), (e, t, v, r) -> {});
            Files.delete(csv);
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Trains a dense bundle on normal history of {@code entities} through the retrain command, as a
     * user would, publishes it and returns the models directory.
     */
    public static Path retrain(
            SyntheticFleet fleet,
            List<String> entities,
            int rowsPerEntity,
            Path dir,
            String... more)
            throws IOException {
        Path csv = dir.resolve("history.csv");
        fleet.writeHistoryCsv(csv, entities, rowsPerEntity, 1_600_000_000_000L, 1000);
        Path models = dir.resolve("models");
        int code = LocalStack.retrain(csv, models, more);
        if (code != 0) {
            throw new IllegalStateException("retrain exited " + code);
        }
        return models;
    }

    /** Rows of the fleet, as the job would pass them to the scorer. */
    public static float[][] rows(int n, long seed) {
        return rows(FLEET, n, seed);
    }

    /** Rows of {@code fleet}, as the job would pass them to the scorer. */
    public static float[][] rows(SyntheticFleet fleet, int n, long seed) {
        float[][] rows = new float[n][];
        var generated = fleet.generate("r" + seed, n, 0, 1000, List.of());
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
