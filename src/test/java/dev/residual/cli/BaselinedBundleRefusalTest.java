package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.eval.SyntheticFleet;
import dev.residual.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * encode, denoise and generate refuse a bundle trained behind per-entity baselines: without an
 * entity's history their rows would be in standardised units, not the entity's.
 */
class BaselinedBundleRefusalTest {
    private static final SyntheticFleet FLEET = new SyntheticFleet(4, 11);

    @TempDir static Path dir;

    private static Path models;
    private static Path rows;

    @BeforeAll
    static void trainAVaeBehindBaselines() throws Exception {
        models =
                TestModels.retrain(
                        FLEET,
                        SyntheticFleet.entities(2),
                        400,
                        dir,
                        "--kind",
                        "vae",
                        "--entity-baseline",
                        "--epochs",
                        "3");
        rows = dir.resolve("rows.csv");
        FLEET.writeHistoryCsv(rows, List.of("machine-00"), 50, 1_600_000_000_000L, 1000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"encode", "denoise", "generate"})
    void aBaselinedBundleIsRefusedNamingTheReason(String command) {
        Path out = dir.resolve(command + ".csv");
        CliRun cli = new CliRun();
        String[] args =
                command.equals("generate")
                        ? new String[] {
                            command,
                            "--bundle",
                            models.toString(),
                            "--count",
                            "5",
                            "--out",
                            out.toString()
                        }
                        : new String[] {
                            command,
                            "--bundle",
                            models.toString(),
                            "--input",
                            rows.toString(),
                            "--out",
                            out.toString()
                        };

        int code = cli.run(args);

        assertThat(code).isNotZero();
        assertThat(cli.err.toString().lines().findFirst().orElse(""))
                .contains("--bundle " + models)
                .contains("entity_baseline")
                .contains(command);
        assertThat(Files.exists(out)).as("no output written").isFalse();
    }
}
