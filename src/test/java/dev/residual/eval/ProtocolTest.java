package dev.residual.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.model.Manifest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The protocol decides what fitting sees: the training rows, never a test row or a label. */
class ProtocolTest {
    @TempDir Path dir;

    private static final Evaluation DENSE =
            new Evaluation(
                    List.of(dev.residual.train.ModelKind.DENSE),
                    null,
                    false,
                    5,
                    3,
                    List.of(),
                    0,
                    false,
                    16,
                    null,
                    dev.residual.train.ScoreKind.RECONSTRUCTION,
                    null,
                    new int[0],
                    0);

    @Test
    void testRowsAndLabelsCannotChangeWhatIsFitted() throws Exception {
        LabelledSet clean =
                Benchmarks.csv(LabelledFleet.write(dir.resolve("a.csv"), 3, 11, false), ',', null);
        LabelledSet scrambled =
                Benchmarks.csv(LabelledFleet.write(dir.resolve("b.csv"), 3, 11, true), ',', null);
        List<DetectorScore> a = DENSE.run(clean, dir.resolve("out-a"), quiet());
        List<DetectorScore> b = DENSE.run(scrambled, dir.resolve("out-b"), quiet());

        Path bundleA = dir.resolve("out-a/bundles/csv-dense");
        Path bundleB = dir.resolve("out-b/bundles/csv-dense");
        assertThat(Files.readAllBytes(bundleB.resolve(Manifest.MODEL_FILE)))
                .isEqualTo(Files.readAllBytes(bundleA.resolve(Manifest.MODEL_FILE)));
        Manifest ma =
                Manifest.fromJson(Files.readAllBytes(bundleA.resolve(Manifest.MANIFEST_FILE)));
        Manifest mb =
                Manifest.fromJson(Files.readAllBytes(bundleB.resolve(Manifest.MANIFEST_FILE)));
        assertThat(mb.calibration.threshold).isEqualTo(ma.calibration.threshold);
        assertThat(mb.scaler.mean).isEqualTo(ma.scaler.mean);
        // The test rows did change, and so did the figures of the evaluation.
        assertThat(b.get(0).f1()).isNotEqualTo(a.get(0).f1());
    }

    @Test
    void detectorsGetNoLabelsAndTheTrainingRowsOnlyTrain() throws Exception {
        LabelledSet set =
                Benchmarks.csv(LabelledFleet.write(dir.resolve("a.csv"), 2, 5, false), ',', null);
        List<double[]> fitted = new ArrayList<>();
        new TrainingRows("t", set.featureNames(), set.unlabelled()).forEachRow(fitted::add);
        assertThat(fitted).hasSize(2 * LabelledFleet.TRAIN_ROWS);
        // EntityRows, what detectors get, has no place for a label.
        assertThat(EntityRows.class.getRecordComponents())
                .extracting(c -> c.getName())
                .containsExactly("name", "ts", "rows", "train");
    }

    @Test
    void skabTrainsOnTheFirstFourHundredRowsOfEachFile() throws Exception {
        Path skab = Files.createDirectories(dir.resolve("skab/valve1"));
        for (String f : List.of("0", "1")) {
            StringBuilder b = new StringBuilder("datetime;x;y;anomaly;changepoint\n");
            for (int i = 0; i < 450; i++) {
                b.append(
                        String.format(
                                "2020-03-09 10:%02d:%02d;%d;%d;%d;%d%n",
                                i / 60, i % 60, i, -i, i >= 420 ? 1 : 0, i == 420 ? 1 : 0));
            }
            Files.writeString(skab.resolve(f + ".csv"), b);
        }
        LabelledSet set = Benchmarks.skab(dir.resolve("skab"));
        assertThat(set.featureNames()).containsExactly("x", "y");
        assertThat(set.entities())
                .extracting(e -> e.rows().name())
                .containsExactly("valve1/0", "valve1/1");
        EntityRows first = set.unlabelled().get(0);
        assertThat(first.trainRows().length).isEqualTo(Benchmarks.SKAB_TRAIN_ROWS);
        assertThat(first.trainRows()[399][0]).isEqualTo(399f);
        assertThat(first.ts()[1] - first.ts()[0]).isEqualTo(1000);
    }

