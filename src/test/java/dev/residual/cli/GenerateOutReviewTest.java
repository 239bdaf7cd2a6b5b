package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.eval.SyntheticFleet;
import dev.residual.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review of b722143/9c87b63 (generate --out written "the same way" as encode's): encode and denoise
 * refuse an --out that is a directory ("--out X is a directory, not a file"), but generate checks
 * nothing and moves its temp file onto --out with REPLACE_EXISTING, which replaces an empty
 * directory by the CSV, silently, exit 0.
 */
class GenerateOutReviewTest {
    @TempDir static Path dir;

    private static Path models;

    @BeforeAll
    static void trainAVae() throws Exception {
        models =
                TestModels.retrain(
                        new SyntheticFleet(6, 7),
                        SyntheticFleet.entities(2),
                        300,
                        dir,
                        "--kind",
                        "vae",
                        "--seed",
                        "3",
                        "--epochs",
                        "2");
    }

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
}
