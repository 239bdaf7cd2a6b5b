package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.train.ModelKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A wrong demo option fails at once, before any broker or training, naming the option. */
class DemoCommandTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--kind|foo|--kind: unknown model kind 'foo'",
                "--kind|pca|expected one of dense, denoising, vae, conv, lstm, gru",
                "--window|1|--window must be at least 2",
                "--entities|0|--entities must be at least 3",
                "--entities|2|--entities must be at least 3 (an incident goes to every third machine), was 2",
                "--records|-5|--records must be at least 203",
                "--records|200|--records must be at least 203 (the first incident starts after 200 records), was 200",
                "--history|0|--history must be at least 1",
                "--epochs|0|--epochs must be at least 1",
                "--features|3|--features must be at least 4",
                "--delivery|twice|--delivery must be exactly-once or at-least-once",
                "--timeout|0|--timeout must be at least 1"
            })
    void refusesAWrongValueNamingItsOption(String option, String value, String message) {
        CliRun cli = new CliRun();
        String kind = option.equals("--window") ? "conv" : "dense";
        int code =
                option.equals("--kind")
                        ? cli.run("demo", option, value)
                        : cli.run("demo", "--kind", kind, option, value);

        assertThat(code).isEqualTo(2);
        assertThat(cli.err.toString()).contains(message).contains("Usage: residual demo");
    }

    @ParameterizedTest
    @CsvSource({"dense", "denoising", "vae"})
    void refusesAWindowForAPointwiseKind(String kind) {
        CliRun cli = new CliRun();

        assertThat(cli.run("demo", "--kind", kind, "--window", "8")).isEqualTo(2);
        assertThat(cli.err.toString())
                .contains("--window applies to the windowed kinds (conv, lstm, gru), not " + kind);
    }

    @ParameterizedTest
    @CsvSource({"conv", "lstm", "gru"})
    void refusesAWindowLongerThanAMachinesHistory(String kind) {
        CliRun cli = new CliRun();

        assertThat(cli.run("demo", "--kind", kind, "--history", "50", "--window", "64"))
                .isEqualTo(2);
        assertThat(cli.err.toString())
                .contains(
                        "--window must be at least 2 and at most --records and --history, was 64");
    }

    @Test
    void trainsAWindowedKindThroughRetrainWithTheDemosWindowAndEpochs() {
        DemoCommand demo = new DemoCommand();

        assertThat(demo.retrainOptions(ModelKind.CONV))
                .containsExactly(
                        "--seed",
                        "7",
                        "--kind",
                        "conv",
                        "--window",
                        Integer.toString(DemoCommand.DEFAULT_WINDOW),
                        "--epochs",
                        Integer.toString(DemoCommand.DEFAULT_WINDOWED_EPOCHS));
        assertThat(demo.retrainOptions(ModelKind.DENSE))
                .containsExactly("--seed", "7", "--kind", "dense");
        demo.window = 4;
        demo.epochs = 2;
        assertThat(demo.retrainOptions(ModelKind.GRU))
                .containsExactly("--seed", "7", "--kind", "gru", "--window", "4", "--epochs", "2");
    }
}
