package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.eval.SyntheticFleet;
import dev.residual.model.Manifest;
import dev.residual.model.ModelBundle;
import dev.residual.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
    private static final SyntheticFleet FLEET = new SyntheticFleet(6, 7);

    @TempDir static Path dir;

    private static Path models;

    @BeforeAll
    static void trainAVae() throws Exception {
        models =
                TestModels.retrain(
                        FLEET,
                        SyntheticFleet.entities(2),
                        600,
                        dir,
                        "--kind",
                        "vae",
                        "--seed",
                        "3",
                        "--epochs",
                        "40");
    }

    private static List<String> generate(String name, String... more) throws IOException {
        Path out = dir.resolve(name);
        CliRun cli = new CliRun();
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "generate",
                                "--bundle",
                                models.toString(),
                                "--out",
                                out.toString()));
        args.addAll(List.of(more));
        assertThat(cli.run(args.toArray(String[]::new))).as(cli.err.toString()).isZero();
        return Files.readAllLines(out);
    }

    /**
     * generate refuses an --out that is a directory at start, naming --out, as encode and denoise
     * do; it used to draw and decode every row first and fail at the final move, naming only its
     * temp file.
     */
    @Test
    void anOutThatIsADirectoryIsRefusedNamingOut() throws Exception {
        Path out = Files.createDirectories(dir.resolve("results"));
        CliRun cli = new CliRun();

        int code =
                cli.run(
                        "generate",
                        "--bundle",
                        models.toString(),
                        "--count",
                        "5",
                        "--out",
                        out.toString());

        assertThat(Files.isDirectory(out)).as("--out %s is still a directory", out).isTrue();
        assertThat(code).as("exit code; out: %s", cli.out).isNotZero();
        assertThat(cli.err.toString()).contains("--out");
    }

    @Test
    void theSameSeedGivesTheSameRowsAndAnotherSeedOthers() throws Exception {
        List<String> first = generate("a.csv", "--count", "20", "--seed", "42");
        assertThat(first).hasSize(21);
        assertThat(first.get(0)).isEqualTo(String.join(",", FLEET.featureNames()));
        assertThat(generate("b.csv", "--count", "20", "--seed", "42")).isEqualTo(first);
        assertThat(generate("c.csv", "--count", "20", "--seed", "43")).isNotEqualTo(first);
    }

    @Test
    void generatedRowsAreInFeatureUnitsNearTheDataMeans() throws Exception {
        double[][] data = columns(Files.readAllLines(dir.resolve("history.csv")), 2);
        double[][] generated = columns(generate("g.csv", "--count", "2000", "--seed", "1"), 0);
        for (int f = 0; f < data.length; f++) {
            double mean = mean(data[f]);
            double std = Math.sqrt(mean(squares(data[f], mean)));
            // Un-scaled rows sit among the data: scaled ones would all sit near 0.
            assertThat(Math.abs(mean(generated[f]) - mean))
                    .as("feature %d: mean %s, std %s", f, mean, std)
                    .isLessThan(std);
            // Draws from the prior spread out; a decoder ignoring its input would not.
            assertThat(Math.sqrt(mean(squares(generated[f], mean(generated[f])))))
                    .isGreaterThan(0.1 * std);
        }
    }

    @Test
    void rowsDrawnOverSeveralBatchesBeginWithTheRowsOfAShorterRun() throws Exception {
        List<String> short20 = generate("s.csv", "--count", "20", "--seed", "5");
        List<String> long1500 = generate("l.csv", "--count", "1500", "--seed", "5");
        assertThat(long1500).hasSize(1501);
        assertThat(long1500.subList(0, 21)).isEqualTo(short20);
    }

    @Test
    void aCountBeyondIntRangeIsRefusedAsGivenNamingTheOption() {
        CliRun cli = new CliRun();
        int code = cli.run("generate", "--bundle", models.toString(), "--count", "3000000000");
        assertThat(code).isNotZero();
        assertThat(cli.err.toString().lines().findFirst().orElse(""))
                .contains("--count must be from 1 to 2147483647, got 3000000000");
    }

    @Test
    void theBundleListsItsDecoderWithAChecksum() {
        Manifest m = ModelBundle.load(models).manifest();
        assertThat(m.architecture).containsEntry("decoder", "decoder.onnx");
        assertThat(m.files).containsKey("decoder.onnx");
    }

    @Test
    void printsToStandardOutputWithoutAnOutFile() {
        CliRun cli = new CliRun();
        assertThat(cli.run("generate", "--bundle", models.toString(), "--count", "3")).isZero();
        assertThat(cli.out.toString().split("\n")).hasSize(4);
    }

    @Test
    void aDenseBundleIsRefusedBecauseItHasNoDecoder(@TempDir Path denseDir) throws Exception {
        Path dense =
                TestModels.retrain(
                        FLEET, SyntheticFleet.entities(1), 200, denseDir, "--epochs", "2");
        CliRun cli = new CliRun();
        assertThat(cli.run("generate", "--bundle", dense.toString(), "--count", "5")).isNotZero();
        assertThat(cli.err.toString())
                .contains("(kind dense) cannot generate: only vae bundles have a decoder")
                .startsWith("error: model dense-ae/");
        assertThat(cli.out.toString()).isEmpty();
    }

    /** Column-major values of the CSV's columns from {@code first} on, header skipped. */
    private static double[][] columns(List<String> lines, int first) {
        int width = lines.get(0).split(",").length - first;
        double[][] columns = new double[width][lines.size() - 1];
        for (int r = 1; r < lines.size(); r++) {
            String[] cells = lines.get(r).split(",");
            for (int f = 0; f < width; f++) {
                columns[f][r - 1] = Double.parseDouble(cells[first + f]);
            }
        }
        return columns;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double[] squares(double[] values, double mean) {
        double[] s = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            s[i] = (values[i] - mean) * (values[i] - mean);
        }
        return s;
    }
}
