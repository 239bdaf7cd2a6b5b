package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** evaluate: wrong options fail before any data is read; a rerun into the same --out works. */
class EvaluateStartChecksTest {
    @TempDir Path dir;

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "skab|--train-rows|5|--train-rows applies to --dataset csv or with --normal-data",
                "odds|--train-rows|5|--train-rows applies to --dataset csv or with --normal-data",
                "skab|--delimiter|,|--delimiter applies to --dataset csv",
                "odds|--delimiter|;|--delimiter applies to --dataset csv",
                "skab|--kinds|dense,dense|--kinds names dense twice",
                "skab|--kinds|pca|--kinds: unknown model kind 'pca'",
                "csv|--epochs|0|--epochs must be positive, got 0",
                "tsv|--epochs|5|--dataset must be skab, odds or csv, got 'tsv'"
            })
    void anOptionOutsideWhereItAppliesFailsBeforeReadingNamingIt(
            String dataset, String option, String value, String error) {
        CliRun cli = new CliRun();
        // --data does not exist: the option is refused before it is looked at.
        int code =
                cli.run(
                        "evaluate",
                        "--dataset",
                        dataset,
                        "--data",
                        dir.resolve("no-such-data").toString(),
                        "--out",
                        dir.resolve("out").toString(),
                        option,
                        value);
        assertThat(code).isEqualTo(1);
        assertThat(cli.err.toString().lines().findFirst().orElse("")).contains(error);
    }

    @Test
    void kindsWithABundleAreRefusedBeforeReading() {
        CliRun cli = new CliRun();
        int code =
                cli.run(
                        "evaluate",
                        "--dataset",
                        "skab",
                        "--data",
                        dir.resolve("no-such-data").toString(),
                        "--out",
                        dir.resolve("out").toString(),
                        "--bundle",
                        dir.resolve("no-such-bundle").toString(),
                        "--kinds",
                        "dense,dense");
        assertThat(code).isEqualTo(1);
        assertThat(cli.err.toString().lines().findFirst().orElse(""))
                .contains("--kinds names the kinds evaluate trains; with --bundle it trains none");
    }

    @Test
    void aRerunIntoTheSameOutReplacesThePreviousRunsBundles() throws IOException {
        Path data = EvaluateFixtures.labelledCsv(dir, 0, 0);
        CliRun first = new CliRun();
        assertThat(evaluate(first, data)).as(first.err.toString()).isZero();
        List<Path> bundlesBefore = list(dir.resolve("out/bundles"));

        CliRun again = new CliRun();
        assertThat(evaluate(again, data)).as(again.err.toString()).isZero();

        assertThat(again.out.toString()).contains("replaced the previous run's");
        assertThat(list(dir.resolve("out/bundles"))).isEqualTo(bundlesBefore).isNotEmpty();
        assertThat(list(dir.resolve("out")))
                .as("no staging or previous bundles left")
                .noneMatch(p -> p.getFileName().toString().startsWith(".bundles"));
    }

    private static int evaluate(CliRun cli, Path data) {
        Path dir = data.getParent();
        return EvaluateFixtures.evaluate(cli, data, dir, "--no-job-check", "--rcf-shingle", "0");
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.map(dir::relativize).sorted().toList());
        }
    }
}
