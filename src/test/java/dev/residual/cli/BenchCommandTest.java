package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A wrong windowed option of the bench fails at once, before any broker, naming the option. */
class BenchCommandTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--windowed-kind dense|--windowed-kind must be conv, lstm or gru, was dense",
                "--windowed-kind pca|--windowed-kind: unknown model kind 'pca'",
                "--windowed-kind conv --windowed-bundle models|give --windowed-kind or"
                        + " --windowed-bundle, not both",
                "--windowed-kind gru --window 1|--window must be between 2 and 200, was 1",
                "--window 8|--window applies to --windowed-kind only"
            })
    void refusesAWrongWindowedOption(String args, String message) {
        CliRun cli = new CliRun();
        String[] command = ("bench " + args).split(" ");

        assertThat(cli.run(command)).isEqualTo(2);
        assertThat(cli.err.toString()).contains(message).contains("Usage: residual bench");
    }
}
