package dev.residual.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.eval.SyntheticFleet.Injection;
import dev.residual.eval.SyntheticFleet.Kind;
import dev.residual.eval.SyntheticFleet.Row;
import dev.residual.testing.WindowedTestModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A windowed bundle in the evaluation: windows assembled by the job's rules, scored as [N, W·F],
 * the job itself on a MiniCluster alerting on the same rows, and NAB scored on the job's events.
 */
class WindowedEvaluationTest {
    private static final int W = 5;
    private static final int ROWS = 600;
    private static final int TRAIN = 300;
    private static final long START = 1_700_000_000_000L;
    private static final SyntheticFleet FLEET = new SyntheticFleet(4, 5);
    private static final List<String> ENTITIES = SyntheticFleet.entities(3);

    @TempDir static Path dir;
    private static Path models;

    @BeforeAll
    static void trainWindowedBundle() {
        models = WindowedTestModels.write(FLEET, ENTITIES, 800, W, dir.resolve("models"));
    }

    @Test
    void windowsFollowTheJobsRulesForWarmUpGapsAndOrder() {
        float[][] rows = new float[8][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new float[] {i, -i};
        }
        // W = 3; row 4 comes before row 3 (out of order); row 6 after a gap of 10 s > 5 s.
        long[] ts = {0, 1000, 2000, 3000, 2500, 4000, 14_000, 15_000};
        float[][] w = AutoencoderReplay.windows(rows, ts, 3, Duration.ofSeconds(5));
        assertThat(w[0]).isNull();
        assertThat(w[1]).isNull();
        assertThat(w[2]).containsExactly(0, 0, 1, -1, 2, -2);
        assertThat(w[3]).containsExactly(1, -1, 2, -2, 3, -3);
        assertThat(w[4]).as("out of order: unscored, window unchanged").isNull();
        assertThat(w[5]).containsExactly(2, -2, 3, -3, 5, -5);
        assertThat(w[6]).as("a gap restarts the warm-up").isNull();
        assertThat(w[7]).isNull();
        assertThat(AutoencoderReplay.windows(rows, ts, 1, Duration.ofSeconds(5))).isSameAs(rows);
    }

    @Test
    void aWindowedBundleIsReplayedAsTheJobRunsItAndNabScoresItsEvents() throws Exception {
        StringWriter log = new StringWriter();
        Evaluation evaluation =
                new Evaluation(
                        List.of(),
                        models,
                        false,
                        5,
                        3,
                        List.of("threshold.cooldown=30s", "window.max-gap=1min"),
                        0,
                        true,
                        16,
                        null,
                        dev.residual.train.ScoreKind.RECONSTRUCTION,
                        null,
                        new int[0],
                        0);
        List<DetectorScore> scores =
                evaluation.run(labelled(), dir.resolve("out"), new PrintWriter(log, true));
        Map<String, DetectorScore> by =
                scores.stream().collect(Collectors.toMap(s -> s.detector(), Function.identity()));
        String kind = "dense-windowed-test";
        assertThat(by)
                .containsOnlyKeys(
                        kind + " rolling",
                        kind + " rolling episodes",
                        kind + " static",
                        kind + " events");
        assertThat(log.toString())
                .contains("the job on a MiniCluster alerted on the same")
                .contains("threshold.warmup-records=" + (TRAIN - (W - 1)));
        // The gap in machine-01's test rows restarts its window: W - 1 test rows go unscored.
        for (DetectorScore s : scores) {
            assertThat(s.unscoredTestRows()).isEqualTo(W - 1);
        }
        DetectorScore events = by.get(kind + " events");
        assertThat(events.alerts()).isPositive();
        assertThat(events.nabStandard()).isFinite();
        assertThat(by.get(kind + " rolling").rocAuc()).isGreaterThan(0.7);
        List<String> lines =
                Files.readAllLines(dir.resolve("out/scores/data-" + kind + "-rolling.csv"));
        assertThat(lines.get(1)).startsWith("machine-00," + START + ",1,NaN,0,0");
        assertThat(lines.get(W)).doesNotContain("NaN");
    }

    /**
     * The fleet's entities, the first TRAIN rows of each to train, a spike or broken correlation in
     * each test part, and machine-01's test rows resumed after a two-minute gap.
     */
    private static LabelledSet labelled() {
        List<Injection> incidents =
                List.of(
                        new Injection("machine-00", Kind.SPIKE, 1, 450, 20),
                        new Injection("machine-01", Kind.BROKEN_CORRELATION, 2, 480, 40),
                        new Injection("machine-02", Kind.SPIKE, 0, 500, 20));
        List<LabelledSet.Entity> out = new ArrayList<>();
        for (String entity : ENTITIES) {
            List<Row> rows = FLEET.generate(entity, ROWS, START, 1000, incidents);
            long[] ts = new long[ROWS];
            float[][] values = new float[ROWS][];
            boolean[] train = new boolean[ROWS];
            boolean[] anomaly = new boolean[ROWS];
            boolean[] changepoint = new boolean[ROWS];
            for (int i = 0; i < ROWS; i++) {
                Row r = rows.get(i);
                boolean gap = entity.equals("machine-01") && i >= 350;
                ts[i] = r.ts() + (gap ? 120_000 : 0);
                values[i] = new float[r.values().length];
                for (int f = 0; f < values[i].length; f++) {
                    values[i][f] = (float) r.values()[f];
                }
                train[i] = i < TRAIN;
                anomaly[i] = r.anomalous();
                changepoint[i] = i > 0 && anomaly[i] != rows.get(i - 1).anomalous();
            }
            out.add(
                    new LabelledSet.Entity(
                            new EntityRows(entity, ts, values, train), anomaly, changepoint));
        }
        return new LabelledSet("data", FLEET.featureNames(), out, true);
    }
}
