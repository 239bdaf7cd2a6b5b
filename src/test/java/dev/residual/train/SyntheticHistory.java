package dev.residual.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Low-rank correlated Gaussian history for tests: {@code x = A z + offset + noise}, with {@code z}
 * of dimension {@code rank}, a fixed mixing matrix and per-feature offsets and scales, all from a
 * seed. An autoencoder with a latent size of at least {@code rank} can reconstruct it well.
 */
final class SyntheticHistory implements HistorySource {
    private final List<String> names = new ArrayList<>();
    private final double[][] rows;

    SyntheticHistory(int rows, int features, int rank, double noise, long seed) {
        this(rows, features, rank, noise, seed, seed);
    }

    /** Rows drawn with {@code rowSeed} from the distribution that {@code seed} defines. */
    SyntheticHistory(int rows, int features, int rank, double noise, long seed, long rowSeed) {
        this(rows, features, ones(rank), noise, seed, rowSeed);
    }

    /**
     * As the others, with latent factor k drawn with standard deviation {@code latentStd[k]} rather
     * than 1: a direction of the data that is real but varies little.
     */
    SyntheticHistory(
            int rows, int features, double[] latentStd, double noise, long seed, long rowSeed) {
        int rank = latentStd.length;
        Random random = new Random(seed);
        double[][] mixing = new double[features][rank];
        double[] offset = new double[features];
        for (int f = 0; f < features; f++) {
            names.add("f" + f);
            offset[f] = 10.0 * random.nextGaussian();
            for (int k = 0; k < rank; k++) {
                mixing[f][k] = random.nextGaussian() * (1 + f % 3);
            }
        }
        random = new Random(rowSeed * 31 + 17);
        this.rows = new double[rows][features];
        for (double[] row : this.rows) {
            double[] z = new double[rank];
            for (int k = 0; k < rank; k++) {
                z[k] = random.nextGaussian() * latentStd[k];
            }
            for (int f = 0; f < features; f++) {
                double v = offset[f] + noise * random.nextGaussian();
                for (int k = 0; k < rank; k++) {
                    v += mixing[f][k] * z[k];
                }
                row[f] = v;
            }
        }
    }

    private static double[] ones(int rank) {
        double[] ones = new double[rank];
        java.util.Arrays.fill(ones, 1.0);
        return ones;
    }

    @Override
    public List<String> featureNames() {
        return List.copyOf(names);
    }

    @Override
    public void forEachRow(RowSink sink) {
        for (double[] row : rows) {
            sink.accept(row.clone());
        }
    }

    @Override
    public Map<String, String> describe() {
        return Map.of("data.format", "synthetic", "data.rows", Integer.toString(rows.length));
    }

    double[][] rows() {
        return rows;
    }

    /** Writes the rows as CSV with a leading timestamp column, e.g. for command tests. */
    void writeCsv(Path file, char delimiter) throws IOException {
        StringBuilder sb = new StringBuilder("datetime");
        names.forEach(n -> sb.append(delimiter).append(n));
        sb.append('\n');
        for (int r = 0; r < rows.length; r++) {
            sb.append(String.format(Locale.ROOT, "2020-01-01 00:%02d:%02d", r / 60 % 60, r % 60));
            for (double v : rows[r]) {
                sb.append(delimiter).append(v);
            }
            sb.append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8);
    }

    /** The rows as a row-major float matrix, the input of the ONNX graph. */
    static float[] toFloats(double[][] rows) {
        int width = rows[0].length;
        float[] out = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            for (int f = 0; f < width; f++) {
                out[r * width + f] = (float) rows[r][f];
            }
        }
        return out;
    }
}
