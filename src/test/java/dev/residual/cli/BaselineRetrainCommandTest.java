package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.eval.SyntheticFleet;
import dev.residual.model.Manifest;
import dev.residual.model.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code retrain --entity-baseline}: the bundle records the baseline the job will apply. */
class BaselineRetrainCommandTest {
    @TempDir Path dir;

    private final CliRun cli = new CliRun();

    private Path untimedHistory() throws IOException {
        return RetrainCommandTest.history(dir);
    }

    private int retrain(Path csv, String delimiter, Path models, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "retrain",
                                "--input",
                                csv.toString(),
                                "--delimiter",
                                delimiter,
                                "--out",
                                models.toString(),
                                "--epochs",
                                "3",
                                "--hidden",
                                "2,1",
                                "--name",
                                "b"));
        args.addAll(List.of(more));
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void theBundleRecordsTheBaselineAndTheSameSeedGivesTheSameBytes() throws IOException {
        Path csv = untimedHistory();
        String[] baseline = {
            "--entity-baseline", "--baseline-warmup", "50", "--baseline-half-life", "0"
        };
        assertThat(retrain(csv, ";", dir.resolve("one"), baseline)).as(cli.err.toString()).isZero();
        assertThat(retrain(csv, ";", dir.resolve("two"), baseline)).as(cli.err.toString()).isZero();

        Manifest m = ModelBundle.load(dir.resolve("one").resolve("b")).manifest();
        assertThat(m.entityBaseline.warmupRecords).isEqualTo(50);
        assertThat(m.entityBaseline.halfLifeMs).isZero();
        assertThat(m.entityBaseline.clip).isEqualTo(3.0);
        assertThat(m.training.get("rows")).as("the warm-up is not trained on").isEqualTo(150);
        assertThat(m.provenance).containsEntry("baseline.warmup_records", "50");
        assertThat(Files.readAllBytes(dir.resolve("one/b/model.onnx")))
                .isEqualTo(Files.readAllBytes(dir.resolve("two/b/model.onnx")));

        assertThat(cli.run("inspect", dir.resolve("one/b").toString())).isZero();
        assertThat(cli.out.toString())
                .contains("baseline     per entity: warm-up 50 records (unscored), half-life 0");
    }

    @Test
    void eachEntityIsBaselinedByItsOwnRowsInTimeOrder() throws IOException {
        Path csv = dir.resolve("fleet.csv");
        new SyntheticFleet(4, 3)
                .writeHistoryCsv(csv, SyntheticFleet.entities(2), 300, 1_600_000_000_000L, 1000);
        int code = retrain(csv, ",", dir.resolve("m"), "--entity-baseline");
        assertThat(code).as(cli.err.toString()).isZero();
        Manifest m = ModelBundle.load(dir.resolve("m/b")).manifest();
        assertThat(m.training.get("rows")).isEqualTo(2 * (300 - 100));
        assertThat(m.entityBaseline.halfLifeMs).isEqualTo(3_600_000L);
        assertThat(cli.run("inspect", dir.resolve("m").resolve("b").toString())).isZero();
        assertThat(cli.out.toString()).contains("half-life 3600000 ms, clip 3.0 sd");
    }

    @Test
    void aWindowedKindWindowsEachEntitysStandardisedRows() throws IOException {
        Path csv = dir.resolve("fleet.csv");
        new SyntheticFleet(4, 3)
                .writeHistoryCsv(csv, SyntheticFleet.entities(2), 300, 1_600_000_000_000L, 1000);
        int code =
                retrain(
                        csv,
                        ",",
                        dir.resolve("m"),
                        "--kind",
                        "conv",
                        "--window",
                        "4",
                        "--entity-baseline",
                        "--baseline-warmup",
                        "50");
        assertThat(code).as(cli.err.toString()).isZero();
        Manifest m = ModelBundle.load(dir.resolve("m/b")).manifest();
        assertThat(m.window).isEqualTo(4);
        assertThat(m.entityBaseline.warmupRecords).isEqualTo(50);
        // Each entity's 250 standardised rows give 247 windows of 4 (without the baseline's
        // warm-up left out, 297); the split purges those that share rows with validation.
        assertThat(cli.out.toString()).contains("windows").contains("(of 4 rows)");
        assertThat(
                        ((Number) m.training.get("train_windows")).longValue()
                                + ((Number) m.training.get("validation_windows")).longValue())
                .isBetween(2 * (300 - 50 - 3) * 9L / 10, 2 * (300 - 50 - 3L));
    }

    @Test
    void aHalfLifeNeedsTheTimeOfEveryRow() throws IOException {
        int code = retrain(untimedHistory(), ";", dir.resolve("m"), "--entity-baseline");
        assertThat(code).isEqualTo(1);
        assertThat(cli.err.toString())
                .contains("needs the time of every row", "half-life of 0")
                .doesNotContain("\tat ");
    }

    @ParameterizedTest
    @CsvSource({
        "dense, --baseline-clip, 2, --baseline-clip applies with --entity-baseline",
        "conv, --baseline-warmup, 10, --baseline-warmup applies with --entity-baseline",
    })
    void aWrongBaselineOptionFailsNamingIt(String kind, String option, String value, String error)
            throws IOException {
        List<String> more = new ArrayList<>(List.of("--kind", kind, option));
        if (value != null) {
            more.add(value);
        }
        int code = retrain(untimedHistory(), ";", dir.resolve("m"), more.toArray(String[]::new));
        assertThat(code).isEqualTo(1);
        assertThat(cli.err.toString()).contains(error).doesNotContain("\tat ");
    }

    @ParameterizedTest
    @CsvSource({
        "--baseline-warmup, 1, --baseline-warmup must be at least 2 records, got 1",
        "--baseline-half-life, soon, --baseline-half-life must be a duration such as 30min or 1h,"
                + " got 'soon'",
        "--baseline-half-life, -1h, --baseline-half-life",
        "--baseline-half-life, 500micros, --baseline-half-life must be 0 (frozen) or at least 1 ms",
        "--baseline-clip, 0, --baseline-clip must be positive, got 0.0"
    })
    void aWrongBaselineValueFailsNamingTheOption(String option, String value, String error)
            throws IOException {
        int code =
                retrain(
                        untimedHistory(),
                        ";",
                        dir.resolve("m"),
                        "--entity-baseline",
                        option,
                        value);
        assertThat(code).isEqualTo(1);
        assertThat(cli.err.toString()).contains(error).doesNotContain("\tat ");
        assertThat(Files.exists(dir.resolve("m"))).isFalse();
    }
}
