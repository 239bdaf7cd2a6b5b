package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.model.Manifest;
import dev.residual.model.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecurrentRetrainCommandTest {
    @TempDir Path dir;

    private final CliRun cli = new CliRun();

    /**
     * Two machines' rows interleaved, with entity and time columns: a slow oscillation per machine
     * and a noisy second feature that follows it.
     */
    private Path history() throws IOException {
        Path csv = dir.resolve("fleet.csv");
        StringBuilder sb = new StringBuilder("datetime;entity;a;b\n");
        Random random = new Random(2);
        for (int t = 0; t < 300; t++) {
            for (int e = 0; e < 2; e++) {
                double a = Math.sin(t / 5.0 + e) + 0.05 * random.nextGaussian();
                sb.append(
                        String.format(
                                Locale.ROOT,
                                "2020-02-08 %02d:%02d:%02d;m%d;%f;%f%n",
                                10 + t / 3600,
                                t / 60 % 60,
                                t % 60,
                                e,
                                a,
                                2 * a + 0.1 * random.nextGaussian()));
            }
        }
        Files.writeString(csv, sb);
        return csv;
    }

    @ParameterizedTest
    @CsvSource({"lstm, lstm-ae, window", "gru, gru-ae, last"})
    void retrainsAWindowedBundleOfEitherCell(String kind, String prefix, String score)
            throws IOException {
        Path models = dir.resolve("models");
        int code =
                cli.run(
                        "retrain",
                        "--kind",
                        kind,
                        "--window",
                        "8",
                        "--window-score",
                        score,
                        "--hidden-size",
                        "4",
                        "--epochs",
                        "2",
                        "--input",
                        history().toString(),
                        "--delimiter",
                        ";",
                        "--out",
                        models.toString(),
                        "--publish",
                        "--no-progress");
        assertThat(code).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString())
                .contains("model id   " + prefix + "/", "windows ", "(of 8 rows), 2 features");
        Manifest m = ModelBundle.load(models).manifest();
        assertThat(m.kind).isEqualTo(kind);
        assertThat(m.window).isEqualTo(8);
        assertThat(m.windowScore).isEqualTo(score);
        assertThat(m.features).containsExactly("a", "b");
        assertThat(m.training).containsEntry("entities", 2).containsEntry("segments", 2);
        assertThat(cli.run("inspect", models.toString())).isZero();
        assertThat(cli.out.toString())
                .contains(
                        "window       8 rows, scored " + ("last".equals(score) ? "at" : "over"),
                        "rows         600",
                        "train windows",
                        "validation windows");
        for (String command : new String[] {"encode", "denoise"}) {
            int refused =
                    cli.run(
                            command,
                            "--bundle",
                            models.toString(),
                            "--input",
                            history().toString(),
                            "--delimiter",
                            ";",
                            "--out",
                            dir.resolve(command + ".csv").toString());
            assertThat(refused).isEqualTo(1);
            assertThat(cli.err.toString())
                    .contains(
                            "is windowed (window 8 rows, kind " + kind + ")", "one row at a time");
        }
    }

    @Test
    void aWindowOfOneRowIsRefusedNamingTheOption() throws IOException {
        int code = retrain("--kind", "lstm", "--window", "1");
        assertThat(code).isEqualTo(1);
        assertThat(cli.err.toString()).contains("--window must be at least 2, got 1");
    }

    @Test
    void anUnknownWindowScoreIsRefusedNamingTheOption() throws IOException {
        int code = retrain("--kind", "gru", "--window-score", "middle");
        assertThat(code).isEqualTo(1);
        assertThat(cli.err.toString()).contains("--window-score must be window or last");
    }

    @Test
    void windowOptionsAreRefusedForPointwiseKinds() throws IOException {
        int code = retrain("--kind", "dense", "--window", "8");
        assertThat(code).isEqualTo(1);
        assertThat(cli.err.toString())
                .contains("--window applies to the windowed kinds (conv, lstm, gru), not dense");
    }

    @Test
    void denseLayerOptionsAreRefusedForRecurrentKinds() throws IOException {
        int code = retrain("--kind", "lstm", "--hidden", "4,2");
        assertThat(code).isEqualTo(1);
        assertThat(cli.err.toString())
                .contains("--hidden applies to the dense kinds and conv, not lstm");
    }

    private int retrain(String... options) throws IOException {
        String[] base = {
            "retrain", "--input", history().toString(), "--delimiter", ";", "--out", "m"
        };
        String[] args = new String[base.length + options.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(options, 0, args, base.length, options.length);
        return cli.run(args);
    }
}
