package dev.residual.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.cli.LocalStack;
import dev.residual.eval.EntityRows;
import dev.residual.eval.JobReplay;
import dev.residual.eval.SyntheticFleet;
import dev.residual.eval.SyntheticFleet.Row;
import dev.residual.model.ModelBundle;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * retrain cuts a windowed bundle's training windows at 10 typical steps of its history (recorded in
 * the bundle: architecture.window_gap_ms, provenance data.windowGapMillis), but the job cuts the
 * served windows at window.max-gap, 10 min by default, whatever the bundle. History at a 15-minute
 * cadence (common for aggregated sensor data) trains a conv bundle, and the job with its defaults
 * then starts a new window at every record: no record ever has a full window, nothing is scored, no
 * incident alerts, and nothing fails.
 */
class WindowGapTest {
    private static final long START = 1_600_000_000_000L;
    private static final long STEP = 15 * 60_000L;

    @TempDir Path dir;

    @Test
    void aWindowedBundleTrainedOnA15MinuteCadenceScoresThatCadenceWithTheJobsDefaults()
            throws Exception {
        SyntheticFleet fleet = new SyntheticFleet(4, 3);
        List<String> entities = SyntheticFleet.entities(2);
        Path csv = dir.resolve("history.csv");
        fleet.writeHistoryCsv(csv, entities, 300, START, STEP);
        Path models = dir.resolve("models");
        assertThat(
                        LocalStack.retrain(
                                csv,
                                models,
                                "--kind",
                                "conv",
                                "--window",
                                "4",
                                "--epochs",
                                "5",
                                "--no-progress"))
                .isZero();
        ModelBundle bundle = ModelBundle.load(models);

        String entity = entities.get(0);
        List<Row> rows = fleet.generate(entity, 200, START + 300 * STEP, STEP, List.of());
        EntityRows replay = entityRows(entity, rows);
        // An incident no model can miss: records 150 to 159 with every feature 20 units off.
        for (int i = 150; i < 160; i++) {
            for (int f = 0; f < replay.rows()[i].length; f++) {
                replay.rows()[i][f] += 20f;
            }
        }

        Set<String> withTheBundlesGap =
                JobReplay.alerts(
                        bundle, settings(models, "--window.max-gap", "3 h"), List.of(replay));
        assertThat(withTheBundlesGap)
                .as("alerts with window.max-gap at the history's")
                .isNotEmpty();

        Set<String> withDefaults = JobReplay.alerts(bundle, settings(models), List.of(replay));
        assertThat(withDefaults).as("alerts with the job's default options").isNotEmpty();
    }

    private static JobSettings settings(Path models, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "--bundle";
        args[1] = models.toString();
        args[2] = "--kafka.bootstrap-servers";
        args[3] = "k:1";
        System.arraycopy(more, 0, args, 4, more.length);
        return JobSettings.from(new Configuration(), JobArguments.parse(args));
    }

    private static EntityRows entityRows(String entity, List<Row> rows) {
        long[] ts = new long[rows.size()];
        float[][] values = new float[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            ts[i] = rows.get(i).ts();
            double[] v = rows.get(i).values();
            values[i] = new float[v.length];
            for (int f = 0; f < v.length; f++) {
                values[i][f] = (float) v[f];
            }
        }
        return new EntityRows(entity, ts, values, new boolean[rows.size()]);
    }
}
