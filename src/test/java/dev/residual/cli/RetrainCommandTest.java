package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.job.JobArguments;
import dev.residual.job.JobSettings;
import dev.residual.model.Manifest;
import dev.residual.model.ModelBundle;
import dev.residual.score.WindowState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetrainCommandTest {
    @TempDir Path dir;

    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    private Path history() throws IOException {
        return history(dir);
    }

    /**
     * 200 rows of three correlated features, one entity (no entity column), under a datetime column
     * whose values are not times.
     */
    static Path history(Path dir) throws IOException {
        Path csv = dir.resolve("h.csv");
        StringBuilder sb = new StringBuilder("datetime;a;b;c\n");
        Random random = new Random(1);
        for (int i = 0; i < 200; i++) {
            double z = random.nextGaussian();
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "t%d;%f;%f;%f%n",
                            i,
                            z,
                            2 * z + 0.1 * random.nextGaussian(),
                            random.nextGaussian()));
        }
        Files.writeString(csv, sb);
        return csv;
    }

    /** A three-epoch retrain of {@link #history()} into {@code models}, published. */
    private int retrainSmall(Path models, String... more) throws IOException {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "retrain",
                                "--input",
                                history().toString(),
                                "--delimiter",
                                ";",
                                "--out",
                                models.toString(),
                                "--epochs",
                                "3",
                                "--hidden",
                                "2,1",
                                "--publish"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void retrainWritesAndPublishesABundle() throws IOException {
        Path models = dir.resolve("models");
        int code = retrainSmall(models, "--name", "first");
        assertThat(code).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString()).contains("epoch   3", "model id   dense-ae/", "threshold");
        assertThat(ModelBundle.load(models).dir()).isEqualTo(models.resolve("first"));
    }

    @Test
    void capturedOutputGetsOnePlainLinePerEpochBeforeTheSummary() throws IOException {
        int code = retrainSmall(dir.resolve("models"), "--no-progress");
        assertThat(code).as(cli.err.toString()).isZero();
        String out = cli.out.toString();
        assertThat(out).containsPattern("(?m)^epoch   1  train loss \\d+\\.\\d{6}  val loss \\d+");
        assertThat(out.indexOf("epoch   3")).isPositive().isLessThan(out.indexOf("bundle     "));
    }

    @ParameterizedTest
    @CsvSource({
        "denoising, --noise-std, 0.2, denoising-ae/",
        "denoising, --mask-fraction, 0.1, denoising-ae/",
        "vae, --kl-warmup, 2, vae/",
        "vae, --vae-score, elbo, vae/"
    })
    void everyKindWritesABundleNamedAfterIt(String kind, String option, String value, String id)
            throws IOException {
        Path models = dir.resolve("models");
        int code = retrainSmall(models, "--kind", kind, option, value);
        assertThat(code).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString()).contains("model id   " + id);
        assertThat(ModelBundle.load(models).manifest().kind).isEqualTo(kind);
    }

    @ParameterizedTest
    @CsvSource({"dense", "denoising", "vae"})
    void latentScoreIsWrittenToTheManifestAndShownByInspectAndTheReport(String kind)
            throws IOException {
        Path models = dir.resolve("models");
        int code = retrainSmall(models, "--kind", kind, "--score", "reconstruction+latent");
        assertThat(code).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString())
                .containsPattern(
                        "score      reconstruction\\+latent: reconstruction / \\S+ \\+ T² /");
        ModelBundle bundle = ModelBundle.load(models);
        var manifest = bundle.manifest();
        assertThat(manifest.score).isEqualTo("reconstruction+latent");
        assertThat(manifest.latentScore.latentDim).isEqualTo(1);
        assertThat(manifest.latentScore.reconstructionMean).isPositive();
        assertThat(Files.readString(bundle.dir().resolve("report.html")))
                .contains("reconstruction+latent: reconstruction /");
        assertThat(run("inspect", models.toString())).isZero();
        assertThat(cli.out.toString())
                .contains("score        reconstruction+latent: reconstruction /")
                .contains("k = 1 code dimensions");
    }

    @Test
    void theDefaultScoreIsReconstruction() throws IOException {
        Path models = dir.resolve("models");
        assertThat(retrainSmall(models)).as(cli.err.toString()).isZero();
        var manifest = ModelBundle.load(models).manifest();
        assertThat(manifest.score).isEqualTo("reconstruction");
        assertThat(manifest.latentScore).isNull();
        assertThat(cli.out.toString()).doesNotContain("score      ");
    }

    @Test
    void convKindWritesAWindowedBundle() throws IOException {
        Path models = dir.resolve("models");
        int code =
                retrainSmall(models, "--kind", "conv", "--window", "4", "--window-score", "window");
        assertThat(code).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString())
                .contains("model id   conv-ae/")
                .containsPattern(
                        "windows    \\d+ train, \\d+ validation \\(of 4 rows\\), 3 features");
        var manifest = ModelBundle.load(models).manifest();
        assertThat(cli.out.toString())
                .as("the auto bottleneck's width")
                .contains("latent     " + manifest.architecture.get("latent_dim") + " values");
        assertThat(manifest.kind).isEqualTo("conv");
        assertThat(manifest.window).isEqualTo(4);
        assertThat(manifest.windowScore).isEqualTo("window");
        assertThat(manifest.inputWidth()).isEqualTo(4 * 3);
    }

    /** {@link #history(Path)}'s rows as JSON lines with the fields named id, time and values. */
    private Path jsonHistory() throws IOException {
        List<String> lines = Files.readAllLines(history());
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(";");
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "{\"id\":\"m1\",\"time\":\"%s\",\"values\":{\"a\":%s,\"b\":%s,"
                                    + "\"c\":%s}}%n",
                            java.time.Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * i),
                            cells[1],
                            cells[2],
                            cells[3]));
        }
        return Files.writeString(dir.resolve("h.jsonl"), sb);
    }

    /** retrain of a conv bundle (W = 4) from {@link #jsonHistory()} into {@code models}. */
    private List<String> convJsonRetrain(Path models) throws IOException {
        return new ArrayList<>(
                List.of(
                        "retrain",
                        "--input",
                        jsonHistory().toString(),
                        "--out",
                        models.toString(),
                        "--epochs",
                        "2",
                        "--kind",
                        "conv",
                        "--window",
                        "4"));
    }

    @Test
    void aDelimiterWithJsonLinesIsRefusedNamingIt() throws IOException {
        int code =
                run(
                        "retrain",
                        "--input",
                        jsonHistory().toString(),
                        "--delimiter",
                        ";",
                        "--out",
                        dir.resolve("models").toString());
        assertThat(code).isEqualTo(1);
        assertThat(cli.err.toString()).contains("--delimiter applies to CSV files, not JSON lines");
    }

    @Test
    void jsonHistoryIsReadWithTheJobsDecodeOptions() throws IOException {
        Path models = dir.resolve("models");
        List<String> args = convJsonRetrain(models);
        assertThat(run(args.toArray(String[]::new))).isNotZero();
        assertThat(cli.err.toString()).contains("no named features in 'features'");
        args.addAll(
                List.of(
                        "--decode.entity-field",
                        "id",
                        "--decode.ts-field",
                        "time",
                        "--decode.features-field",
                        "values",
                        "--publish"));
        int code = run(args.toArray(String[]::new));
        assertThat(code).as(cli.err.toString()).isZero();
        // Ten steps of the records' own 60 s cadence, not of the time the file was read.
        assertThat(ModelBundle.load(models).manifest().architecture.get("window_gap_ms"))
                .isEqualTo(600_000);
    }

    /**
     * A JSON lines history without --decode.ts-field gives every row the same event time (the time
     * the file is read), so every step is 0 ms. A gap of 10 x max(1 ms, median) = 10 ms recorded in
     * the bundle would make the job, whose window.max-gap defaults to the bundle's, start a new
     * window at every served record: nothing scored, silently. No gap is recorded instead.
     */
    @Test
    void aJsonHistoryWithoutEventTimesDoesNotMakeTheJobRestartWindowsAtEveryRecord()
            throws IOException {
        Path models = dir.resolve("models");
        List<String> args = convJsonRetrain(models);
        args.addAll(
                List.of(
                        "--decode.entity-field",
                        "id",
                        "--decode.features-field",
                        "values",
                        "--publish"));
        int code = run(args.toArray(String[]::new));
        assertThat(code).as(cli.err.toString()).isZero();
        Manifest manifest = ModelBundle.load(models).manifest();
        JobSettings job =
                JobSettings.from(
                        new Configuration(),
                        JobArguments.parse(
                                "--bundle", models.toString(), "--kafka.bootstrap-servers", "k:1"));
        long gap = job.windowMaxGap(manifest).toMillis();

        WindowState window = WindowState.empty(4, 3);
        List<WindowState.Step> steps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            steps.add(window.offer(new float[3], 1_767_225_600_000L + i * 60_000L, gap));
        }
        assertThat(steps)
                .as("records a minute apart, served with the job's gap of %d ms", gap)
                .endsWith(WindowState.Step.FULL);
    }

    @Test
    void decodeOptionsAreRefusedForACsvHistory() throws IOException {
        int code = retrainSmall(dir.resolve("models"), "--decode.ts-field", "time");
        assertThat(code).isNotZero();
        assertThat(cli.err.toString())
                .contains("--decode.ts-field applies to JSON lines and kafka:// input");
    }

    @ParameterizedTest
    @CsvSource({
        "conv, --window, 1, --window must be at least 2",
        "conv, --window-score, mean, --window-score must be window or last, got 'mean'",
        "dense, --window, 8, '--window applies to the windowed kinds (conv, lstm, gru), not dense'",
        "vae, --window-score, last, '--window-score applies to the windowed kinds (conv, lstm, gru), not vae'",
        "conv, --weight-decay, 0.1, --weight-decay applies to the dense kinds, not conv",
        "conv, --hidden-size, 4, --hidden-size applies to --kind lstm or gru, not conv",
        "conv, --score, reconstruction+latent, '--score reconstruction+latent applies to the dense kinds (dense, denoising, vae), not conv'",
        "dense, --score, latent, --score: unknown score",
        "dense, --activation, sigmoid, --activation: unknown activation 'sigmoid'",
        "dense, --patience, 0, '--patience must be positive, got 0'",
        "dense, --batch-size, 0, '--batch-size must be positive, got 0'",
        "dense, --learning-rate, -1, '--learning-rate must be positive, got -1.0'",
        "dense, --weight-decay, -1, '--weight-decay must be >= 0, got -1.0'",
        "denoising, --noise-std, -1, '--noise-std must be >= 0, got -1.0'",
        "denoising, --mask-fraction, 1, '--mask-fraction must be in [0, 1), got 1.0'",
        "vae, --beta, -1, '--beta must be >= 0, got -1.0'",
        "vae, --kl-warmup, -1, '--kl-warmup must be >= 0 epochs, got -1'",
        "vae, --vae-score, kl, '--vae-score must be reconstruction or elbo, got kl'",
        "dense, --validation-fraction, 1, '--validation-fraction must be in (0, 1), got 1.0'",
        "dense, --threshold-quantile, 0, '--threshold-quantile must be in (0, 1), got 0.0'",
        "dense, --name, CURRENT, '--name: ''CURRENT'' is not a usable bundle or file name'"
    })
    void aWrongOptionFailsNamingIt(String kind, String option, String value, String error)
            throws IOException {
        int code = retrainSmall(dir.resolve("models"), "--kind", kind, option, value);
        assertThat(code).isEqualTo(1);
        assertThat(cli.err.toString()).contains(error).doesNotContain("\tat ");
    }

    @Test
    void unknownKindListsTheAcceptedOnes() {
        int code = run("retrain", "--kind", "transformer", "--input", "x.csv", "--out", "m");
        assertThat(code).isEqualTo(1);
        assertThat(cli.err.toString())
                .contains("--kind: ", "'transformer'", "dense, denoising, vae, conv, lstm, gru");
    }

    @Test
    void anotherKindsOptionIsRefused() {
        int code =
                run("retrain", "--kind", "dense", "--beta", "2", "--input", "x.csv", "--out", "m");
        assertThat(code).isEqualTo(1);
        assertThat(cli.err.toString()).contains("--beta applies to --kind vae, not dense");
    }

    @Test
    void wrongOptionPrintsItsNameAndUsageNotAStackTrace() {
        int code = run("retrain", "--input", "x.csv", "--out", "m", "--epoch", "3");
        assertThat(code).isEqualTo(2);
        assertThat(cli.err.toString())
                .contains("--epoch", "Usage: residual retrain")
                .doesNotContain("Exception");
    }

    @Test
    void missingFileIsOneLineError() {
        int code = run("retrain", "--input", dir.resolve("none.csv").toString(), "--out", "m");
        assertThat(code).isEqualTo(1);
        assertThat(cli.err.toString()).startsWith("error: no such file").doesNotContain("\tat ");
    }
}
