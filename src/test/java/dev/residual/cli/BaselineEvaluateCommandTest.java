package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residual.model.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate --entity-scaling baseline}: trained, replayed and run as the job runs it. */
class BaselineEvaluateCommandTest {
    @TempDir Path dir;

    private final CliRun cli = new CliRun();

    /** Two machines at very different levels: m1 sits 40 and 90 units above m0. */
    private Path labelledCsv() throws Exception {
        return EvaluateFixtures.labelledCsv(dir, 40, 90);
    }

    /** 2,500 rows of normal operation at a third level: two slices of 1,200 and a rest. */
    private Path normalCsv() throws Exception {
        Random r = new Random(8);
        StringBuilder b = new StringBuilder("ts,a,b\n");
        for (int i = 0; i < 2500; i++) {
            double a = Math.sin(i / 10.0) + 0.05 * r.nextGaussian();
            b.append(
                    String.format(
                            Locale.ROOT,
                            "%d,%.6f,%.6f%n",
                            1_700_000_000_000L + i * 1000L,
                            a - 20,
                            2 * a + 0.05 * r.nextGaussian() + 7));
        }
        return Files.writeString(dir.resolve("normal.csv"), b);
    }

    private int evaluate(String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--rcf-shingle", "0"));
        args.addAll(List.of(more));
        return EvaluateFixtures.evaluate(cli, labelledCsv(), dir, args.toArray(String[]::new));
    }

    @Test
    void trainsBehindTheBaselineAndTheJobAlertsOnTheReplaysRows() throws Exception {
        int code =
                evaluate(
                        "--entity-scaling",
                        "baseline",
                        "--baseline-warmup",
                        "50",
                        "--baseline-half-life",
                        "1min",
                        "--job-option",
                        "threshold.cooldown=30s",
                        "--normal-data",
                        normalCsv().toString());
        assertThat(code).as(cli.err.toString()).isZero();

        assertThat(cli.out.toString())
                .as("two slices of 1,200 rows, each warmed up on --train-rows 200")
                .contains("dense: normal data, 2 entities, 2000 test rows: rolling FAR ")
                .as("the warm-up less the baseline's 50 unscored rows")
                .contains("threshold.warmup-records=150")
                .contains("dense: the job on a MiniCluster alerted on the same");
        var manifest = ModelBundle.load(dir.resolve("out/bundles/csv-dense")).manifest();
        assertThat(manifest.entityBaseline.warmupRecords).isEqualTo(50);
        assertThat(manifest.entityBaseline.halfLifeMs).isEqualTo(60_000L);
        assertThat(manifest.training.get("rows")).isEqualTo(2 * (200 - 50));
        JsonNode results = new ObjectMapper().readTree(dir.resolve("out/results.json").toFile());
        assertThat(results.get(0).get("detector").asText()).isEqualTo("dense rolling");
        assertThat(results.get(0).get("unscored_test_rows").asInt()).isZero();
        assertThat(results.get(0).get("roc_auc").asDouble()).isGreaterThan(0.9);
        // The normal data's rows follow the set's: false alarms alone, no recall.
        JsonNode normal = results.get(results.size() - 4);
        assertThat(normal.get("dataset").asText()).isEqualTo("normal (normal)");
        assertThat(normal.get("detector").asText()).isEqualTo("dense rolling");
        assertThat(normal.get("far").isNumber()).isTrue();
        assertThat(normal.get("recall").isNull()).isTrue();
        // Scores of the baseline's warm-up rows are NaN: the job leaves them unscored.
        List<String> scores = Files.readAllLines(dir.resolve("out/scores/csv-dense-rolling.csv"));
        assertThat(scores.get(1)).contains("NaN");
    }

    @Test
    void aWindowedKindWindowsTheBaselinedRowsAsTheJobDoes() throws Exception {
        int code =
                evaluate(
                        "--entity-scaling",
                        "baseline",
                        "--baseline-warmup",
                        "50",
                        "--kinds",
                        "conv",
                        "--window",
                        "4",
                        "--job-option",
                        "threshold.cooldown=30s");
        assertThat(code).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString())
                .as("the warm-up less the baseline's 50 and the window's 3 unscored rows")
                .contains("threshold.warmup-records=147")
                .contains("conv: the job on a MiniCluster alerted on the same");
        var manifest = ModelBundle.load(dir.resolve("out/bundles/csv-conv")).manifest();
        assertThat(manifest.window).isEqualTo(4);
        assertThat(manifest.entityBaseline.warmupRecords).isEqualTo(50);
    }

    @Test
    void aWrongBaselineOptionFailsNamingItBeforeTraining() throws Exception {
        assertThat(evaluate("--slice-rows", "600")).isNotZero();
        assertThat(cli.err.toString()).contains("--slice-rows applies with --normal-data");
        assertThat(evaluate("--bundle", "x", "--hidden", "8,4")).isNotZero();
        assertThat(cli.err.toString()).contains("not to --bundle");
        assertThat(evaluate("--baseline-clip", "2")).isNotZero();
        assertThat(cli.err.toString())
                .contains("--baseline-clip applies with --entity-scaling baseline");
        assertThat(evaluate("--entity-scaling", "baseline", "--bundle", "x")).isNotZero();
        assertThat(cli.err.toString()).contains("a --bundle brings its own");
        assertThat(evaluate("--normal-data", dir.resolve("none.csv").toString())).isNotZero();
        assertThat(cli.err.toString()).contains("none.csv");
        assertThat(evaluate("--entity-scaling", "rolling")).isNotZero();
        assertThat(cli.err.toString()).contains("none, train-rows or baseline");
        assertThat(dir.resolve("out/bundles")).doesNotExist();
    }
}
