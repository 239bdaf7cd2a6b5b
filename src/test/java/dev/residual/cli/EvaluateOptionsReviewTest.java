package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluate: an option of another data set is refused, naming it, not silently ignored. */
class EvaluateOptionsReviewTest {
    @TempDir Path dir;

    @Test
    void trainFractionIsRefusedOutsideOdds() throws IOException {
        CliRun cli = new CliRun();
        Path data = EvaluateFixtures.labelledCsv(dir, 0, 0);
        int code =
                EvaluateFixtures.evaluate(
                        cli,
                        data,
                        dir,
                        "--no-job-check",
                        "--rcf-shingle",
                        "0",
                        "--train-fraction",
                        "0.9");
        assertThat(code).as("--train-fraction 0.9 with --dataset csv and --train-rows").isNotZero();
        assertThat(cli.err.toString().lines().findFirst().orElse("")).contains("--train-fraction");
    }
}
