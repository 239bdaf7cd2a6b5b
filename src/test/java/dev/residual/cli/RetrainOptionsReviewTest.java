package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.model.ModelBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** retrain: a wrong option fails at start, naming it; an option given is never ignored. */
class RetrainOptionsReviewTest {
    @TempDir Path dir;

    private final CliRun cli = new CliRun();

    private int retrain(String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("--epochs", "3"));
        args.addAll(List.of(more));
        return retrainWith(args.toArray(String[]::new));
    }

    /** The first line the command printed on stderr: its error, without the usage. */
    private String error() {
        return cli.err.toString().lines().findFirst().orElse("");
    }

    private int retrainWith(String... more) throws IOException {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "retrain",
                                "--input",
                                RetrainCommandTest.history(dir).toString(),
                                "--delimiter",
                                ";",
                                "--out",
                                dir.resolve("models").toString(),
                                "--no-progress"));
        args.addAll(List.of(more));
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void featuresWithACsvInputAreHonouredOrRefused() throws IOException {
        int code = retrain("--features", "a,b", "--name", "ab");
        if (code == 0) {
            assertThat(ModelBundle.load(dir.resolve("models/ab")).manifest().features)
                    .as("the bundle's features, asked for with --features a,b")
                    .containsExactly("a", "b");
        } else {
            assertThat(error()).contains("--features");
        }
    }

    @Test
    void aThresholdQuantileOutsideZeroOneFailsBeforeTrainingNamingTheOption() throws IOException {
        int code = retrain("--threshold-quantile", "1.5");
        assertThat(code).isNotZero();
        assertThat(error()).contains("--threshold-quantile");
        assertThat(cli.out.toString()).as("no epoch is trained").doesNotContain("epoch ");
    }

    @Test
    void anEpochCountBelowOneFailsNamingTheOption() throws IOException {
        int code = retrainWith("--epochs", "0");
        assertThat(code).isNotZero();
        assertThat(error()).contains("--epochs");
    }

    @Test
    void aBundleNameThatIsTakenFailsBeforeTraining() throws IOException {
        assertThat(retrain("--name", "taken")).as(cli.err.toString()).isZero();
        CliRun again = new CliRun();
        int code =
                again.run(
                        "retrain",
                        "--input",
                        dir.resolve("h.csv").toString(),
                        "--delimiter",
                        ";",
                        "--out",
                        dir.resolve("models").toString(),
                        "--epochs",
                        "3",
                        "--no-progress",
                        "--name",
                        "taken");
        assertThat(code).isNotZero();
        assertThat(again.out.toString()).as("no epoch is trained").doesNotContain("epoch ");
    }
}
