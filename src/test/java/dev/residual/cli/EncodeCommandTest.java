package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.eval.SyntheticFleet;
import dev.residual.model.ModelBundle;
import dev.residual.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncodeCommandTest {
    @TempDir Path dir;

    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    private final SyntheticFleet fleet = new SyntheticFleet(6, 4);
    private Path models;

    @BeforeEach
    void trainABundle() throws Exception {
        models = TestModels.retrain(fleet, SyntheticFleet.entities(2), 300, dir, "--epochs", "5");
    }

    @Test
    void writesOneLatentVectorPerInputRowInOrder() throws Exception {
        Path input = dir.resolve("input.csv");
        fleet.writeHistoryCsv(input, List.of("x"), 50, 0, 1000);
        Path out = dir.resolve("latent.csv");

        assertThat(encode(input, out)).isZero();

        List<String> lines = Files.readAllLines(out);
        int latent =
                ((Number) ModelBundle.load(models).manifest().architecture.get("latent_dim"))
                        .intValue();
        assertThat(lines).hasSize(51);
        assertThat(lines.get(0).split(",")).hasSize(latent).startsWith("latent_0");
        assertThat(lines.get(1).split(",")).hasSize(latent);
        assertThat(lines.get(1)).isNotEqualTo(lines.get(2));
    }

    @Test
    void inputWithoutABundleFeatureIsRefusedByName() throws Exception {
        Path input = dir.resolve("input.csv");
        Files.writeString(input, "temp,vibration\n1,2\n");
        assertThat(encode(input, dir.resolve("o.csv"))).isNotZero();
        assertThat(cli.err.toString()).contains("no column for the bundle's feature \"pressure\"");
    }

    @Test
    void aRefusedInputLeavesAnExistingOutAsItWasAndNoTempFile() throws Exception {
        Path input = dir.resolve("input.csv");
        Files.writeString(input, "temp,vibration\n1,2\n");
        Path out = Files.writeString(dir.resolve("o.csv"), "yesterday's codes\n");
        List<Path> before;
        try (var files = Files.list(dir)) {
            before = files.sorted().toList();
        }

        int code = encode(input, out, "--delimiter", ",");

        assertThat(code).isNotZero();
        assertThat(Files.readString(out)).isEqualTo("yesterday's codes\n");
        try (var files = Files.list(dir)) {
            assertThat(files.sorted().toList()).as("no temp file left").isEqualTo(before);
        }
    }

    @Test
    void aDelimiterWithJsonLinesInputIsRefusedNamingIt() throws Exception {
        Path input = Files.writeString(dir.resolve("input.jsonl"), "{}\n");

        int code = encode(input, dir.resolve("o.csv"), "--delimiter", ";");

        assertThat(code).isNotZero();
        assertThat(cli.err.toString().lines().findFirst().orElse(""))
                .contains("--delimiter")
                .contains("JSON lines");
    }

    private int encode(Path input, Path out, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "encode",
                                "--bundle",
                                models.toString(),
                                "--input",
                                input.toString(),
                                "--out",
                                out.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void aWindowedBundleIsRefusedNamingItsWindow() throws Exception {
        Path convDir = Files.createDirectories(dir.resolve("conv"));
        Path conv =
                TestModels.retrain(
                        fleet,
                        SyntheticFleet.entities(2),
                        100,
                        convDir,
                        "--kind",
                        "conv",
                        "--window",
                        "4",
                        "--epochs",
                        "2");
        Path input = dir.resolve("input.csv");
        fleet.writeHistoryCsv(input, List.of("x"), 10, 0, 1000);

        int code =
                run(
                        "encode",
                        "--bundle",
                        conv.toString(),
                        "--input",
                        input.toString(),
                        "--out",
                        dir.resolve("o.csv").toString());

        assertThat(code).isEqualTo(1);
        assertThat(cli.err.toString())
                .contains("is windowed (window 4 rows, kind conv)", "one row at a time");
    }
}