    @Test
    void theThresholdWarmsUpOnTheScoredTrainingRowsOfTheEntityWithFewest() {
        EntityRows a = split("a", 10, 15);
        EntityRows b = split("b", 7, 12);
        assertThat(Evaluation.warmupRecords(List.of(a, b), 0)).isEqualTo(7);
        assertThat(Evaluation.warmupRecords(List.of(a, b), 2)).as("W - 1 unscored").isEqualTo(5);
        // Only training rows before the first test row: a later one is the test part's.
        boolean[] late = new boolean[12];
        late[5] = true;
        EntityRows c = new EntityRows("c", new long[12], new float[12][], late);
        assertThat(Evaluation.warmupRecords(List.of(a, c), 0)).isZero();
    }

    private static EntityRows split(String name, int train, int rows) {
        boolean[] mask = new boolean[rows];
        for (int i = 0; i < train; i++) {
            mask[i] = true;
        }
        return new EntityRows(name, new long[rows], new float[rows][], mask);
    }

    @Test
    void aCsvWithoutSplitNeedsTrainRows() throws Exception {
        Path file = Files.writeString(dir.resolve("x.csv"), "a,label\n1,0\n2,1\n");
        assertThatThrownBy(() -> Benchmarks.csv(file, ',', null))
                .hasMessageContaining("--train-rows")
                .hasMessageContaining("x.csv");
    }

    @Test
    void aBadLabelNamesFileLineAndColumn() throws Exception {
        Path file = Files.writeString(dir.resolve("x.csv"), "a,label\n1,0\n2,7\n");
        assertThatThrownBy(() -> Benchmarks.csv(file, ',', 1))
                .hasMessageContaining("x.csv line 3")
                .hasMessageContaining("'label'");
    }

    @Test
    void normalDataIsCutIntoSlicesThatEachTrainOnTheirHeadAndHaveNoAnomaly() throws Exception {
        StringBuilder b = new StringBuilder("datetime;x;y\n");
        for (int i = 0; i < 25; i++) {
            b.append(String.format("2020-03-09 10:00:%02d;%d;%d%n", i, i, -i));
        }
        Path file = Files.writeString(dir.resolve("anomaly-free.csv"), b);
        LabelledSet set = Benchmarks.normal(file, ';', null, 4, 10);
        // 25 rows: two whole slices of 10, the last 5 rows left out.
        assertThat(set.entities())
                .extracting(e -> e.rows().name())
                .containsExactly("anomaly-free#0", "anomaly-free#1");
        LabelledSet.Entity second = set.entities().get(1);
        assertThat(second.rows().rows()[0][0]).isEqualTo(10f);
        assertThat(second.rows().trainRows()).hasDimensions(4, 2);
        assertThat(second.anomaly()).containsOnly(false);
        PointMetrics allFlagged = PointMetrics.of(second.anomaly(), new boolean[10]);
        assertThat(allFlagged.recall()).isNaN();
        assertThat(allFlagged.farPercent()).isZero();
    }

    @Test
    void normalDataRefusesALabelColumnAndSlicesWithoutTestRows() throws Exception {
        Path labelled = Files.writeString(dir.resolve("l.csv"), "x;label\n1;0\n2;0\n3;1\n");
        assertThatThrownBy(() -> Benchmarks.normal(labelled, ';', null, 1, 2))
                .hasMessageContaining("'label' column");
        Path plain = Files.writeString(dir.resolve("p.csv"), "x\n1\n2\n3\n");
        assertThatThrownBy(() -> Benchmarks.normal(plain, ';', null, 2, 2))
                .hasMessageContaining("--slice-rows 2");
        assertThatThrownBy(() -> Benchmarks.normal(plain, ';', List.of("x"), 1, 5))
                .hasMessageContaining("fewer than --slice-rows 5");
    }

    @Test
    void aBaselineNeedsEachEntitysTrainingRowsFirst() {
        long[] ts = {1, 2, 3, 4};
        float[][] rows = {{1}, {2}, {3}, {4}};
        EntityRows prefix = new EntityRows("a", ts, rows, new boolean[] {true, true, false, false});
        Evaluation.requireTrainingFirst(List.of(prefix));
        EntityRows shuffled =
                new EntityRows("b", ts, rows, new boolean[] {true, false, true, false});
        assertThatThrownBy(() -> Evaluation.requireTrainingFirst(List.of(prefix, shuffled)))
                .hasMessageContaining("--entity-scaling baseline")
                .hasMessageContaining("entity b")
                .hasMessageContaining("row 3");
    }

    private static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }
}
