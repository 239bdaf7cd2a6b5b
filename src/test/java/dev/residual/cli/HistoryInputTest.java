package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Wrong combinations of history options are refused, naming the option, before any reading. */
class HistoryInputTest {
    /** Runs {@code retrain} with the options and an output directory that is never written. */
    private static int retrain(CliRun cli, String... options) {
        List<String> args = new ArrayList<>(List.of("retrain"));
        args.addAll(List.of(options));
        args.addAll(List.of("--out", Path.of("target", "unused-models").toString()));
        return cli.run(args.toArray(String[]::new));
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = "|",
            value = {
                "history.csv | --from | 2026-01-01T00:00:00Z | --from applies to --input kafka://",
                "history.csv | --bootstrap-servers | localhost:1 | --bootstrap-servers applies to",
                "history.csv | --kafka-property | a=b | --kafka-property applies to",
                "kafka://t | --delimiter | ; | --delimiter applies to CSV files",
                "kafka://t | --features | a,b | needs --bootstrap-servers",
                "kafka:// | --features | a,b | needs a topic name",
            })
    void refusesOptionsOfTheOtherInput(String input, String option, String value, String error) {
        CliRun cli = new CliRun();
        int code = retrain(cli, "--input", input, option, value);
        assertThat(code).isNotZero();
        assertThat(cli.err.toString()).contains(error);
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = "|",
            value = {
                "--from | yesterday | --from must be an ISO-8601 instant",
                "--to | 2026-13-01 | --to must be an ISO-8601 instant",
            })
    void refusesTimesThatAreNotTimes(String option, String value, String error) {
        CliRun cli = new CliRun();
        int code =
                retrain(
                        cli,
                        "--input",
                        "kafka://t",
                        "--bootstrap-servers",
                        "localhost:1",
                        option,
                        value);
        assertThat(code).isNotZero();
        assertThat(cli.err.toString()).contains(error);
    }
}
