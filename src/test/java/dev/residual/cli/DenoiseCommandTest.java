package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.eval.SyntheticFleet;
import dev.residual.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DenoiseCommandTest {
    @TempDir Path dir;

    @Test
    void writesTheReconstructionOfEveryRowNearTheRowItself() throws Exception {
        SyntheticFleet fleet = new SyntheticFleet(6, 5);
        Path models = TestModels.retrain(fleet, SyntheticFleet.entities(2), 500, dir);
        Path input = dir.resolve("input.csv");
        fleet.writeHistoryCsv(input, List.of("y"), 40, 0, 1000);
        Path out = dir.resolve("denoised.csv");

        CliRun cli = new CliRun();
        int code =
                cli.run(
                        "denoise",
                        "--bundle",
                        models.toString(),
                        "--input",
                        input.toString(),
                        "--out",
                        out.toString());
        assertThat(code).as(cli.err.toString()).isZero();

        List<String> in = Files.readAllLines(input);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(41);
        assertThat(lines.get(0)).isEqualTo(String.join(",", fleet.featureNames()) + ",score");
        for (int i = 1; i < lines.size(); i++) {
            String[] original = in.get(i).split(",");
            String[] denoised = lines.get(i).split(",");
            for (int f = 0; f < 6; f++) {
                double x = Double.parseDouble(original[f + 2]);
                double y = Double.parseDouble(denoised[f]);
                // Normal rows come back close to themselves, in their own units.
                assertThat(Math.abs(x - y)).isLessThan(0.2 * (Math.abs(x) + 1));
            }
        }
    }
}
