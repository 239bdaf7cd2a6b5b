package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.eval.SyntheticFleet;
import dev.residual.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** encode and denoise: what they write, and what they leave alone when they fail. */
class RowCommandsReviewTest {
    @TempDir Path dir;

    private final SyntheticFleet fleet = new SyntheticFleet(4, 5);

    private final CliRun cli = new CliRun();

    private int run(String command, Path models, Path input, Path out) {
        return cli.run(
                command,
                "--bundle",
                models.toString(),
                "--input",
                input.toString(),
                "--out",
                out.toString());
    }

    @Test
    void encodeOfAMissingInputLeavesAnExistingOutFileAsItWas() throws IOException {
        Path models = TestModels.retrain(fleet, SyntheticFleet.entities(1), 300, dir);
        Path out = Files.writeString(dir.resolve("latent.csv"), "yesterday's results\n");

        int code = run("encode", models, dir.resolve("no-such-input.csv"), out);

        assertThat(code).isNotZero();
        assertThat(Files.readString(out)).isEqualTo("yesterday's results\n");
    }

    @Test
    void denoiseWithOutTheInputFileDoesNotDestroyTheInput() throws IOException {
        Path models = TestModels.retrain(fleet, SyntheticFleet.entities(1), 300, dir);
        Path input = dir.resolve("rows.csv");
        fleet.writeHistoryCsv(input, List.of("m"), 30, 0, 1000);
        List<String> before = Files.readAllLines(input);

        int code = run("denoise", models, input, input);

        if (code != 0) {
            assertThat(Files.readAllLines(input))
                    .as("the input, refused as --out")
                    .isEqualTo(before);
        } else {
            assertThat(Files.readAllLines(input)).as("every input row reconstructed").hasSize(31);
        }
    }

    @Test
    void denoiseOfAnEntityBaselinedBundleWritesRowsInFeatureUnits() throws IOException {
        Path models =
                TestModels.retrain(
                        fleet,
                        SyntheticFleet.entities(2),
                        600,
                        dir,
                        "--entity-baseline",
                        "--epochs",
                        "30");
        Path input = dir.resolve("rows.csv");
        fleet.writeHistoryCsv(input, List.of("machine-00"), 200, 1_600_000_000_000L, 1000);
        Path out = dir.resolve("denoised.csv");

        int code = run("denoise", models, input, out);

        // Either refused (the rows need their entity's baseline first) or in feature units.
        if (code != 0) {
            assertThat(cli.err.toString()).contains("baseline");
            return;
        }
        List<String> in = Files.readAllLines(input);
        List<String> lines = Files.readAllLines(out);
        for (int i = 150; i < lines.size(); i++) {
            String[] original = in.get(i).split(",");
            String[] denoised = lines.get(i).split(",");
            for (int f = 0; f < 4; f++) {
                double x = Double.parseDouble(original[f + 2]);
                double y = Double.parseDouble(denoised[f]);
                // The feature levels are 10 to 100: a row comes back near itself, not near 0.
                assertThat(Math.abs(x - y))
                        .as("feature %d of row %d: %s vs %s", f, i, x, y)
                        .isLessThan(0.2 * (Math.abs(x) + 1));
            }
        }
    }
}
