package dev.residual.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** The labelled data and the command line the evaluate command's tests share. */
final class EvaluateFixtures {
    private EvaluateFixtures() {}

    /**
     * Two machines, m0 and m1, 300 rows each a second apart, the first 200 to train; rows 240-259
     * of each break the correlation of a and b. m1 sits {@code levelA} and {@code levelB} above m0.
     * Seeded: the same rows every run.
     */
    static Path labelledCsv(Path dir, double levelA, double levelB) throws IOException {
        Random r = new Random(7);
        StringBuilder b = new StringBuilder("entity,ts,a,b,label\n");
        for (int e = 0; e < 2; e++) {
            for (int i = 0; i < 300; i++) {
                double a = Math.sin(i / 10.0) + 0.05 * r.nextGaussian();
                boolean anomalous = i >= 240 && i < 260;
                double bv = 2 * a + 0.05 * r.nextGaussian() + (anomalous ? 3 : 0);
                b.append(
                        String.format(
                                Locale.ROOT,
                                "m%d,%d,%.6f,%.6f,%d%n",
                                e,
                                1_700_000_000_000L + i * 1000L,
                                a + levelA * e,
                                bv + levelB * e,
                                anomalous ? 1 : 0));
            }
        }
        return Files.writeString(dir.resolve("labelled.csv"), b);
    }

    /**
     * Runs {@code evaluate --dataset csv} on {@code data} into {@code dir/out}, 200 training rows
     * and 20 epochs, with {@code more} options after them.
     */
    static int evaluate(CliRun cli, Path data, Path dir, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "evaluate",
                                "--dataset",
                                "csv",
                                "--data",
                                data.toString(),
                                "--out",
                                dir.resolve("out").toString(),
                                "--train-rows",
                                "200",
                                "--epochs",
                                "20"));
        args.addAll(List.of(more));
        return cli.run(args.toArray(String[]::new));
    }
}
