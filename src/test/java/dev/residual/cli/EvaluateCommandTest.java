package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
    @TempDir Path dir;

    private final CliRun cli = new CliRun();

    /** Two machines at the same level; see {@link EvaluateFixtures#labelledCsv}. */
    private Path labelledCsv() throws Exception {
        return EvaluateFixtures.labelledCsv(dir, 0, 0);
    }

    private int evaluate(String... more) throws Exception {
        return EvaluateFixtures.evaluate(cli, labelledCsv(), dir, more);
    }

    @Test
    void writesOneResultPerDetectorWithRandomCutForestBesideUs() throws Exception {
        assertThat(evaluate("--job-option", "threshold.cooldown=30s"))
                .as(cli.err.toString())
                .isZero();

        assertThat(
                        detectors(
                                r -> {
                                    for (String field :
                                            List.of(
                                                    "f1",
                                                    "far",
                                                    "mar",
                                                    "roc_auc",
                                                    "event_recall")) {
                                        assertThat(r.get(field).isNumber()).as(field).isTrue();
                                    }
                                    assertThat(r.get("nab_standard").isNull())
                                            .as("no change points, no NAB")
                                            .isTrue();
                                    assertThat(r.get("test_rows").asInt()).isEqualTo(200);
                                }))
                .containsExactly(
                        "dense rolling",
                        "dense rolling episodes",
                        "dense static",
                        "dense events",
                        "rcf");
        // The broken correlation stands out in the dense model's raw scores.
        JsonNode results = new ObjectMapper().readTree(dir.resolve("out/results.json").toFile());
        assertThat(results.get(0).get("roc_auc").asDouble()).isGreaterThan(0.9);
        String table = Files.readString(dir.resolve("out/results.md"));
        assertThat(table).contains("| csv | rcf |").contains("ROC-AUC");
        assertThat(cli.out.toString())
                .contains("| csv | dense static |")
                .contains("the job on a MiniCluster alerted on the same");
        assertThat(dir.resolve("out/scores/csv-rcf.csv")).exists();
    }

    @Test
    void windowedKindsTrainOnEachEntitysWindowsAndTheJobServesThem() throws Exception {
        assertThat(
                        evaluate(
                                "--kinds",
                                "conv,lstm",
                                "--window",
                                "4",
                                "--hidden",
                                "3,2",
                                "--hidden-size",
                                "5",
                                "--job-option",
                                "threshold.cooldown=30s"))
                .as(cli.err.toString())
                .isZero();
        // The window's warm-up falls in the 200 training rows.
        assertThat(detectors(r -> assertThat(r.get("unscored_test_rows").asInt()).isZero()))
                .containsExactly(
                        "conv rolling",
                        "conv rolling episodes",
                        "conv static",
                        "conv events",
                        "lstm rolling",
                        "lstm rolling episodes",
                        "lstm static",
                        "lstm events",
                        "rcf");
        assertThat(cli.out.toString())
                .contains("threshold.warmup-records=197")
                .as("the forest's shingle is our window")
                .contains("RandomCutForest, shingle 4")
                .contains("conv: the job on a MiniCluster alerted on the same")
                .contains("lstm: the job on a MiniCluster alerted on the same");
        String manifest = Files.readString(dir.resolve("out/bundles/csv-lstm/manifest.json"));
        assertThat(manifest).contains("\"window\" : 4");
        assertThat(architecture("csv-conv").get("channels").toString()).isEqualTo("[3,2]");
        assertThat(architecture("csv-lstm").get("hidden_size").asInt()).isEqualTo(5);
    }

    private JsonNode architecture(String bundle) throws Exception {
        return new ObjectMapper()
                .readTree(dir.resolve("out/bundles/" + bundle + "/manifest.json").toFile())
                .get("architecture");
    }

    @Test
    void capacityOptionsOfAbsentKindsOrNotSizesFailNamingTheOptionBeforeTraining()
            throws Exception {
        assertThat(evaluate("--kinds", "dense,lstm", "--hidden", "8,4")).isNotZero();
        assertThat(cli.err.toString()).contains("--hidden applies to --kinds conv, not dense,lstm");
        assertThat(evaluate("--kinds", "conv", "--hidden-size", "8")).isNotZero();
        assertThat(cli.err.toString())
                .contains("--hidden-size applies to --kinds lstm or gru, not conv");
        assertThat(evaluate("--kinds", "conv", "--hidden", "8,x")).isNotZero();
        assertThat(cli.err.toString()).contains("--hidden must be auto or positive sizes");
        assertThat(evaluate("--kinds", "gru", "--hidden-size", "0")).isNotZero();
        assertThat(cli.err.toString()).contains("--hidden-size must be auto or one positive size");
        assertThat(evaluate("--kinds", "gru", "--hidden-size", "4,2")).isNotZero();
        assertThat(cli.err.toString()).contains("--hidden-size must be auto or one positive size");
        assertThat(dir.resolve("out/bundles")).doesNotExist();
    }

    @Test
    void latentScoreNamesItsDetectorsAndTheJobServesItsBundle() throws Exception {
        assertThat(
                        evaluate(
                                "--score",
                                "reconstruction+latent",
                                "--job-option",
                                "threshold.cooldown=30s"))
                .as(cli.err.toString())
                .isZero();
        assertThat(detectors(r -> {}))
                .containsExactly(
                        "dense+latent rolling",
                        "dense+latent rolling episodes",
                        "dense+latent static",
                        "dense+latent events",
                        "rcf");
        assertThat(cli.out.toString())
                .contains("training dense, score reconstruction+latent")
                .contains("dense+latent: the job on a MiniCluster alerted on the same");
        String manifest = Files.readString(dir.resolve("out/bundles/csv-dense/manifest.json"));
        assertThat(manifest).contains("\"score\" : \"reconstruction+latent\"");
    }

    @Test
    void latentScoreForAWindowedKindFailsNamingTheOptionBeforeTraining() throws Exception {
        assertThat(evaluate("--kinds", "dense,conv", "--score", "reconstruction+latent"))
                .isNotZero();
        assertThat(cli.err.toString())
                .contains("--score reconstruction+latent applies to the dense kinds")
                .contains("not conv");
        assertThat(evaluate("--score", "latent")).isNotZero();
        assertThat(cli.err.toString()).contains("--score").contains("'latent'");
    }

    /** The detectors of out/results.json in order, each of its objects checked by {@code check}. */
    private List<String> detectors(Consumer<JsonNode> check) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode r : new ObjectMapper().readTree(dir.resolve("out/results.json").toFile())) {
            out.add(r.get("detector").asText());
            check.accept(r);
        }
        return out;
    }

    @Test
    void aWrongDatasetFailsNamingTheOption() throws Exception {
        assertThat(evaluate("--dataset", "nab")).isNotZero();
        assertThat(cli.err.toString()).contains("--dataset");
    }

    @Test
    void aWrongJobOptionFailsNamingIt() throws Exception {
        assertThat(evaluate("--job-option", "threshold.sigma=2")).isNotZero();
        assertThat(cli.err.toString()).contains("threshold.sigma");
        assertThat(dir.resolve("out/bundles")).as("refused before training").doesNotExist();
    }

    @Test
    void smoothingReachesTheReplayAndTheJobAlike() throws Exception {
        List<String> skab =
                List.of(
                        "--job-option",
                        "threshold.spread=entity",
                        "--job-option",
                        "threshold.sigmas=2.33",
                        "--job-option",
                        "threshold.floor-ratio=0",
                        "--job-option",
                        "threshold.cooldown=30s");
        List<String> smoothing = new ArrayList<>(skab);
        smoothing.addAll(List.of("--job-option", "threshold.smoothing=5s"));
        assertThat(evaluate(smoothing.toArray(String[]::new))).as(cli.err.toString()).isZero();
        // The job alerted on exactly the rows the replay did, and those were the incidents.
        assertThat(cli.out.toString()).contains("the job on a MiniCluster alerted on the same");
        JsonNode results = new ObjectMapper().readTree(dir.resolve("out/results.json").toFile());
        JsonNode events = results.get(3);
        assertThat(events.get("detector").asText()).isEqualTo("dense events");
        assertThat(events.get("event_recall").asDouble()).isEqualTo(1.0);

        // The same run without smoothing flags other rows: the option did reach the threshold.
        Path smoothed = dir.resolve("out-smoothed");
        Files.move(dir.resolve("out"), smoothed);
        assertThat(evaluate(skab.toArray(String[]::new))).as(cli.err.toString()).isZero();
        List<String> withSmoothing = rollingFlags(smoothed);
        List<String> without = rollingFlags(dir.resolve("out"));
        assertThat(withSmoothing).hasSameSizeAs(without).isNotEqualTo(without);
    }

    /** The flagged column of the dense kind's rolling detector, row by row. */
    private static List<String> rollingFlags(Path out) throws Exception {
        Path scores;
        try (var files = Files.list(out.resolve("scores"))) {
            scores =
                    files.filter(f -> f.getFileName().toString().endsWith("-dense-rolling.csv"))
                            .findFirst()
                            .orElseThrow();
        }
        List<String> lines = Files.readAllLines(scores);
        int flagged = List.of(lines.get(0).split(",")).indexOf("flagged");
        assertThat(flagged).isNotNegative();
        return lines.stream().skip(1).map(l -> l.split(",")[flagged]).toList();
    }

    @Test
    void smoothingWithTheBundlesSpreadFailsNamingBothBeforeTraining() throws Exception {
        assertThat(evaluate("--job-option", "threshold.smoothing=5s")).isNotZero();
        assertThat(cli.err.toString())
                .contains("threshold.smoothing = 5000 ms needs threshold.spread = entity");
        assertThat(dir.resolve("out/bundles")).as("refused before training").doesNotExist();
    }

    @Test
    void aWrongWindowFailsNamingTheOptionBeforeTraining() throws Exception {
        assertThat(evaluate("--kinds", "lstm", "--window", "1")).isNotZero();
        assertThat(cli.err.toString()).contains("--window");
        assertThat(evaluate("--kinds", "lstm", "--window-score", "max")).isNotZero();
        assertThat(cli.err.toString()).contains("--window-score").contains("max");
        assertThat(dir.resolve("out/bundles")).doesNotExist();
    }

    @Test
    void anUnknownKindFailsNamingTheOption() throws Exception {
        assertThat(evaluate("--kinds", "dense,transformer")).isNotZero();
        assertThat(cli.err.toString()).contains("--kinds").contains("transformer");
    }
}
